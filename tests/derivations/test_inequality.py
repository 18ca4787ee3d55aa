r"""pagecheck/derivations/inequality.py: inequalities hold on a grid and
between its points, and are tight unless marked ``% loose``."""

import math

import sympy as sp

from pagecheck.derivations.inequality import TIGHT, inequality, largest_difference
from tests.derivations.helpers import check, display, only_failure

x = sp.Symbol("x", real=True)


def test_an_inequality_that_fails_names_a_point(tmp_path):
    report, page = check(tmp_path, display(r"0 < \tanh'(x) \le \frac{1}{2}"))
    message = only_failure(report)
    assert message.startswith(f"{page}2: step 2 → 3 ≤ fails at x = "), message


def test_an_inequality_violated_between_grid_points_fails(tmp_path):
    # false only for |x - 1/300| < 10^-4, between two points of the grid
    tiny = r"\left(x - \frac{1}{300}\right)^2 + 10^{-8} > 2 \cdot 10^{-8}"
    report, page = check(tmp_path, display("% loose: a test", tiny))
    message = only_failure(report)
    assert message.startswith(f"{page}3: step 1 → 2 > fails at x = 0.00333"), message


def test_an_inequality_must_be_tight_unless_marked_loose(tmp_path):
    report, _ = check(tmp_path, display(r"\sigma(x) < 2"))
    assert "< is not tight: the sides come no closer than 0.5" in only_failure(report)
    report, _ = check(tmp_path, display("% loose: a crude bound", r"\sigma(x) < 2"))
    assert report.failures == []


def test_an_inequality_is_checked_at_the_claimed_maximiser(tmp_path):
    # the maximum of -(x - 1/3)^2 is off the grid: only the marker finds it
    inequality_tex = r"-\left(x - \frac{1}{3}\right)^2 \le 0"
    report, _ = check(tmp_path, display(r"% attained at x = \frac{1}{3}", inequality_tex))
    assert report.failures == []
    report, page = check(tmp_path, display("% attained at x = 0.3", inequality_tex))
    expected = f"{page}3: no ≤ or ≥ of this chain is attained at x = 0.3"
    assert only_failure(report) == expected


def test_the_search_between_grid_points_finds_the_closest_approach():
    # sides closest at x = 1/3, off the grid: the search gets within TIGHT
    check_ = inequality(-((x - sp.Rational(1, 3)) ** 2), sp.Integer(0), "<=", [])
    assert check_.failure is None and check_.closest is not None
    assert check_.closest.gap <= TIGHT
    assert abs(float(check_.closest.point[0]) - 1 / 3) < 1e-4


def test_a_parameter_is_checked_at_each_of_its_values():
    alpha = sp.Symbol("alpha", real=True)
    # alpha x <= |x| fails only where |alpha| > 1: of alpha's values, only at 2
    check_ = inequality(alpha * x, sp.Abs(x), "<=", [])
    assert check_.failure is not None
    assert check_.failed_at[alpha] == 2


def test_the_largest_difference_of_an_approximation_and_where():
    gap, point, values = largest_difference(sp.sin(x), x, sp.true)
    # on -20 … 20 the gap |sin x - x| is largest at the edges of the grid
    assert point in ({x: -20}, {x: 20})
    assert abs(float(gap) - (20 - math.sin(20))) < 1e-12
    assert abs(float(values[0] - values[1])) == float(gap)
