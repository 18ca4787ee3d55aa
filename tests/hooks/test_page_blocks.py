"""hooks/page_blocks.py: tables wrapped as Material's script wraps them, and
the blocks past the first screen marked to be drawn near the viewport."""

import re

import markdown
import pytest

from hooks.page_blocks import (
    DEFERRED,
    FIRST_SCREEN,
    LAST_DRAWN,
    NOTEBOOK,
    TABLE_CLASS,
    TABLE_WRAPPER,
    prepare,
)
from pagecheck.site import ROOT, settings

TABLE = "<table>\n<tr><td>1</td></tr>\n</table>"


def marked(html: str) -> list[str]:
    """The tags of the top-level blocks, each with ``*`` if deferred."""
    starts = re.findall(r"^<(\w+)([^>]*)>", html, re.M)
    return [f"{tag}{'*' if DEFERRED in attrs else ''}" for tag, attrs in starts]


def test_a_table_is_wrapped_and_given_the_class_material_skips():
    assert prepare(f"<p>a</p>\n{TABLE}\n") == (
        f'<p>a</p>\n{TABLE_WRAPPER}<table class="{TABLE_CLASS}">\n'
        "<tr><td>1</td></tr>\n</table></div></div>\n"
    )


def test_nested_tables_and_tables_in_other_blocks_are_wrapped_too():
    html = prepare(
        f"<details><summary>s</summary>\n<table><tr><td>{TABLE}</td></tr></table>\n</details>"
    )
    assert html.count(TABLE_WRAPPER) == 2
    assert html.count(f'<table class="{TABLE_CLASS}">') == 2
    assert html.endswith("</table></div></div></td></tr></table></div></div>\n</details>")


def test_offsets_hold_past_characters_other_line_splitters_break_at():
    html = "<p>a\u2028b\x0cc\r\nd</p>\n<table><tr><td>1</td></tr></table>"
    assert prepare(html).startswith(f"<p>a\u2028b\x0cc\r\nd</p>\n{TABLE_WRAPPER}<table class=")


def test_a_table_with_a_class_is_left_alone():
    html = '<table class="dataframe"><tr><td>1</td></tr></table>'
    assert prepare(html) == html


def test_a_short_page_is_drawn_whole():
    html = "".join(f"<p>{i}</p>\n" for i in range(FIRST_SCREEN + LAST_DRAWN))
    assert prepare(html) == html


def test_only_blocks_past_the_first_screen_and_before_the_last_few_are_deferred():
    count = FIRST_SCREEN + LAST_DRAWN + 2
    paragraphs = [f"<p>{i}<br>x<img src='a.png'/></p>" for i in range(count)]
    blocks = ["<h2>h</h2>", *paragraphs]
    blocks[FIRST_SCREEN + 1] = "<h3>not deferred: a heading</h3>"
    blocks[FIRST_SCREEN + 2] = "<table><tr><td>1</td></tr></table>"
    html = prepare("\n".join(blocks))
    expected = ["h2"] + ["p"] * (FIRST_SCREEN - 1) + ["p*", "h3", "div*"] + ["p"] * LAST_DRAWN
    assert marked(html) == expected
    assert f'<div {DEFERRED} class="md-typeset__scrollwrap">' in html


def test_a_missing_end_tag_closes_like_a_browser_and_a_stray_one_is_ignored():
    html = "</span>" + "".join(f"<ul><li>{i}</ul>\n" for i in range(FIRST_SCREEN + LAST_DRAWN + 1))
    assert marked(prepare(html)).count("ul*") == 1


def test_on_a_notebook_page_the_cells_are_the_blocks():
    cells = "".join(f'<div class="jp-Cell"><div><p>{i}</p></div></div>\n' for i in range(30))
    notebook = f'<div class="jupyter-wrapper">\n<div class="{NOTEBOOK} x">\n{cells}</div></div>'
    html = prepare(f"<script>x</script>\n{notebook}")
    assert html.count(f'<div {DEFERRED} class="jp-Cell">') == 30 - FIRST_SCREEN - LAST_DRAWN
    assert html.count(DEFERRED) == 30 - FIRST_SCREEN - LAST_DRAWN


@pytest.fixture(scope="module")
def site_markdown():
    s = settings()
    return markdown.Markdown(extensions=list(s.extensions), extension_configs=dict(s.configs))


def test_a_real_page_keeps_its_text(site_markdown):
    source = ROOT / "docs" / "activations" / "gelu.md"
    html = site_markdown.convert(source.read_text(encoding="utf-8"))
    done = prepare(html)
    assert "<table>" in html and "<table>" not in done
    unmarked = done.replace(f" {DEFERRED}", "").replace(f' class="{TABLE_CLASS}"', "")
    assert unmarked.replace(TABLE_WRAPPER, "").replace("</table></div></div>", "</table>") == html
    assert done.count(DEFERRED) > 10
