"""hooks/notebook_render.py: a notebook page renders once, then comes from the cache."""

import subprocess
import sys
from types import SimpleNamespace

import nbformat
import pytest
from mkdocs.structure.toc import get_toc

from hooks import notebook_render
from hooks.build_cache import installed_version

TOKENS = [
    {
        "level": 1,
        "id": "a-notebook",
        "name": "A notebook",
        "children": [{"level": 2, "id": "part", "name": "Part", "children": []}],
    }
]


class Renderer:
    """Stands for mkdocs-jupyter's converter: counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, notebook):
        self.calls += 1
        return "<p>rendered</p>", get_toc(TOKENS)


def page(nav_title="Nav title"):
    return SimpleNamespace(
        file=SimpleNamespace(src_uri="notebooks/small.py", abs_src_path="small.ipynb"),
        title=nav_title,
        content=None,
        toc=None,
    )


def render(entry, nav_title="Nav title"):
    p, renderer, told = page(nav_title), Renderer(), []
    notebook_render.cache_render(p, entry, lambda *what: told.append(what), renderer)
    p.render(None, None)
    return p, renderer, told


def test_a_page_renders_once_then_comes_from_the_cache(tmp_path):
    entry = tmp_path / "small-key.json"
    first, renderer, told = render(entry)
    assert renderer.calls == 1 and entry.is_file()
    assert told[0][0] == "notebooks/small.py" and told[0][1] >= 0

    second, renderer, told = render(entry, nav_title="A renamed nav title")
    assert renderer.calls == 0 and told == [("notebooks/small.py", None)]
    assert second.content == first.content == "<p>rendered</p>"
    assert notebook_render.toc_tokens(second.toc) == TOKENS
    assert second.title == "A renamed nav title"  # the nav's, never the notebook's


def test_mkdocs_jupyter_renders_the_page_and_its_contents(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A notebook\n\n## Part"),
        nbformat.v4.new_code_cell("1 + 1", outputs=[]),
    ]
    path = tmp_path / "small.ipynb"
    nbformat.write(nb, path)
    html, toc = notebook_render.convert(path)
    tokens = notebook_render.toc_tokens(toc)
    assert "jp-Notebook" in html and "1</span> <span" in html
    assert [(t["level"], t["name"]) for t in tokens] == [(1, "A notebook")]
    assert [c["name"] for c in tokens[0]["children"]] == ["Part"]


def test_the_hooks_import_no_converter_until_a_page_needs_it():
    code = (
        "import sys; from hooks import main, notebook_pages, notebook_execution;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('mkdocs_jupyter', 'nbconvert', 'jupytext', 'nbclient')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_key_follows_the_notebook_and_the_options(tmp_path):
    notebook = tmp_path / "small.ipynb"
    notebook.write_text("{}")
    name = notebook_render.entry_name(notebook)
    assert name.startswith("small-") and name.endswith(".json")
    assert notebook_render.entry_name(notebook) == name
    dark = {**notebook_render.OPTIONS, "theme": "dark"}
    assert notebook_render.entry_name(notebook, dark) != name
    notebook.write_text('{"cells": []}')
    assert notebook_render.entry_name(notebook) != name


@pytest.mark.parametrize("dist", notebook_render.RENDERER_DISTRIBUTIONS)
def test_every_renderer_distribution_is_installed(dist):
    assert installed_version(dist)
