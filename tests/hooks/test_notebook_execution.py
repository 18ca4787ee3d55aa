"""hooks/notebook_execution.py: which notebooks execute, what is cached, and
what a failure says."""

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from hooks import notebook_execution
from pagecheck.paths import DOCS, ROOT
from tests.hooks.conftest import NOTEBOOK

RAISING = """\
# %% [markdown]
# # Raises

# %%
y = 1

# %%
def f():
    return 1 / 0


f()
"""


def prepare(docs_dir, cache, **options):
    log = []
    runs = notebook_execution.prepare(docs_dir, cache, log=log.append, **options)
    return runs, log


def outputs(path: Path) -> list:
    cells = nbformat.read(path, as_version=4).cells
    return [out for cell in cells if cell.cell_type == "code" for out in cell.outputs]


def printed(runs, src_uri="notebooks/small.py") -> list:
    return [out.get("text") for out in outputs(runs.notebooks[src_uri])]


def test_key_follows_the_source(notebooks_project):
    docs_dir, _ = notebooks_project
    source = docs_dir / "notebooks" / "small.py"
    name = notebook_execution.entry_name(source)
    assert name.startswith("small-")
    assert notebook_execution.entry_name(source) == name
    assert notebook_execution.entry_name(source, executed=False) != name
    source.write_text(NOTEBOOK.format(value=2))
    assert notebook_execution.entry_name(source) != name


def test_unchanged_notebook_is_not_executed_again(notebooks_project):
    docs_dir, cache = notebooks_project
    runs, log = prepare(docs_dir, cache)
    assert len(log) == 1 and re.fullmatch(r"notebooks/small\.py: executed in [\d.]+ s", log[0])
    assert list(runs.executed) == ["notebooks/small.py"] and runs.cached == []
    executed = runs.notebooks["notebooks/small.py"]
    assert executed.name == "small.ipynb"
    assert runs.entries == {executed.parent.name}
    assert printed(runs) == ["2\n"]

    runs, log = prepare(docs_dir, cache)
    assert log == []  # the build's summary line counts what was cached
    assert runs.executed == {} and runs.cached == ["notebooks/small.py"]
    assert runs.notebooks["notebooks/small.py"] == executed

    (docs_dir / "notebooks" / "small.py").write_text(NOTEBOOK.format(value=5))
    runs, log = prepare(docs_dir, cache)
    assert log[0].startswith("notebooks/small.py: executed in ")
    assert printed(runs) == ["6\n"]
    # The stale entry stays until the build prunes what it did not use.
    assert executed.parent.is_dir() and executed.parent.name not in runs.entries


def test_executed_notebook_is_identical_on_every_run(notebooks_project):
    docs_dir, cache = notebooks_project

    def executed_bytes():
        return prepare(docs_dir, cache)[0].notebooks["notebooks/small.py"].read_bytes()

    first = executed_bytes()
    shutil.rmtree(cache)
    assert executed_bytes() == first


def test_without_execution_the_notebook_has_no_outputs(notebooks_project):
    docs_dir, cache = notebooks_project
    runs, log = prepare(docs_dir, cache, execute_cells=False)
    assert log == [] and runs.not_executed == ["notebooks/small.py"]
    assert outputs(runs.notebooks["notebooks/small.py"]) == []
    # An executed build afterwards still executes: the two are cached apart.
    assert prepare(docs_dir, cache)[1][0].startswith("notebooks/small.py: executed in ")


def test_raising_cell_names_the_notebook_line_and_cell(notebooks_project):
    docs_dir, cache = notebooks_project
    source = docs_dir / "notebooks" / "broken.py"
    source.write_text(RAISING)
    with pytest.raises(notebook_execution.NotebookError) as failure:
        prepare(docs_dir, cache)
    message = str(failure.value)
    line = RAISING.splitlines().index("    return 1 / 0") + 1  # the deepest frame
    expected = f"broken.py:{line}: cell 3 raised ZeroDivisionError: division by zero"
    assert expected in message
    assert "\x1b[" not in message  # no terminal colours
    assert not list(cache.glob("broken-*"))  # nothing cached for it
    assert list(cache.glob("small-*"))  # the other notebook was published
    assert list(failure.value.runs.executed) == ["notebooks/small.py"]  # for the build's report


def test_math_the_page_would_show_as_text_stops_before_execution(notebooks_project):
    docs_dir, cache = notebooks_project
    source = docs_dir / "notebooks" / "small.py"
    source.write_text(source.read_text().replace("With math: $x^2$", "With math: \\(x^2\\)"))
    with pytest.raises(notebook_execution.NotebookError) as failure:
        prepare(docs_dir, cache)
    assert str(failure.value).startswith(
        f"{source}:4: '\\\\(x^2\\\\)' would show as text: nbconvert's Markdown reads"
    )
    assert not list(cache.glob("small-*"))


def test_allow_errors_renders_the_error_instead(notebooks_project):
    docs_dir, cache = notebooks_project
    (docs_dir / "notebooks" / "broken.py").write_text(RAISING)
    runs, _ = prepare(docs_dir, cache, allow_errors=True)
    broken = runs.notebooks["notebooks/broken.py"]
    assert [out.output_type for out in outputs(broken)] == ["error"]


@pytest.mark.slow
def test_every_notebook_executes_without_error(tmp_path):
    """On a copy of the project's cache: only notebooks changed since its last build run."""
    cache = tmp_path / "notebooks"
    if (ROOT / ".cache" / "notebooks").is_dir():
        shutil.copytree(ROOT / ".cache" / "notebooks", cache)
    runs, _ = prepare(DOCS, cache)
    assert set(runs.notebooks) == {f"notebooks/{p.name}" for p in (DOCS / "notebooks").glob("*.py")}
    for src_uri, path in runs.notebooks.items():
        kinds = {out.output_type for out in outputs(path)}
        assert "error" not in kinds, src_uri
        assert "stream" in kinds, f"{src_uri} printed nothing"
