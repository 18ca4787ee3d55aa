"""pagecheck.checks: figures, alt text and fence coverage, read from the rendering."""

from pagecheck import checks
from pagecheck.page import read

LIGHT = "![A plot on [-8, 8].](../figures/a-light.svg#only-light)"
DARK = "![A plot on [-8, 8].](../figures/a-dark.svg#only-dark)"


def problems_of(tmp_path, body):
    page = tmp_path / "p.md"
    page.write_text("# P\n\n" + body)
    return checks.image_problems(read(page).images), page


def test_a_figure_with_brackets_in_its_alt_text_and_both_variants_passes(tmp_path):
    problems, _ = problems_of(tmp_path, f"{LIGHT}\n{DARK}\n")
    assert problems == []


def test_a_missing_dark_variant_is_caught(tmp_path):
    problems, page = problems_of(tmp_path, f"{LIGHT}\n")
    assert problems == [
        f"{page}:3: ../figures/a-light.svg#only-light has no dark twin "
        "(../figures/a-dark.svg#only-dark): readers of the dark palette would see no figure"
    ]


def test_a_missing_alt_text_is_caught_without_a_false_twin_message(tmp_path):
    problems, page = problems_of(tmp_path, f"{LIGHT}\n{DARK.replace('A plot on [-8, 8].', '')}\n")
    assert problems == [f"{page}:4: image ../figures/a-dark.svg#only-dark has no alt text"]


def test_a_variant_shown_in_the_wrong_palette_is_caught(tmp_path):
    problems, page = problems_of(tmp_path, LIGHT.replace("#only-light", "#only-dark") + "\n")
    assert problems == [
        f"{page}:3: a figure is shown as NAME-light.svg#only-light and NAME-dark.svg#only-dark, "
        "not ../figures/a-light.svg#only-dark"
    ]


def test_python_fences_that_nothing_runs_are_caught(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(
        "# P\n\n```python\nx = 1\n```\n\n!!! note\n\n    ```python\n    y = 2\n    ```\n\n"
        "> ```python\n> z = 3\n> ```\n\n```{.python notest}\nw = 4\n```\n"
    )
    problems = checks.unrun_fences(page)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{page}:9"]
    assert "this python fence is never run" in problems[0]


def test_every_snippet_is_shown_by_the_page_named_after_it():
    assert checks.snippet_problems() == []


def test_a_snippet_without_its_page_is_caught(tmp_path):
    snippets, docs = tmp_path / "snippets", tmp_path / "docs"
    snippets.mkdir()
    docs.mkdir()
    (snippets / "lonely.py").write_text('x = 1\nif __name__ == "__main__":\n    pass\n')
    (snippets / "helper.py").write_text("y = 2\n")  # a module: needs no page
    assert checks.snippet_problems(snippets, docs) == [
        f"{snippets}/lonely.py: no page named lonely.md",
        f"{snippets}/lonely.py: no page includes any section of it",
    ]


def test_control_characters_in_the_source_are_caught(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# P\n\nThe slope \\(2 \x07pprox 3\\).\n")
    assert checks.control_characters(page, page.read_text()) == [
        f"{page}:3: control character '\\x07' in the source (a TeX command such as \\text "
        "or \\approx written through a Python string without r?)"
    ]
