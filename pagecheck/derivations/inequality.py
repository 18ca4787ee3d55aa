"""Checking on a grid: inequalities (that they hold, and how close the sides
come) and approximations (the largest difference of the sides)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import mpmath
import sympy as sp

from pagecheck.derivations import notation
from pagecheck.derivations.numeric import (
    DPS,
    HIGH_TOL,
    Domain,
    Point,
    Side,
    switches,
    symbols_of,
    to_mpf,
)

GRID = [sp.Rational(k, 20) for k in range(-600, 601)]  # -30 … 30, step 0.05
POSITIVE_GRID = [sp.Rational(k, 20) for k in range(1, 601)]  # 0.05 … 30
APPROX_GRID = GRID[200:1001:4]  # -20 … 20, step 0.2
FLOAT_UNSURE = 1e-9  # a float64 gap this small (relative) is decided by mpmath
TIGHT = 1e-9  # an inequality is tight when its sides come this close (relative)


@dataclass
class Closest:
    """Where the sides of an inequality come closest."""

    gap: mpmath.mpf  # the gap relative to the sides' size (at least 1); >= 0
    point: Point
    values: tuple  # the sides' 50-digit values there


@dataclass
class InequalityCheck:
    symbols: list[sp.Symbol]
    failure: Closest | None = None  # a point where the relation fails
    closest: Closest | None = None  # where it holds most narrowly

    @property
    def failed_at(self) -> dict:
        assert self.failure is not None
        return dict(zip(self.symbols, self.failure.point, strict=True))


def gap_of(op: str, a, b):
    """A number that is >= 0 (> 0 for a strict relation) when ``a op b``."""
    return b - a if op in ("<", "<=") else a - b


def is_parameter(symbol: sp.Symbol) -> bool:
    entry = notation.REGISTRY.entry(symbol)
    return entry is not None and entry.is_parameter


def parameter_grid(symbol: sp.Symbol, default: list[sp.Rational]) -> list[sp.Rational]:
    """A parameter's registered values; the positive grid for a positive
    variable; else ``default``."""
    entry = notation.REGISTRY.entry(symbol)
    if entry is not None and entry.grid is not None:
        return [sp.Rational(v) for v in entry.grid]
    return POSITIVE_GRID if symbol.is_positive else default


def grids(symbols: Sequence[sp.Symbol]) -> tuple[sp.Symbol | None, list[list[sp.Rational]]]:
    """The main variable (the first that is not a parameter), finely gridded,
    and the grids of every symbol (the others coarsely)."""
    primary = next((s for s in symbols if not is_parameter(s)), None)
    found = []
    for s in symbols:
        if s == primary:
            found.append(POSITIVE_GRID if s.is_positive else GRID)
        else:
            found.append(parameter_grid(s, GRID[::20]))
    return primary, found


def screen(sides, points: list[Point], op: str) -> list[Point]:
    """Float64 pass: the points where float64 cannot decide (undefined,
    complex or too close), then the point of the smallest clear gap."""
    unsure: list[Point] = []
    tightest: tuple[float, Point | None] = (math.inf, None)
    for point in points:
        fa, fb = sides[0].float(point), sides[1].float(point)
        if fa is None or fb is None or isinstance(fa, complex) or isinstance(fb, complex):
            unsure.append(point)
            continue
        g = gap_of(op, fa, fb) / max(1.0, abs(fa), abs(fb))
        if g <= FLOAT_UNSURE:
            unsure.append(point)
        elif g < tightest[0]:
            tightest = (g, point)
    return unsure + ([tightest[1]] if tightest[1] is not None else [])


def fails(gap, strict: bool) -> bool:
    return gap < -HIGH_TOL or (strict and gap <= 0)


def decide(sides, points: list[Point], op: str, check: InequalityCheck) -> None:
    """mpmath pass: record the first point where the relation fails, or the
    point where the relative gap is smallest."""
    for point in points:
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is None or hb is None:
            continue
        with mpmath.workdps(DPS):
            gap = gap_of(op, ha, hb) / max(mpmath.mpf(1), abs(ha), abs(hb))
        if fails(gap, op in ("<", ">")):
            check.failure = Closest(gap, point, (ha, hb))
            return
        if check.closest is None or gap < check.closest.gap:
            check.closest = Closest(gap, point, (ha, hb))


def inequality(
    a: sp.Expr, b: sp.Expr, op: str, attained: list[dict], assume: sp.Basic = sp.true
) -> InequalityCheck:
    """Check ``a op b`` on the grid (and at the ``attained`` points) where
    ``assume`` holds, away from kinks; then search next to the closest point
    for a smaller gap, which may also reveal a failure between grid points."""
    symbols = symbols_of(a, b)
    check = InequalityCheck(symbols)
    sides = Side(a, symbols), Side(b, symbols)
    primary, grid = grids(symbols)
    inside = Domain(symbols, assume, switches(a) + switches(b))
    points = [p for p in product(*grid) if p in inside]
    points += [tuple(d[s] for s in symbols) for d in attained]
    decide(sides, screen(sides, points, op), op, check)
    if check.failure or check.closest is None or check.closest.gap <= TIGHT or primary is None:
        return check
    check.closest = refine(sides, symbols.index(primary), op, check.closest)
    if fails(check.closest.gap, op in ("<", ">")):
        check.failure = check.closest
    return check


def refine(sides, k: int, op: str, best: Closest) -> Closest:
    """Golden-section search along variable ``k`` for the smallest gap within
    0.05 (one grid step) of the best grid point."""
    point = list(best.point)

    def at(v) -> Point:
        return tuple(sp.Float(str(v), DPS) if j == k else p for j, p in enumerate(point))

    def gap(v):
        ha, hb = sides[0].high(at(v)), sides[1].high(at(v))
        if ha is None or hb is None:
            return mpmath.inf
        return gap_of(op, ha, hb) / max(1, abs(ha), abs(hb))

    with mpmath.workdps(DPS):
        centre = to_mpf(point[k])
        lo, hi = centre - mpmath.mpf("0.05"), centre + mpmath.mpf("0.05")
        ratio = (mpmath.sqrt(5) - 1) / 2
        for _ in range(120):
            m1, m2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
            if gap(m1) < gap(m2):
                hi = m2
            else:
                lo = m1
        v = (lo + hi) / 2
        g = gap(v)
    if g >= best.gap:
        return best
    return Closest(g, at(v), (sides[0].high(at(v)), sides[1].high(at(v))))


def largest_difference(a: sp.Expr, b: sp.Expr, assume: sp.Basic) -> tuple:
    """(|a - b|, point, values) at the grid point where the sides of an
    approximation differ most; (0, None, None) if they are never both defined."""
    symbols = symbols_of(a, b)
    sides = Side(a, symbols), Side(b, symbols)
    grid = [parameter_grid(s, APPROX_GRID) for s in symbols]
    worst: tuple = (0, None, None)
    inside = Domain(symbols, assume)
    for point in product(*grid):
        if point not in inside:
            continue
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is not None and hb is not None and abs(ha - hb) > worst[0]:
            worst = (abs(ha - hb), dict(zip(symbols, point, strict=True)), (ha, hb))
    return worst
