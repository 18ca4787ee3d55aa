"""hooks/typeset.py: every formula of a page typeset into its HTML, math in
headings as plain text in the table of contents and search, TeX errors naming
the page, line and formula."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import Parser
from mkdocs.structure.toc import get_toc

from hooks import typeset
from hooks.mathrender import Cache, NodeMathJax, Renderer, renderer_version
from hooks.typeset import Source, TeXError, typeset_html, typeset_page
from pagecheck.html import raw_tex, soup
from pagecheck.site import new_markdown

PAGE = r"""# The page

Inline \(\tanh(x) = 2\sigma(2x) - 1\) and \(x < 1\), then a display:

$$
\tanh'(x) = 1 - \tanh^{2}(x)
$$

## The derivative \(\tanh'(x)\)

\begin{aligned}
a &= b
\end{aligned}
"""


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    cache = Cache(tmp_path_factory.mktemp("math"), renderer_version())
    renderer = Renderer(cache, NodeMathJax())
    yield renderer
    renderer.node.close()


def render(markdown: str):
    """A page's HTML and table of contents, as the site's Markdown makes them."""
    md = new_markdown()
    html = md.convert(markdown)
    return html, get_toc(md.toc_tokens)


def test_every_formula_is_typeset_and_no_tex_is_left(renderer):
    html, _ = render(PAGE)
    done = typeset_html(html, renderer, Source("docs/page.md")).html
    page = soup(done)
    math = page.find_all(class_="arithmatex")
    assert len(math) == 5
    for element in math:
        container = element.find("mjx-container", recursive=False)
        assert container is not None and container.find("svg") is not None
        assert "data-search-exclude" in container.attrs
    assert "\\(" not in done and "\\[" not in done and "\\begin" not in done
    assert raw_tex(page) == []


def test_inline_and_display(renderer):
    html = (
        '<p>a <span class="arithmatex">\\(x^2\\)</span></p>\n'
        '<div class="arithmatex">\\[\nx^2\n\\]</div>\n'
        '<div class="arithmatex">\\begin{aligned} a &amp;= b \\end{aligned}</div>\n'
        '<p><span class="arithmatex">\\[y\\]</span></p>'
    )
    page = soup(typeset_html(html, renderer, Source("docs/page.md")).html)
    inline, display, environment, spanned = page.find_all(class_="arithmatex")
    assert inline.name == "span" and "display" not in inline.find("mjx-container").attrs
    for block in (display, environment, spanned):
        assert block.find("mjx-container")["display"] == "true"
    # The element that scrolls a wide display takes the focus.
    assert display["tabindex"] == environment["tabindex"] == "0"
    assert "tabindex" not in spanned.attrs and spanned.find("mjx-container")["tabindex"] == "0"
    assert "tabindex" not in inline.attrs and "tabindex" not in inline.find("mjx-container").attrs


def test_each_glyph_is_defined_once_at_the_top_and_every_use_finds_it(renderer):
    html, _ = render(PAGE)
    done = typeset_html(html, renderer, Source("docs/page.md")).html
    assert done.startswith('<svg class="mjx-glyphs" style="display: none" aria-hidden="true"')
    page = soup(done)
    defined = [p["id"] for p in page.find("svg", class_="mjx-glyphs").find_all("path")]
    used = {use["xlink:href"].removeprefix("#") for use in page.find_all("use")}
    assert len(defined) == len(set(defined)) and defined == sorted(defined)
    assert used == set(defined)


def test_plain_text_beside_each_formula(renderer):
    html = '<p><span class="arithmatex">\\(x &lt; 1 \\le \\tanh(x)\\)</span></p>'
    done = typeset_html(html, renderer, Source("docs/page.md"))
    assert done.texts == {"x < 1 \\le \\tanh(x)": "x < 1 ≤ tanh(x)"}
    text = soup(done.html).find(class_="math-text")
    assert text.get_text() == "x < 1 ≤ tanh(x)" and text["aria-hidden"] == "true"
    assert '<span class="math-text" aria-hidden="true">x &lt; 1 ≤ tanh(x)</span>' in done.html


def test_the_same_page_twice_is_the_same_html(renderer):
    html, _ = render(PAGE)
    first = typeset_html(html, renderer, Source("docs/page.md")).html
    assert typeset_html(html, renderer, Source("docs/page.md")).html == first


def test_tex_errors_name_the_page_line_and_formula(renderer, tmp_path):
    source = tmp_path / "broken.md"
    source.write_text("# Broken\n\nFine \\(x\\), then \\(\\frac{1}{\\)\n\n$$\n\\foo{x}\n$$\n")
    html, _ = render(source.read_text())
    with pytest.raises(TeXError) as error:
        typeset_html(html, renderer, Source("docs/broken.md", source))
    message = str(error.value)
    assert "docs/broken.md:3: TeX error in inline formula: Missing close brace" in message
    assert "    \\frac{1}{\n" in message
    assert "docs/broken.md:6: TeX error in display: Undefined control sequence \\foo" in message
    assert "    \\foo{x}\n" in message
    assert "docs/broken.md:3: TeX error" not in message.split("\\frac{1}{")[1]  # once each


def test_math_without_delimiters_is_an_error(renderer):
    html = '<p><span class="arithmatex">x^2</span></p>'
    with pytest.raises(TeXError, match=r"docs/page\.md: math without .* delimiters: x\^2"):
        typeset_html(html, renderer, Source("docs/page.md"))


def test_math_in_a_heading_reads_as_text_in_the_toc_and_in_search(renderer):
    html, toc = render(PAGE)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="page.md"), toc=toc)
    done = typeset_page_with(renderer, html, page)
    (title,) = toc
    assert [item.title for item in title.children] == ["The derivative tanh′(x)"]
    parser = Parser()
    parser.feed(done)
    sections = {"".join(s.title).strip(): "".join(s.text) for s in parser.data}
    assert "The derivative tanh′(x)" in sections
    assert "tanh(x) = 2σ(2x) − 1 and x &lt; 1" in sections["The page"]
    assert "\\" not in "".join(sections) + "".join(sections.values())


def test_notebook_titles_may_hold_math_in_dollars(renderer):
    toc = get_toc(
        [
            {"level": 2, "id": "a", "name": "The $d/2$ bottleneck", "children": []},
            {"level": 2, "id": "b", "name": "Costs $$x^2$$ and \\(y\\)", "children": []},
        ]
    )
    notebook = SimpleNamespace(file=SimpleNamespace(src_uri="notebooks/n.py"), toc=toc)
    typeset_page_with(renderer, "", notebook)
    assert [item.title for item in toc] == ["The d/2 bottleneck", "Costs x² and y"]
    # On a Markdown page a dollar in a title is a dollar.
    toc = get_toc([{"level": 2, "id": "c", "name": "From $5 to $6", "children": []}])
    typeset_page_with(renderer, "", SimpleNamespace(file=SimpleNamespace(src_uri="p.md"), toc=toc))
    assert [item.title for item in toc] == ["From $5 to $6"]


def typeset_page_with(renderer, html: str, page) -> str:
    """typeset_page with ``renderer`` as the one for its cache folder."""
    cache = renderer.cache.folder
    typeset._renderers[cache] = renderer
    try:
        return typeset_page(html, page, Path("docs"), cache).html
    finally:
        del typeset._renderers[cache]


def test_a_warm_build_starts_no_node(tmp_path):
    html, toc = render(PAGE)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="page.md"), toc=toc)
    cache = tmp_path / "math"
    try:
        cold = typeset_page(html, page, Path("docs"), cache).html
        assert typeset._renderers[cache].node.started == 1
        typeset._renderers.pop(cache).node.close()  # a new build: a new process
        page.toc = render(PAGE)[1]  # and the table of contents afresh
        assert typeset_page(html, page, Path("docs"), cache).html == cold
        warm = typeset._renderers[cache]
        assert warm.node.started == 0
        # The page was read whole, and the build that read it keeps its
        # formulas' entries: pruning must not remove them.
        formulas = {p.name for p in cache.glob("*.json")} - {p.name for p in cache.glob("page-*")}
        assert len(formulas) == len(re.findall("arithmatex", html))
        assert len(list(cache.glob("page-*.json"))) == 1
        assert formulas <= warm.cache.used
        assert warm.cache.formulas_used() == len(formulas)
    finally:
        for renderer in typeset._renderers.values():
            renderer.node.close()
        typeset._renderers.clear()


def test_search_reads_plain_text_and_the_written_page_gets_the_svg(renderer):
    html = (
        '<h2>Slope</h2><p>It is <span class="arithmatex">\\(\\tanh(x)\\)</span>.</p>'
        '<div class="arithmatex">\\[\nx = 1\n\\]</div>'
    )
    done = typeset_html(html, renderer, Source("docs/page.md"))
    assert "<svg" not in done.indexed and "tanh(x)" in done.indexed
    written = f"<html><body><article>{done.indexed}</article></body></html>"
    assert done.fill(written) == f"<html><body><article>{done.html}</article></body></html>"
    assert "<!--math" not in done.fill(written)
