"""Evaluating expressions at points: sampling the variables' domains, float64
and 50-digit mpmath evaluation, and the kinks numeric points must avoid."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

from pagecheck.derivations import notation

DPS = 50  # mpmath's working precision, in decimal digits
HIGH_TOL = mpmath.mpf(10) ** -30  # relative: two 50-digit values agree
FLOAT_TOL = 1e-7  # relative: two float64 values agree well enough to skip mpmath
FAR = (-30.0, 30.0)  # the last eighth of the sampled points of a plain real variable

Point = tuple[sp.Expr, ...]  # exact values (Rationals), in the order of ``symbols``


def symbols_of(*exprs: sp.Basic) -> list[sp.Symbol]:
    """The free symbols of ``exprs``, sorted by name (a stable order)."""
    return sorted(set().union(*[e.free_symbols for e in exprs]), key=lambda s: s.name)


def domain(symbol: sp.Symbol) -> tuple[float, float]:
    entry = notation.REGISTRY.entry(symbol)
    return entry.domain if entry is not None else notation.REAL


def samples_far(symbol: sp.Symbol) -> bool:
    """A plain real variable (not a parameter, not positive) is also sampled far out."""
    entry = notation.REGISTRY.entry(symbol)
    return not symbol.is_positive and (entry is None or not entry.is_parameter)


@dataclass
class Side:
    """An expression, compiled for float64 and for mpmath, over ``symbols``."""

    expr: sp.Expr
    symbols: Sequence[sp.Symbol]
    f64: Any = field(init=False, repr=False)
    mp: Any = field(init=False, repr=False)

    def __post_init__(self):
        self.f64 = sp.lambdify(self.symbols, self.expr, modules="math")
        self.mp = sp.lambdify(self.symbols, self.expr, modules="mpmath")

    def float(self, point: Sequence) -> float | complex | None:
        """The value in float64; None where it is undefined or overflows."""
        try:
            value = self.f64(*[float(v) for v in point])
            return complex(value) if isinstance(value, complex) else float(value)
        except (OverflowError, ZeroDivisionError, ValueError, TypeError):
            return None

    def high(self, point: Sequence):
        """The value at 50 digits (an mpmath number); None where it is undefined."""
        with mpmath.workdps(DPS):
            try:
                return self.mp(*[to_mpf(v) for v in point])
            except (ZeroDivisionError, ValueError, TypeError):
                return None


def to_mpf(v: sp.Expr):
    """A SymPy number at the working precision (exactly, for a rational)."""
    if isinstance(v, sp.Rational):
        return mpmath.mpf(v.p) / v.q
    return mpmath.mpf(str(sp.N(v, mpmath.mp.dps + 10)))


def switches(expr: sp.Basic) -> list[sp.Expr]:
    """Expressions whose sign changes the formula: points where one is 0 are
    kinks, where the sides need not agree (or exist)."""
    found = []
    for relation in expr.atoms(sp.core.relational.Relational):
        found.append(relation.lhs - relation.rhs)
    for f in expr.atoms(sp.Heaviside, sp.sign, sp.Abs):
        found.append(f.args[0])
    for f in expr.atoms(sp.Max, sp.Min):
        found.extend(a - b for a, b in zip(f.args, f.args[1:], strict=False))
    return found


def rational(x: float, digits: int) -> sp.Rational:
    return sp.Rational(f"{x:.{digits}f}")


def candidates(symbols: Sequence[sp.Symbol], rng: random.Random, n: int) -> Iterator[Point]:
    """``n`` random points of the symbols' domains, the first eighth with one
    decimal (for readable messages), the last eighth far out for plain reals."""
    for k in range(n):
        digits = 1 if k < n // 8 else 3
        point = []
        for s in symbols:
            lo, hi = FAR if k >= n - n // 8 and samples_far(s) else domain(s)
            v = rational(rng.uniform(lo, hi), digits)
            if v == 0:
                v = rational(hi / 3, digits)
            point.append(v)
        yield tuple(point)


class Domain:
    """Points where ``cond`` holds, away from the kinks (zeros of ``guards``)."""

    def __init__(self, symbols: Sequence[sp.Symbol], cond: sp.Basic = sp.true, guards=()):
        self.test = None if cond is sp.true else sp.lambdify(symbols, cond, "math")
        self.guards = sp.lambdify(symbols, list(guards), "math") if guards else None

    def __contains__(self, point: Sequence) -> bool:
        values = [float(v) for v in point]
        try:
            if self.test is not None and not self.test(*values):
                return False
            if self.guards is None:
                return True
            return all(abs(g) >= 1e-6 for g in self.guards(*values))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            return False


def close_high(a, b) -> bool:
    """Two 50-digit values agree to 30 digits, relative to their size (at
    least 1); an infinity agrees only with itself."""
    if a == b:
        return True
    if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
        return False
    scale = max(mpmath.mpf(1), abs(a), abs(b))
    return abs(a - b) <= HIGH_TOL * scale


def close_float(a, b) -> bool:
    return abs(a - b) <= FLOAT_TOL * max(1.0, abs(a), abs(b))
