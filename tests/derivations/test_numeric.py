"""pagecheck/derivations/numeric.py: points sampled from each variable's
domain, evaluation in float64 and at 50 digits, and kinks avoided."""

import random

import mpmath
import sympy as sp

from pagecheck.derivations.numeric import Domain, Side, candidates, close_high, switches

x = sp.Symbol("x", real=True)
alpha = sp.Symbol("alpha", real=True)
u = sp.Symbol("u", positive=True)


def test_points_come_from_each_domain_round_first_and_far_only_for_plain_reals():
    points = list(candidates([alpha, u, x], random.Random(0), 400))
    assert all(-2 <= a <= 2 and 0.05 <= b <= 5 for a, b, _ in points)
    assert all(p[2].q in (1, 2, 5, 10) for p in points[:50])  # one decimal
    assert max(abs(p[2]) for p in points[-50:]) > 5  # the last eighth goes far
    assert max(abs(p[2]) for p in points[:-50]) <= 5
    assert points == list(candidates([alpha, u, x], random.Random(0), 400))


def test_a_domain_holds_where_its_condition_does_away_from_kinks():
    inside = Domain([x], x > 0, switches(sp.Abs(x - 1)))
    assert (sp.Rational(2),) in inside
    assert (sp.Rational(-2),) not in inside
    assert (sp.Rational(1),) not in inside  # the kink of |x - 1|


def test_a_side_is_undefined_where_it_cannot_be_evaluated():
    side = Side(1 / x, [x])
    assert side.float((0,)) is None and side.high((0,)) is None
    assert side.float((sp.Rational(1, 4),)) == 4.0
    with mpmath.workdps(50):
        assert side.high((3,)) == mpmath.mpf(1) / 3


def test_equal_infinities_agree_and_values_agree_to_30_digits():
    assert close_high(-mpmath.inf, -mpmath.inf)
    assert not close_high(mpmath.inf, -mpmath.inf)
    assert not close_high(mpmath.inf, mpmath.mpf(5))
    with mpmath.workdps(50):
        third = mpmath.mpf(1) / 3
        assert close_high(third, third + mpmath.mpf(10) ** -32)
        assert not close_high(third, third + mpmath.mpf(10) ** -28)
