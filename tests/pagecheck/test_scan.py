"""pagecheck.scan: fences and displays found in the source, with their lines."""

from pathlib import Path

from pagecheck.scan import displays, fences, parse_info, strip_prefix

PAGE = """\
# Title

```{.python title="a.py"}
x = 1
```

!!! note

    ```{.python notest}
    y = 2
    ```

=== "Tab"

    ```pycon
    >>> 1 + 1
    2
    ```

> ```pycon
> >>> 2 + 2
> 4
> ```

- item

    $$
    a = b % nocheck: words
    $$
"""


def test_fences_at_every_depth_blockquotes_included():
    found = fences(Path("p.md"), PAGE)
    assert [(f.line, f.lang, f.code) for f in found] == [
        (3, "python", "x = 1\n"),
        (9, "python", "y = 2\n"),
        (15, "pycon", ">>> 1 + 1\n2\n"),
        (20, "pycon", ">>> 2 + 2\n4\n"),
    ]
    assert found[1].options == {"notest"}


def test_a_fence_inside_a_fence_is_code_not_a_fence():
    text = "````markdown\n```python\nx = 1\n```\n````\n"
    assert [(f.line, f.lang) for f in fences(Path("p.md"), text)] == [(1, "markdown")]


def test_displays_keep_lines_and_comments():
    (display,) = displays(Path("p.md"), PAGE)
    assert display.line == 27
    assert display.rows == [(28, "a = b ")]
    assert display.comments == [(28, " nocheck: words")]


def test_parse_info_both_syntaxes():
    assert parse_info("python notest") == ("python", {"notest"})
    assert parse_info('{.python notest title="snippets/a b.py"}') == (
        "python",
        {"notest", 'title="snippets/a b.py"'},
    )
    assert parse_info("") == (None, set())


def test_strip_prefix_of_nested_containers():
    assert strip_prefix("> >>> 1", "> ") == ">>> 1"
    assert strip_prefix("    x = 1", "    ") == "x = 1"
    assert strip_prefix(">     x", ">     ") == "x"
