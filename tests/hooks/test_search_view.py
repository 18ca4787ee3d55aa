"""hooks/search_view.py: search reads a page's code blocks without their
highlighting, indexes exactly what it would have, and the written page gets
the highlighted blocks back."""

import markdown
import pytest
from material.plugins.search.plugin import Parser

from hooks.search_view import PRE, search_view
from pagecheck.site import ROOT, settings


def sections(html: str) -> list[tuple]:
    """What Material's search indexes of ``html``: each section's id, title and text."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data]


@pytest.fixture(scope="module")
def site_markdown():
    """Markdown converted as the site converts it, code coloured by Pygments."""
    s = settings()
    return markdown.Markdown(extensions=list(s.extensions), extension_configs=dict(s.configs))


@pytest.mark.parametrize("page", ["activations/tanh.md", "exercises/linear-networks.md"])
def test_search_indexes_the_same_and_the_page_is_unchanged(site_markdown, page):
    html = site_markdown.reset().convert((ROOT / "docs" / page).read_text(encoding="utf-8"))
    view = search_view(html)
    assert view.blocks, f"{page} has no code block to test with"
    assert not [m for m in PRE.finditer(view.html) if "<span" in m[0] or "<a " in m[0]]
    assert sections(view.html) == sections(html)
    assert view.fill(view.html) == html
    assert len(view.html) < len(html) / 2


def test_a_page_without_code_is_left_as_it_is():
    html = "<h2 id='a'>A</h2><p>Some <span>text</span> and <a href='#a'>a link</a>.</p>"
    view = search_view(html)
    assert (view.html, view.blocks) == (html, [])
    assert view.fill(html) == html
