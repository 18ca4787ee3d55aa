"""pagecheck.page: the checks see the page the reader sees, or say where they differ."""

from pathlib import Path

from pagecheck.page import read

HERE = Path("docs/small.md")


def page(text: str):
    return read(HERE, text)


def test_math_right_after_a_list_item_is_not_typeset_and_fails_naming_its_line():
    p = page("# P\n\n- item one\n  $$\n  \\frac{d}{dx}\\,2x = 2\n  $$\n")
    assert p.displays == []
    assert p.problems == [
        "docs/small.md:4: this display is not typeset: the reader sees its TeX as text (a "
        "display needs a blank line before it, or the indentation of its list item)"
    ]


def test_math_in_a_list_item_after_a_blank_line_is_typeset_and_checked():
    p = page("# P\n\n- item one\n\n    $$\n    a = b\n    $$\n")
    assert p.problems == []
    assert [(d.line, d.rows) for d in p.displays] == [(5, [(6, "a = b")])]


def test_a_display_on_one_line_is_typeset_but_cannot_be_placed():
    p = page("# P\n\nSome text.\n\n$$a = b$$\n")
    assert p.displays == []
    assert p.problems == [
        "docs/small.md:5: a display is typeset here that the derivation checker cannot "
        "place: write it as $$ on a line of its own, the TeX, $$ on a line of its own"
    ]


def test_inline_tex_left_as_text_fails_naming_its_line():
    p = page("# P\n\nThe slope is \\frac{1}{2} here.\n")
    assert len(p.problems) == 1
    assert p.problems[0].startswith("docs/small.md:3: the reader sees TeX as text (\\frac{1}{2}")


def test_a_doctest_in_a_blockquote_is_a_fence_the_checks_see():
    p = page("# P\n\n> ```pycon\n> >>> 1 + 1\n> 2\n> ```\n")
    assert p.problems == []
    assert [(f.line, f.lang, f.code) for f in p.fences] == [(3, "pycon", ">>> 1 + 1\n2\n")]


def test_a_fence_that_renders_as_text_fails_naming_its_line():
    # Indented four spaces at the top level: an indented code block showing backticks.
    p = page("# P\n\nText.\n\n    ```python\n    x = 1\n    ```\n")
    assert p.fences == []
    assert p.problems[0].startswith("docs/small.md:5: this fence does not render as a code block")


def test_fences_in_admonitions_tabs_and_details_are_seen():
    text = (
        '# P\n\n!!! note\n\n    ```pycon\n    >>> 1\n    1\n    ```\n\n=== "Tab"\n\n'
        '    ```pycon\n    >>> 2\n    2\n    ```\n\n??? info "More"\n\n'
        "    ```pycon\n    >>> 3\n    3\n    ```\n"
    )
    p = page(text)
    assert p.problems == []
    assert [f.line for f in p.fences] == [5, 12, 19]


def test_fences_in_list_items_are_seen():
    text = (
        "# P\n\n1. A step:\n\n    ```pycon\n    >>> 1\n    1\n    ```\n\n"
        "- A point:\n\n    ```pycon\n    >>> 2\n    2\n    ```\n"
    )
    p = page(text)
    assert p.problems == []
    assert [f.line for f in p.fences] == [5, 12]
    # Indented by two spaces only, it still renders as code, and is seen at its line.
    shallow = page("# P\n\n- A point:\n\n  ```pycon\n  >>> 3\n  3\n  ```\n")
    assert [f.line for f in shallow.fences] == [5]


def test_images_come_from_the_rendering_with_their_lines():
    text = "# P\n\n![A plot on [-8, 8], with brackets.](../figures/a-light.svg#only-light)\n"
    (img,) = page(text).images
    assert (img.line, img.alt, img.src) == (
        3,
        "A plot on [-8, 8], with brackets.",
        "../figures/a-light.svg#only-light",
    )
