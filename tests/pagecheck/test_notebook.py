"""pagecheck.notebook: a notebook's Markdown, line for line with its script,
and the derivation check of it that pytest collects."""

import subprocess
import sys

from pagecheck import derivations, notebook

SCRIPT = """\
# %% [markdown]
# # A notebook
#
# $$
# \\frac{d}{dx} x^{2} = 3x
# $$

# %%
x = 2  # $$ in code is not math

# %% [markdown]
# $$
# (x + 1)^{2} = x^{2} + 2x + 1
# $$
"""


def test_markdown_keeps_the_script_lines_and_drops_the_code(tmp_path):
    script = tmp_path / "small.py"
    script.write_text(SCRIPT)
    lines = notebook.markdown(script).split("\n")
    assert len(lines) == len(SCRIPT.split("\n"))
    assert lines[1] == "# A notebook" and lines[4] == "\\frac{d}{dx} x^{2} = 3x"
    assert lines[8] == "" and lines[0] == lines[7] == ""


def test_a_wrong_step_in_a_notebook_fails_naming_the_script_line(tmp_path):
    script = tmp_path / "small.py"
    script.write_text(SCRIPT)
    report = derivations.check_page(script, notebook.markdown(script))
    assert report.displays == 2 and len(report.held) == 1
    assert len(report.failures) == 1 and report.failures[0].startswith(f"{script}:5: ")


def test_pytest_collects_the_notebooks_derivations_without_importing_them(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    # pytest-markdown-docs imports .py files to read their docstrings: a
    # notebook's code must not run in the test process.
    code = '\n# %%\nraise RuntimeError("the notebook was imported")\n'
    (docs / "notebooks" / "small.py").write_text(SCRIPT + code)
    (tmp_path / "pytest.ini").write_text("[pytest]\npagecheck_docs = docs\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pagecheck.plugin", "--markdown-docs", "-q", "docs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert "small.py::derivations" in done.stdout and "small.py:5: " in done.stdout
    assert "was imported" not in done.stdout and "1 failed" in done.stdout
