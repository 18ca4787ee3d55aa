r"""pagecheck/derivations/chains.py: a display's rows as chains of relations,
each term with its page line."""

import pytest

from pagecheck.derivations.chains import chains
from pagecheck.derivations.errors import Unreadable
from tests.derivations.helpers import TANH, check, display, only_failure


def test_a_right_chain_passes(tmp_path):
    report, _ = check(tmp_path, TANH)
    assert report.failures == []
    labels = [f"step {i} → {i + 1}" for i in range(1, 6)]
    assert [s.label for s in report.steps] == labels
    assert {s.method for s in report.steps} == {"symbolic"}
    lines = [s.where.rsplit(":", 1)[1] for s in report.steps]
    assert lines == ["5", "6", "7", "8", "8"]


def test_rows_continue_a_chain_and_a_comma_starts_another():
    rows = [(2, r"\begin{aligned}"), (3, r"a &= b \\"), (4, r"&< c, \qquad d = e"),
            (5, r"\end{aligned}")]  # fmt: skip
    first, second = chains(rows, {}, 1)
    assert [t.tex for t in first.terms] == ["a", "b", "c"]
    assert [t.line for t in first.terms] == [3, 3, 4]
    assert first.relations == ["=", "<"]
    # leading spacing stays in the term; the TeX reader ignores it
    assert [t.tex for t in second.terms] == [r"\qquad d", "e"] and second.relations == ["="]


def test_a_wrong_marker_marks_the_first_step_ending_on_its_row():
    rows = [(2, r"\begin{aligned}"), (3, r"a &= b \\"), (4, r"&= c = d"), (5, r"\end{aligned}")]
    (chain,) = chains(rows, {4: "at x = 0"}, 1)
    assert chain.wrong == [None, "at x = 0", None]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([(2, r"&= b")], "a row starts with a relation but no chain precedes it"),
        ([(2, r"a = ")], "nothing after '='"),
        ([(2, r"\begin{aligned} a &= b")], r"\begin{aligned} without \end"),
    ],
)
def test_rows_that_are_not_chains_are_unreadable(rows, message):
    with pytest.raises(Unreadable) as caught:
        chains(rows, {}, 1)
    assert str(caught.value) == message


def test_a_row_that_starts_with_an_operator_continues_the_term_above(tmp_path):
    report, _ = check(
        tmp_path,
        display(
            r"\begin{aligned}",
            r"(1 + x)^2 &= 1 + 2x",
            r"&\quad + x^2 \\",
            r"&= x^2 + 2x + 1",
            r"\end{aligned}",
        ),
    )
    assert report.failures == []
    assert [s.label for s in report.steps] == ["step 1 → 2", "step 2 → 3"]
    # a wrong continuation is the term's, and fails it
    report, _ = check(
        tmp_path,
        display(r"\begin{aligned}", r"(1 + x)^2 &= 1 + 2x", r"&\quad + 2 x^2", r"\end{aligned}"),
    )
    assert "step 1 → 2 differ" in only_failure(report)
