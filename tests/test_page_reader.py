"""The page reader finds what the other tests rely on it to find."""

from hooks.includes import check_page, sections
from pagecheck.page import fences, parse_info

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
"""


def test_fences_at_every_depth(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(PAGE)
    found = fences(page)
    assert [(f.line, f.lang, f.code) for f in found] == [
        (3, "python", "x = 1\n"),
        (9, "python", "y = 2\n"),
        (15, "pycon", ">>> 1 + 1\n2\n"),
    ]
    assert found[1].options == {"notest"}


def test_parse_info_both_syntaxes():
    assert parse_info("python notest") == ("python", {"notest"})
    assert parse_info('{.python notest title="snippets/a b.py"}') == (
        "python",
        {"notest", 'title="snippets/a b.py"'},
    )
    assert parse_info("") == (None, set())


def test_unpaired_sections_are_reported(tmp_path):
    snippet = tmp_path / "s.py"
    snippet.write_text(
        "# --8<-- [start:a]\nx = 1\n# --8<-- [end:a]\n# --8<-- [start:b]\ny = 2\n# --8<-- [end:c]\n"
    )
    names, problems = sections(snippet)
    assert names == {"a": 1}
    assert any("'b' starts but never ends" in p for p in problems)
    assert any("'c' ends without a start" in p for p in problems)


def test_includes_of_missing_files_and_sections_name_the_line(tmp_path):
    (tmp_path / "s.py").write_text("# --8<-- [start:a]\nx = 1\n# --8<-- [end:a]\n")
    page = tmp_path / "p.md"
    page.write_text('# P\n\n--8<-- "s.py:a"\n--8<-- "s.py:b"\n--8<-- "t.py:a"\n')
    assert check_page(page, "docs/p.md", [tmp_path]) == [
        "docs/p.md:4: includes section 'b' of s.py, which has only ['a']",
        "docs/p.md:5: includes 't.py', which does not exist",
    ]
