"""hooks/notebook_download.py: links in the downloaded notebook are absolute."""

import nbformat
import pytest

from hooks import notebook_download

PAGE = "https://example.org/site/notebooks/small/"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[ex](../../exercises/x/)", "[ex](https://example.org/site/exercises/x/)"),
        ("![plot](fig.png)", "![plot](https://example.org/site/notebooks/small/fig.png)"),
        ("[same page](#heading)", "[same page](#heading)"),
        ("[other](https://other.example/a)", "[other](https://other.example/a)"),
        ("[mail](mailto:a@b.c)", "[mail](mailto:a@b.c)"),
        ('[t](../x/ "Title")', '[t](https://example.org/site/notebooks/x/ "Title")'),
        ("[p](<../a b/>)", "[p](<https://example.org/site/notebooks/a b/>)"),
        ("[w](../Set_(maths)/)", "[w](https://example.org/site/notebooks/Set_(maths)/)"),
        ("[[1]](../a/)", "[[1]](https://example.org/site/notebooks/a/)"),
        ("[ref]: ../../mlp/", "[ref]: https://example.org/site/mlp/"),
        ('<a href="../../mlp/">MLP</a>', '<a href="https://example.org/site/mlp/">MLP</a>'),
        (
            "Costs $5 (or [less](../a/)).",
            "Costs $5 (or [less](https://example.org/site/notebooks/a/)).",
        ),
        ("no links (at all) here", "no links (at all) here"),
    ],
)
def test_relative_links_become_absolute(markdown, expected):
    assert notebook_download.absolute_links(markdown, PAGE) == expected


def test_download_changes_markdown_cells_only(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("See [exercise 1](../../exercises/linear-networks/)."),
        nbformat.v4.new_code_cell("s = '[not a link](../x/)'"),
    ]
    path = tmp_path / "small.ipynb"
    nbformat.write(nb, path)
    text = notebook_download.download(path, PAGE)
    cells = nbformat.reads(text, as_version=4).cells
    assert (
        cells[0].source == "See [exercise 1](https://example.org/site/exercises/linear-networks/)."
    )
    assert cells[1].source == "s = '[not a link](../x/)'"
    assert text.endswith("\n")


def test_a_relative_page_address_is_refused(tmp_path):
    path = tmp_path / "small.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    with pytest.raises(ValueError, match="not absolute"):
        notebook_download.download(path, "/notebooks/small/")
