"""hooks/notebook_render.py: a notebook page renders once, then comes from the cache."""

from types import SimpleNamespace

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
    """Stands for mkdocs-jupyter's render: counts its calls."""

    def __init__(self, page, title=None):
        self.page, self.title, self.calls = page, title, 0

    def __call__(self, config, files):
        self.calls += 1
        self.page.content = "<p>rendered</p>"
        self.page.toc = get_toc(TOKENS)
        if self.title is not None:
            self.page.title = self.title


def page(title="Nav title"):
    return SimpleNamespace(
        file=SimpleNamespace(src_uri="notebooks/small.py"), title=title, content=None, toc=None
    )


def render(entry, title=None, nav_title="Nav title"):
    p = page(nav_title)
    renderer = Renderer(p, title)
    p.render = renderer
    told = []
    notebook_render.cache_render(p, entry, lambda *what: told.append(what))
    p.render(None, None)
    return p, renderer, told


def test_a_page_renders_once_then_comes_from_the_cache(tmp_path):
    entry = tmp_path / "small-key.json"
    first, renderer, told = render(entry)
    assert renderer.calls == 1 and entry.is_file()
    assert told[0][0] == "notebooks/small.py" and told[0][1] >= 0

    second, renderer, told = render(entry)
    assert renderer.calls == 0 and told == [("notebooks/small.py", None)]
    assert second.content == first.content == "<p>rendered</p>"
    assert notebook_render.toc_tokens(second.toc) == TOKENS
    assert second.title == "Nav title"


def test_only_a_title_the_renderer_set_is_kept(tmp_path):
    entry = tmp_path / "small-key.json"
    render(entry, title="From the notebook")
    cached, renderer, _ = render(entry, nav_title="Another nav title")
    assert renderer.calls == 0 and cached.title == "From the notebook"

    other = tmp_path / "other-key.json"
    render(other)  # the renderer left the nav's title
    cached, _, _ = render(other, nav_title="A renamed nav title")
    assert cached.title == "A renamed nav title"


def test_the_key_follows_the_notebook_and_the_options(tmp_path):
    notebook = tmp_path / "small.ipynb"
    notebook.write_text("{}")
    name = notebook_render.entry_name(notebook, {"theme": ""})
    assert name.startswith("small-") and name.endswith(".json")
    assert notebook_render.entry_name(notebook, {"theme": ""}) == name
    assert notebook_render.entry_name(notebook, {"theme": "dark"}) != name
    notebook.write_text('{"cells": []}')
    assert notebook_render.entry_name(notebook, {"theme": ""}) != name


@pytest.mark.parametrize("dist", notebook_render.RENDERER_DISTRIBUTIONS)
def test_every_renderer_distribution_is_installed(dist):
    assert installed_version(dist)
