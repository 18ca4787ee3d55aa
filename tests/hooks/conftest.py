"""Fixtures of the hooks' tests: small projects in temporary folders, so no
test writes to or prunes the project's own .cache/."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from pagecheck.paths import ROOT, SNIPPETS

SNIPPET = """\
import matplotlib.pyplot as plt


def draw():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, {slope}])
    return fig


if __name__ == "__main__":
    from plotting import main

    main({{"{name}": draw}})
"""

NOTEBOOK = """\
# %% [markdown]
# # A notebook
#
# With math: $x^2$, and [the home page](../../).

# %%
x = {value}
print(x + 1)
"""

CONFIG = """\
site_name: Small
site_url: https://example.org/small/
strict: true
hooks:
  - {hook}
markdown_extensions:
  - pymdownx.snippets:
      base_path: [snippets]
nav:
  - Home: index.md
  - Small notebook: notebooks/small.py
"""


def write_snippet(snippets: Path, name: str, slope: float = 1):
    (snippets / f"{name}.py").write_text(SNIPPET.format(name=name, slope=slope))


@pytest.fixture
def snippets_project(tmp_path):
    """A snippets folder with the site's plotting module and two snippets, and
    a cache folder."""
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    shutil.copy(SNIPPETS / "plotting.py", snippets)
    for name in ("one", "two"):
        write_snippet(snippets, name)
    return snippets, tmp_path / "cache"


@pytest.fixture
def notebooks_project(tmp_path):
    """A docs folder with one small notebook (no torch: quick to execute)."""
    folder = tmp_path / "docs" / "notebooks"
    folder.mkdir(parents=True)
    (folder / "small.py").write_text(NOTEBOOK.format(value=1))
    return tmp_path / "docs", tmp_path / "cache"


def small_site(folder: Path) -> Path:
    """A whole small site using the project's hook: a page showing a figure
    from ``snippets/one.py`` and a notebook page."""
    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(CONFIG.format(hook=ROOT / "hooks" / "main.py"))
    snippets = folder / "snippets"
    snippets.mkdir()
    shutil.copy(SNIPPETS / "plotting.py", snippets)
    write_snippet(snippets, "one")
    docs = folder / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "notebooks" / "small.py").write_text(NOTEBOOK.format(value=1))
    (docs / "index.md").write_text(
        textwrap.dedent("""\
            # Small

            ![A line](figures/one-light.svg)
            ![A line](figures/one-dark.svg)
            """)
    )
    return folder


def served_site(tmp_path: Path) -> Path:
    """A small site whose page ``code.md`` shows a section of snippets/one.py,
    and whose every page gets ``links.md`` appended."""
    site = small_site(tmp_path / "small")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace(
            "      base_path: [snippets]",
            "      base_path:\n        - !relative $config_dir/snippets\n"
            "        - !relative $config_dir/docs/includes\n"
            "      auto_append: [links.md]\n"
            "      check_paths: true",
        )
        .replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.superfences\n")
        + "exclude_docs: includes/\n"
    )
    text = (site / "snippets" / "one.py").read_text()
    (site / "snippets" / "one.py").write_text(
        text.replace("def draw():", "# --8<-- [start:draw]\ndef draw():", 1).replace(
            "    return fig\n", "    return fig\n# --8<-- [end:draw]\n", 1
        )
    )
    (site / "docs" / "includes").mkdir()
    (site / "docs" / "includes" / "links.md").write_text("[home]: index.md\n")
    (site / "docs" / "code.md").write_text('# Code\n\n```python\n--8<-- "one.py:draw"\n```\n')
    config.write_text(
        config.read_text().replace("  - Home: index.md", "  - Home: index.md\n  - Code: code.md")
    )
    return site
