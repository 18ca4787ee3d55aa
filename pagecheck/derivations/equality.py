"""Deciding whether two expressions are equal on a domain: numerically at
random points (float64, then 50-digit mpmath), then by a SymPy proof."""

from __future__ import annotations

import random
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sympy as sp

from pagecheck.derivations.errors import Unreadable
from pagecheck.derivations.numeric import (
    Domain,
    Point,
    Side,
    candidates,
    close_float,
    close_high,
    switches,
    symbols_of,
)

POINTS = 200  # points of the domain where the sides are compared
CONFIRMED = 20  # of which the first ones are always compared at 50 digits too
PROOF_SECONDS = 8  # SymPy's time for a proof


@dataclass
class Verdict:
    equal: bool
    method: str  # "symbolic" or "numeric"
    point: dict | None = None  # where the sides differ
    values: tuple | None = None  # their 50-digit values there


def compare(a: sp.Expr, b: sp.Expr, cond: sp.Basic = sp.true) -> Verdict | None:
    """Are ``a`` and ``b`` equal where ``cond`` holds? None: the domain is
    empty (no point of it was found). Raises Unreadable if the sides cannot be
    evaluated anywhere on it."""
    a, b, cond = substitute_equalities(a, b, cond)
    symbols = symbols_of(a, b, cond)
    sides = Side(a, symbols), Side(b, symbols)
    points = domain_points(symbols, cond, switches(a) + switches(b) + switches(cond))
    if not points:
        return None
    differ = first_difference(sides, points)
    if differ is not None:
        k = differ
        values = (sides[0].high(points[k]), sides[1].high(points[k]))
        return Verdict(False, "numeric", dict(zip(symbols, points[k], strict=True)), values)
    if proved_equal(a, b, cond):
        return Verdict(True, "symbolic")
    return Verdict(True, "numeric")


def substitute_equalities(a, b, cond):
    """A condition ``x = v`` leaves one point: put it in."""
    exact = {}
    for c in sp.And.make_args(cond):
        if isinstance(c, sp.Eq) and isinstance(c.lhs, sp.Symbol):
            exact[c.lhs] = c.rhs
    if exact:
        return a.subs(exact), b.subs(exact), cond.subs(exact)
    return a, b, cond


def domain_points(symbols, cond, guards) -> list[Point]:
    """Up to POINTS random points where ``cond`` holds, away from the kinks
    (just one when there is no variable)."""
    inside = Domain(symbols, cond, guards)
    wanted = POINTS if symbols else 1
    points = []
    for point in candidates(symbols, random.Random(0), 4000 if cond is not sp.true else 400):
        if point in inside:
            points.append(point)
        if len(points) == wanted:
            break
    return points


def first_difference(sides: tuple[Side, Side], points: list[Point]) -> int | None:
    """The index of a point where the sides differ (the clearest of the first
    round points if they differ there too), or None. Float64 screens; mpmath
    decides at the first CONFIRMED points and wherever float64 disagrees."""
    checked = 0
    for k, point in enumerate(points):
        fa, fb = sides[0].float(point), sides[1].float(point)
        if fa is not None and fb is not None and close_float(fa, fb) and k >= CONFIRMED:
            continue
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is None and hb is None:
            continue
        checked += 1
        if ha is None or hb is None or not close_high(ha, hb):
            clear = clearest(sides, points[:25])
            return k if clear is None else clear
    if not checked:
        raise Unreadable("the sides cannot be evaluated at any point of the domain")
    return None


def clearest(sides: tuple[Side, Side], points: list[Point]) -> int | None:
    """Of the first points (the round ones), the one where the sides differ
    most, for the failure message."""
    best, where = 1e-20, None
    for k, point in enumerate(points):
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is not None and hb is not None:
            gap = abs(ha - hb) / max(1, abs(ha), abs(hb))
            if gap > best:
                best, where = gap, k
    return where


# The signs a variable may take where a relation with 0 holds.
SIGNS = {">": {1}, ">=": {0, 1}, "<": {-1}, "<=": {-1, 0}, "==": {0}}
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "=="}
ASSUME = {
    frozenset({1}): {"positive": True},
    frozenset({-1}): {"negative": True},
    frozenset({0, 1}): {"nonnegative": True},
    frozenset({-1, 0}): {"nonpositive": True},
}


def sign_conditions(cond: sp.Basic) -> dict[sp.Symbol, set[int]]:
    """The signs each variable may take under ``cond``'s comparisons with 0."""
    signs: dict[sp.Symbol, set[int]] = {}
    for c in sp.And.make_args(cond):
        if not isinstance(c, sp.Rel) or c.rel_op not in SIGNS:
            continue
        if isinstance(c.lhs, sp.Symbol) and c.rhs == 0:
            s, op = c.lhs, c.rel_op
        elif isinstance(c.rhs, sp.Symbol) and c.lhs == 0:
            s, op = c.rhs, FLIP[c.rel_op]
        else:
            continue
        signs[s] = signs.get(s, {-1, 0, 1}) & SIGNS[op]
    return signs


def proved_equal(a: sp.Expr, b: sp.Expr, cond: sp.Basic) -> bool:
    """SymPy proves a = b where cond holds: simplify the difference after
    rewriting with exp. A sign condition on a variable (x > 0) becomes an
    assumption; a difference still piecewise in x is proved for x < 0, x = 0
    and x > 0 separately. False when SymPy fails or takes over PROOF_SECONDS."""
    signs = sign_conditions(cond)
    try:
        with time_limit(PROOF_SECONDS):
            diff = with_signs(a - b, signs)
            if simplified(diff) == 0:
                return True
            # the variables of the conditions left, as they are in a - b
            names = {v.name for r in diff.atoms(sp.Rel) for v in r.free_symbols}
            switching = [v for v in (a - b).free_symbols if v.name in names]
            if len(switching) != 1:
                return False
            (x,) = switching
            return all(
                simplified(with_signs(a - b, {**signs, x: {sign}})) == 0
                for sign in signs.get(x, {-1, 0, 1})
            )
    except (TimeoutError, RecursionError, TypeError, ValueError, AttributeError):
        return False  # SymPy gave up: the numeric verdict stands


def with_signs(expr: sp.Expr, signs: dict) -> sp.Expr:
    """``expr`` with each variable replaced by one that has the given signs."""
    for s, allowed in signs.items():
        if allowed == {0}:
            expr = expr.subs(s, 0)
        elif frozenset(allowed) in ASSUME:
            kind = ASSUME[frozenset(allowed)]
            expr = expr.subs(s, sp.Symbol(s.name, real=True, **kind))
    return expr


def simplified(expr: sp.Expr) -> sp.Expr:
    if sp.expand(expr) == 0:
        return sp.Integer(0)
    return sp.simplify(sp.piecewise_fold(expr.rewrite(sp.exp)))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (only possible in the
    main thread; elsewhere the block runs unlimited)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
