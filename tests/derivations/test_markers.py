"""pagecheck/derivations/markers.py: every % comment of a display is a known
marker; a misspelt one fails, naming its line and the closest marker."""

from pathlib import Path

import pytest

from pagecheck.derivations.markers import MARKERS, MarkerError, read_markers
from pagecheck.page import Display
from tests.derivations.helpers import check, display, only_failure

KNOWN = (
    "a `%` comment in a display must be a marker: `% nocheck: REASON`, `% wrong`, "
    "`% wrong at x = TeX`, `% where u = TeX`, `% assume CONDITION`, "
    "`% attained at x = TeX`, `% loose: REASON`, `% tolerance: T` "
    "(pagecheck/derivations/markers.py)"
)


def comments(*texts: str) -> Display:
    return Display(Path("page.md"), 1, [], [(n, t) for n, t in enumerate(texts, 2)])


def test_a_misspelt_marker_fails_naming_its_line_and_the_closest_marker(tmp_path):
    text = display(r"% atained at x = 0", r"0 < \sigma'(x) \le \frac{1}{4}")
    report, page = check(tmp_path, text)
    assert only_failure(report) == (
        f"{page}2: unknown marker `% atained at x = 0` (did you mean `% attained at`?); {KNOWN}"
    )


def test_a_comment_like_no_marker_gets_no_suggestion():
    with pytest.raises(MarkerError) as caught:
        read_markers(comments(" see the figure"))
    assert str(caught.value) == f"page.md:2: unknown marker `% see the figure`; {KNOWN}"


@pytest.mark.parametrize("word", ["nocheck", "loose"])
def test_a_marker_that_takes_a_reason_needs_one(word):
    with pytest.raises(MarkerError) as caught:
        read_markers(comments(f" {word}:  "))
    assert str(caught.value) == f"page.md:2: `% {word}` needs a reason"


def test_nocheck_exempts_a_display_and_needs_a_reason(tmp_path):
    shape = r"\mathbf{H} \in \mathbb{R}^{n \times h}"
    report, page = check(tmp_path, display("% nocheck: matrix shapes", shape))
    assert report.failures == [] and report.steps == []
    assert report.exempt == [(f"{page}1", "matrix shapes")]
    report, _ = check(tmp_path, display("% nocheck", shape))
    assert only_failure(report).endswith("`% nocheck` needs a reason")


def test_the_colon_is_optional_and_the_longest_word_wins():
    found = read_markers(
        comments(" assume: x > 0", r" assume \alpha > 0", " attained at x = 0", " wrong at x = 1")
    ).found
    assert [(m.line, m.word, m.text) for m in found] == [
        (2, "assume", "x > 0"),
        (3, "assume", r"\alpha > 0"),
        (4, "attained at", "x = 0"),
        (5, "wrong", "at x = 1"),
    ]


def test_every_registered_form_is_read_as_its_marker():
    for kind in MARKERS:
        (marker,) = read_markers(comments(" " + kind.syntax.removeprefix("% "))).found
        assert marker.word == kind.word
