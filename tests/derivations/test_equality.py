"""pagecheck/derivations/equality.py: equal sides are proved or decided
numerically; different sides differ at a named point."""

import time

import pytest
import sympy as sp

from pagecheck.derivations.equality import compare, proved_equal, time_limit

x = sp.Symbol("x", real=True)


def test_equal_sides_are_proved_by_sympy():
    verdict = compare(sp.tanh(x) + 1, 2 / (1 + sp.exp(-2 * x)))
    assert verdict is not None and verdict.equal and verdict.method == "symbolic"


def test_different_sides_differ_at_a_round_point_with_their_values():
    verdict = compare(sp.sin(x) ** 2, sp.sin(x))
    assert verdict is not None and not verdict.equal
    assert verdict.point is not None and verdict.values is not None
    (value,) = verdict.point.values()
    assert value.q in (1, 2, 5, 10)  # one decimal
    a, b = verdict.values
    assert abs(a - b) > 1e-3


def test_a_condition_restricts_the_comparison_and_can_leave_no_point():
    assert compare(sp.Abs(x), x, x > 0).equal  # type: ignore[union-attr]
    assert not compare(sp.Abs(x), x).equal  # type: ignore[union-attr]
    assert compare(x, x, sp.And(x > 1, x < 0)) is None


def test_a_sign_condition_becomes_an_assumption_in_the_proof():
    assert proved_equal(sp.sqrt(x**2), x, x >= 0)
    assert not proved_equal(sp.sqrt(x**2), x, sp.true)


def test_a_piecewise_difference_is_proved_sign_by_sign():
    relu = sp.Max(x, 0).rewrite(sp.Piecewise)
    assert proved_equal(relu - sp.Min(x, 0).rewrite(sp.Piecewise), sp.Abs(x), sp.true)


def test_a_proof_is_stopped_after_its_time():
    with pytest.raises(TimeoutError), time_limit(0.05):
        time.sleep(1)
