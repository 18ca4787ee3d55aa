"""pagecheck/derivations/report.py: failure messages show values that differ,
and the summary says how each step was decided."""

import re

import mpmath
import sympy as sp

from pagecheck.derivations.report import DerivationReport, Step, fmt_point, fmt_value, summary
from tests.derivations.helpers import FORUM_SLIP, TANH, check, display, only_failure


def test_the_point_of_a_failure_shows_values_that_differ(tmp_path):
    report, _ = check(tmp_path, display(r"\sigma(0) = \frac{1}{3}"))
    assert only_failure(report).endswith("step 1 → 2 differ: 0.5 vs 0.33")


def test_values_get_the_digits_that_tell_them_apart():
    assert fmt_value(mpmath.mpf("0.7311"), mpmath.mpf("0.7312")) == "0.7311"
    assert fmt_value(mpmath.mpf(2), None) == "2.0"
    assert fmt_value(None, mpmath.mpf(2)) == "undefined"
    assert fmt_value(-mpmath.inf, mpmath.mpf(0)) == "-inf"


def test_points_name_greek_variables_by_their_letter():
    point = {sp.Symbol("alpha", real=True): sp.Rational(-1, 2), sp.Symbol("x"): 3}
    assert fmt_point(point) == "α = -0.5, x = 3"


def test_reports_add_up():
    total = DerivationReport()
    one = DerivationReport(displays=2, pages=1, problems=["p"])
    one.steps.append(Step("page.md:3", "step 1 → 2", "=", "symbolic", True))
    total.add(one)
    total.add(one)
    assert (total.displays, total.pages, len(total.steps), total.problems) == (4, 2, 2, ["p", "p"])
    assert len(total.held) == 2 and total.failures == ["p", "p"]


def test_summary_says_how_each_step_was_decided(tmp_path):
    report, _ = check(tmp_path, TANH + FORUM_SLIP)
    text = summary(report, ["docs/draft.md"])
    assert "6 equalities hold: 6 proved by SymPy, 0 decided numerically" in text
    assert "1 steps marked % wrong, each shown to differ:" in text
    wrong = r"page.md:16: step 2 → 3 differ at x = -?[\d.]+: \S+ vs \S+"
    assert re.search(wrong, text), text
    assert "draft pages not checked: docs/draft.md" in text
