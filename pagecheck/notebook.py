"""A companion notebook's Markdown, as the checks read it.

A notebook is a jupytext percent-format script, ``docs/notebooks/NAME.py``:
its Markdown cells are comment lines (``# text``) after a ``# %% [markdown]``
line. :func:`markdown` gives that Markdown line for line with the script,
every other line blank, so that what the checks report about it (a display's
line, say) is a line of the script.
"""

from __future__ import annotations

from pathlib import Path

CELL = "# %%"
MARKDOWN_CELL = "[markdown]"


def markdown(path: Path) -> str:
    """The Markdown cells of the notebook script at ``path``, at their own
    lines; code cells and cell markers become blank lines."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out = [""] * len(lines)
    in_markdown = False
    for number, line in enumerate(lines):
        if line.startswith(CELL):
            in_markdown = MARKDOWN_CELL in line
        elif in_markdown and (line == "#" or line.startswith("# ")):
            out[number] = line[2:]
    return "\n".join(out)


def notebooks(docs: Path) -> list[Path]:
    """The notebook scripts of the site, sorted."""
    return sorted((docs / "notebooks").glob("*.py"))
