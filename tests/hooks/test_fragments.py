"""hooks/fragments.py: Markdown a snippet writes, inserted where its page says."""

import pytest

from hooks import fragments


def test_a_marker_line_is_replaced_by_its_fragment(tmp_path):
    table = tmp_path / "table.md"
    table.write_text("| a | b |\n|---|---|\n| 1 | 2 |\n")
    page = "# Page\n\n<!-- insert: table.md -->\n\nAfter.\n"
    assert fragments.names(page) == ["table.md"]
    assert fragments.insert(page, {"table.md": table}, "docs/page.md") == (
        "# Page\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n"
    )


def test_a_marker_inside_a_line_is_left_alone(tmp_path):
    page = "Text <!-- insert: table.md --> text.\n"
    assert fragments.names(page) == []
    assert fragments.insert(page, {}, "docs/page.md") == page


def test_a_missing_fragment_names_the_page_line_and_what_there_is(tmp_path):
    page = "# Page\n\n<!-- insert: tabel.md -->\n"
    with pytest.raises(fragments.FragmentError) as failed:
        fragments.insert(page, {"table.md": tmp_path / "table.md"}, "docs/page.md")
    assert str(failed.value) == (
        "docs/page.md:3: inserts tabel.md, which no snippet wrote (there are ['table.md']); "
        "a snippet writes NAME.md beside its figures"
    )
