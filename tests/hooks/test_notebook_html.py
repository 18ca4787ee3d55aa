"""hooks/notebook_html.py: what the rendered pages keep of mkdocs-jupyter's output."""

import re

import jupytext
import pytest
from mkdocs_jupyter import convert

from hooks import notebook_html, notebook_render
from tests.hooks.conftest import NOTEBOOK


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """What mkdocs-jupyter itself renders for a small notebook."""
    folder = tmp_path_factory.mktemp("render")
    source = folder / "small.py"
    source.write_text(NOTEBOOK.format(value=1) + "\n# %%\n# $not math$ in a comment\n")
    return convert.nb2html(str(source), **notebook_render.OPTIONS)  # as the build calls it


SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def test_cdn_scripts_are_removed_and_nothing_else(rendered):
    assert "cdnjs.cloudflare.com" in rendered
    assert '<script src="">' in rendered
    stripped = notebook_html.strip_remote_scripts(rendered)
    removed = [s for s in SCRIPT.findall(rendered) if s not in SCRIPT.findall(stripped)]
    assert len(removed) == 3
    assert '<script src="">' in removed[0]
    assert "x-mathjax-config" in removed[1]
    assert "mermaid" in removed[2] and "cdnjs.cloudflare.com" in removed[2]
    assert "cdnjs" not in stripped and "mathjax" not in stripped.lower()
    assert len(SCRIPT.findall(stripped)) == 2  # the copy buttons' own scripts
    # Outside scripts and comments, the page is untouched.
    bare = re.compile(r"<script\b.*?</script>|<!--.*?-->|\s+", re.S)
    assert bare.sub("", stripped) == bare.sub("", rendered)


def test_styles_are_extracted(rendered):
    html, styles = notebook_html.extract_styles(rendered)
    assert "<style" not in html
    assert sum(map(len, styles)) > 500_000  # mkdocs-jupyter's JupyterLab CSS
    assert len(html) < 50_000


def test_markdown_math_becomes_arithmatex_markup(rendered):
    html = notebook_html.arithmatex(rendered)
    assert '<span class="arithmatex">\\(x^2\\)</span>' in html
    assert "$not math$" in html  # in a code cell: left alone


def test_arithmatex_inline_display_and_code():
    cell = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" data-mime-type="text/markdown">'
    html = (
        cell + "<p>a $x &lt; 1$ b</p>\n<p>$$\n\\frac{a}{b}\n$$</p>\n"
        "<p>c <code>$5 and $6</code> d</p></div>"
    )
    assert notebook_html.arithmatex(html) == (
        cell + '<p>a <span class="arithmatex">\\(x &lt; 1\\)</span> b</p>\n'
        '<div class="arithmatex">\\[\n\\frac{a}{b}\n\\]</div>\n'
        "<p>c <code>$5 and $6</code> d</p></div>"
    )
    output = '<div class="jp-RenderedText"><pre>$1 and $2</pre></div>'
    assert notebook_html.arithmatex(output) == output


def test_images_get_the_alt_text_of_their_cell():
    def cell(cell_id, body):
        return f'<div class="jp-Cell" id="cell-id={cell_id}">{body}</div>'

    image = f'<img {notebook_html.PLACEHOLDER_ALT} src="data:image/png;base64,AA">'
    html = cell("cell2", image) + cell("cell3", image)
    assert notebook_html.image_alt_text(html, {"cell3": 'A line & a "dot"'}) == (
        cell("cell2", image)
        + cell(
            "cell3",
            image.replace(notebook_html.PLACEHOLDER_ALT, 'alt="A line &amp; a &quot;dot&quot;"'),
        )
    )


def test_fit_does_all_of_it_and_adds_the_download_button(rendered):
    html, styles = notebook_html.fit(rendered, {}, "small.ipynb")
    assert html.startswith('<a href="small.ipynb" download ')
    assert 'title="Download small.ipynb"' in html.split("</a>", 1)[0]
    assert "<style" not in html and styles
    assert "cdnjs" not in html and '<span class="arithmatex">' in html
    assert "jp-RenderedMarkdown" in notebook_html.classes_in(html)
    assert "a-notebook" in notebook_html.anchor_ids(html)  # the heading's anchor


def test_a_bare_environment_is_display_math_as_in_jupyter():
    # nbconvert keeps a bare \begin{…} … \end{…} as text, whole paragraph or not
    cell = (
        '<div class="jp-RenderedMarkdown"><p>\\begin{aligned}\na &amp;= b\n\\end{aligned}</p>'
        "<p>Then \\begin{cases} 1 &amp; x \\end{cases}, and $$\\begin{aligned}y\\end{aligned}$$"
        "</p><pre><code>\\begin{aligned}code\\end{aligned}</code></pre></div>"
    )
    assert notebook_html.arithmatex(cell) == (
        '<div class="jp-RenderedMarkdown"><div class="arithmatex">\\begin{aligned}\n'
        "a &amp;= b\n\\end{aligned}</div>"
        '<p>Then <span class="arithmatex">\\[\\begin{cases} 1 &amp; x \\end{cases}\\]</span>, '
        'and <span class="arithmatex">\\[\\begin{aligned}y\\end{aligned}\\]</span></p>'
        "<pre><code>\\begin{aligned}code\\end{aligned}</code></pre></div>"
    )


def test_backslash_delimiters_in_a_markdown_cell_are_found_with_their_line(tmp_path):
    source = tmp_path / "n.py"
    source.write_text(
        "# %% [markdown]\n# Some \\(x^2\\) here, `\\(code\\)` not,\n# and\n# \\[\n# y\n# \\]\n"
        "\n# %%\nx = '\\\\(not markdown\\\\)'\n"
    )
    cells = jupytext.read(source).cells
    assert notebook_html.unrendered_math(cells, source.read_text()) == [
        (2, "\\(x^2\\)"),
        (4, "\\[\ny\n\\]"),
    ]
