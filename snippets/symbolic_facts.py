r"""What SymPy proves about an activation: derivative, kinks, smoothness, range.

Everything here is exact (SymPy) or computed with mpmath at 40 digits; no
float of any CPU enters. The TeX of a registry entry is read by the site's
derivation checker (``read_tex``), so the catalogue and the checked pages
share one notation table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import pairwise

import mpmath
import numpy
import sympy as sp

from pagecheck.derivations import notation
from pagecheck.derivations.cases import to_sympy

DPS = 40
GRID = 2001  # points per piece where critical points are searched
SEARCH = 50  # critical points are searched on [-SEARCH, SEARCH]


class FactError(Exception):
    """A registry entry whose maths does not hold (names the entry)."""


@functools.cache
def read_tex(tex: str) -> sp.Expr:
    """The site's TeX as SymPy, by the derivation checker's notation table
    (a long formula broken over rows, ``\\\\`` then ``&\\quad + …``, joined)."""
    return to_sympy(re.sub(r"\\\\\s*&", " ", tex))


X = sp.Symbol("x", real=True)


@dataclass
class Piece:
    """The formula on an open interval (lo, hi) between kinks."""

    lo: sp.Expr
    hi: sp.Expr
    f: sp.Expr
    d: sp.Expr

    def points(self, n: int) -> list[sp.Rational]:
        """``n`` rational points inside, spread out (unbounded sides up to ±20)."""
        lo = self.lo if self.lo.is_finite else (self.hi - 20 if self.hi.is_finite else -20)
        hi = self.hi if self.hi.is_finite else (self.lo + 20 if self.lo.is_finite else 20)
        return [lo + (hi - lo) * sp.Rational(k, n + 1) for k in range(1, n + 1)]


@dataclass
class Kink:
    """A point where the formula changes piece: value and one-sided limits."""

    at: sp.Expr
    value: sp.Expr
    left: list[sp.Expr] = field(default_factory=list)  # f, f', f'' … from the left
    right: list[sp.Expr] = field(default_factory=list)

    @property
    def continuous(self) -> bool:
        return self.left[0] == self.value == self.right[0]


def parameters(entry) -> dict:
    """{symbol: exact value} of the entry's parameters (decimals, exactly)."""
    return {
        notation.REGISTRY.symbol(name.lstrip("\\")): sp.Rational(value)
        for name, value in entry.parameters.items()
    }


def piece_at(expr: sp.Expr, point) -> sp.Expr:
    """``expr`` as it is near ``point`` (not a kink): each Piecewise replaced by
    its branch that holds there, each sign and |u| by its value's sign."""

    def branch(*args):
        for value, cond in args:
            if bool(cond.subs(X, point)):
                return value
        raise FactError(f"no case of {expr} holds at x = {point}")

    expr = expr.replace(sp.Piecewise, branch)
    expr = expr.replace(sp.sign, lambda u: sp.sign(u.subs(X, point)))
    return expr.replace(sp.Abs, lambda u: sp.sign(u.subs(X, point)) * u)


def kinks_of(f: sp.Expr) -> list[sp.Expr]:
    """Where the formula switches to a different expression."""
    candidates = set()
    for rel in f.atoms(sp.core.relational.Relational):
        candidates |= {s for s in sp.solve(rel.lhs - rel.rhs, X) if s.is_real}
    for sign in f.atoms(sp.sign, sp.Abs):
        candidates |= set(sp.solve(sign.args[0], X))
    found = []
    for k in sorted(candidates, key=float):
        left, right = piece_at(f, k - sp.Rational(1, 10**6)), piece_at(f, k + sp.Rational(1, 10**6))
        if sp.simplify(left - right) != 0 or sp.simplify(left.subs(X, k) - f.subs(X, k)) != 0:
            found.append(k)
    return found


def same(a: sp.Expr, b: sp.Expr, piece: Piece) -> str | None:
    """"symbolic" or "numeric" when a = b on the piece; None when they differ.

    First at 9 points at 40 digits; then SymPy tries to prove it (the
    difference, written with exp, cancels to 0), or it stays "numeric"."""
    with mpmath.workdps(DPS):
        fa, fb = (sp.lambdify(X, e, "mpmath") for e in (a, b))
        for p in piece.points(9):
            va, vb = fa(mpmath.mpf(p.p) / p.q), fb(mpmath.mpf(p.p) / p.q)
            if abs(va - vb) > mpmath.mpf(10) ** (10 - DPS) * max(1, abs(va)):
                return None
    gap = (a - b).rewrite(sp.exp)
    if sp.cancel(gap) == 0 or sp.cancel(sp.expand(gap)) == 0:
        return "symbolic"
    return "numeric"


def limit(expr: sp.Expr, end: sp.Expr) -> sp.Expr:
    """SymPy's limit at ±∞, confirmed with mpmath at |x| = 10^4. SymPy 1.14
    gets some wrong (σ(x)(1 + x(1 - σ(x))) → 0 at +∞) unless the terms are
    put over one denominator, which makes others (GELU') far slower: so that
    form only when mpmath disagrees. Written with exp, tanh's limits are
    twice as fast."""
    with mpmath.workdps(DPS):
        far = sp.Float(sp.lambdify(X, expr, "mpmath")(mpmath.mpf(10**4) * int(sp.sign(end))), DPS)
    for form in (expr.rewrite(sp.exp), sp.cancel(expr.rewrite(sp.exp))):
        value = sp.limit(form, X, end)
        if value in (sp.oo, -sp.oo) and abs(far) > 100 and far * value > 0:
            return value
        if value.is_finite and abs(far - value) < sp.Rational(1, 1000):
            return value
    raise FactError(f"limit of {expr} at {end}: SymPy says {value}, mpmath {far} at 10^4")


@dataclass
class Symbolic:
    """The facts SymPy establishes for one registry entry."""

    f: sp.Expr
    d: sp.Expr
    pieces: list[Piece]
    kinks: list[Kink]
    derivative_check: str  # "symbolic" or "numeric" (mpmath, 40 digits)
    notation_check: str  # the same for notation = formula
    smoothness: int | None  # k of C^k; None: C^∞; -1: discontinuous
    range_: sp.Set = sp.S.EmptySet
    extrema: list = field(default_factory=list)  # interior extrema (x, f(x)) as mpf
    monotone: str = ""
    zero_centred: bool = False
    tails: dict = field(default_factory=dict)  # "-"/"+" -> Tail


@dataclass
class Tail:
    """How f and f' behave as x → ±∞, and whether the last piece is already
    a constant or a line (so that floats equal it by definition there)."""

    limit: sp.Expr
    slope: sp.Expr | None  # of the asymptote a x + b, when f is unbounded
    intercept: sp.Expr | None
    exact: bool
    d_limit: sp.Expr
    d_exact: bool


def analyse(entry) -> Symbolic:
    """All symbolic facts of ``entry``; FactError names the entry if one fails."""
    subs = parameters(entry)
    f = read_tex(entry.formula).subs(subs)
    d = read_tex(entry.derivative).subs(subs)
    at = kinks_of(f)
    bounds = [-sp.oo, *at, sp.oo]
    pieces = []
    for lo, hi in pairwise(bounds):
        inside = (Piece(lo, hi, f, d).points(1))[0]
        pieces.append(Piece(lo, hi, piece_at(f, inside), piece_at(d, inside)))
    checks = []
    for p in pieces:
        verdict = same(sp.diff(p.f, X), p.d, p)
        if verdict is None:
            raise FactError(
                f"{entry.anchor}: the derivative in snippets/activation_registry.py is not"
                f" d/dx of the formula on ({p.lo}, {p.hi}): d/dx gives {sp.diff(p.f, X)},"
                f" the entry says {p.d}"
            )
        checks.append(verdict)
    named = read_tex(entry.notation).subs(subs)
    verdicts = [same(piece_at(named, p.points(1)[0]), p.f, p) for p in pieces]
    if None in verdicts:
        raise FactError(
            f"{entry.anchor}: the notation table's {entry.notation} is not the entry's"
            " formula (pagecheck/derivations/notation.py, snippets/activation_registry.py)"
        )
    notation_check = "symbolic" if set(verdicts) == {"symbolic"} else "numeric"
    facts = Symbolic(
        f, d, pieces, [kink(f, pieces, i) for i in range(len(at))],
        "symbolic" if set(checks) == {"symbolic"} else "numeric",
        notation_check, smoothness(pieces, at, f),
    )
    facts.tails = {"-": tail(pieces[0], -sp.oo), "+": tail(pieces[-1], sp.oo)}
    describe_range(facts)
    return facts


def kink(f: sp.Expr, pieces: list[Piece], i: int) -> Kink:
    """The i-th kink: f there, and f, f', f'' of the pieces on either side."""
    left, right = pieces[i], pieces[i + 1]
    k = left.hi
    return Kink(
        k, f.subs(X, k),
        [sp.simplify(sp.diff(left.f, X, n).subs(X, k)) for n in range(3)],
        [sp.simplify(sp.diff(right.f, X, n).subs(X, k)) for n in range(3)],
    )


def smoothness(pieces: list[Piece], at: list, f: sp.Expr) -> int | None:
    """Largest k with f in C^k (None for C^∞, -1 if f jumps): the pieces are
    analytic, so only the kinks decide, by their one-sided derivatives."""
    if not at:
        return None
    order = 3
    for left, right in pairwise(pieces):
        k = left.hi
        if sp.simplify(left.f.subs(X, k) - f.subs(X, k)) != 0 or (
            sp.simplify(right.f.subs(X, k) - f.subs(X, k)) != 0
        ):
            return -1
        n = 0
        while n < order and sp.simplify(
            sp.diff(left.f, X, n + 1).subs(X, k) - sp.diff(right.f, X, n + 1).subs(X, k)
        ) == 0:
            n += 1
        order = min(order, n)
    return order


def critical_points(p: Piece) -> list[mpmath.mpf]:
    """Zeros of f' inside the piece where f' changes sign: searched on a grid
    over [-SEARCH, SEARCH] each refined with mpmath."""
    if p.d.free_symbols == set():
        return []
    lo = max(float(p.lo), -SEARCH) if p.lo.is_finite else -SEARCH
    hi = min(float(p.hi), SEARCH) if p.hi.is_finite else SEARCH
    xs = numpy.linspace(lo, hi, GRID + 2)[1:-1]
    df = sp.lambdify(X, p.d, "mpmath")  # no overflow, unlike float64
    with mpmath.workdps(15):
        signs = numpy.array([int(mpmath.sign(df(mpmath.mpf(x)))) for x in xs])
    found = []
    with mpmath.workdps(DPS):
        for k in numpy.flatnonzero(signs[:-1] * signs[1:] < 0):
            found.append(mpmath.findroot(df, (mpmath.mpf(xs[k]), mpmath.mpf(xs[k + 1])),
                                         solver="anderson"))
    return found


def end_value(p: Piece, end: sp.Expr, tails: dict) -> sp.Expr:
    """f at a finite end of the piece (the pieces are analytic there), or its
    limit at an infinite one."""
    if end is sp.oo:
        return tails["+"].limit
    if end is -sp.oo:
        return tails["-"].limit
    return p.f.subs(X, end)


def describe_range(facts: Symbolic) -> None:
    """Range (a SymPy set), monotonicity and zero-centring, from the pieces'
    images, the values at the kinks and the limits at ±∞."""
    images, rising, flat = [], True, False
    for p in facts.pieces:
        if p.f.free_symbols == set():
            images.append(sp.FiniteSet(p.f))
            flat = True
            continue
        values = [(end_value(p, end, facts.tails), False) for end in (p.lo, p.hi)]
        for c in critical_points(p):
            with mpmath.workdps(DPS):
                y = sp.lambdify(X, p.f, "mpmath")(c)
            facts.extrema.append((c, y))
            values.append((sp.Float(y, 20), True))
            rising = False
        lo = min(values, key=lambda v: float(v[0]))
        hi = max(values, key=lambda v: float(v[0]))
        images.append(sp.Interval(lo[0], hi[0], not lo[1], not hi[1]))
        if sp.N(p.d.subs(X, p.points(1)[0])) < 0:
            rising = False
    for k in facts.kinks:
        images.append(sp.FiniteSet(k.value))
        if not (k.left[0] <= k.value <= k.right[0]):
            rising = False
    facts.range_ = sp.Union(*images)
    facts.monotone = "no" if not rising else ("non-decreasing" if flat else "increasing")
    below = facts.range_.intersect(sp.Interval.open(-sp.oo, 0))
    above = facts.range_.intersect(sp.Interval.open(0, sp.oo))
    facts.zero_centred = bool(facts.f.subs(X, 0) == 0 and sp.S.EmptySet not in (below, above))


def tail(p: Piece, end: sp.Expr) -> Tail:
    """Limits of f and f' at ``end``; the asymptote a x + b when f is unbounded.
    A polynomial piece of degree ≤ 1 is its own asymptote (``exact``)."""
    if p.f.is_polynomial(X) and sp.Poly(p.f, X).degree() <= 1:
        slope, intercept = sp.Poly(p.f, X).coeff_monomial(X), sp.Poly(p.f, X).coeff_monomial(1)
        value = intercept if slope == 0 else slope * end
        return Tail(value, slope if slope else None, intercept if slope else None, True,
                    slope, True)
    value, d_limit = limit(p.f, end), limit(p.d, end)
    slope = intercept = None
    if not value.is_finite and d_limit.is_finite:
        # f unbounded, f' → a: then f/x → a too (l'Hôpital)
        slope = d_limit
        intercept = limit(p.f - slope * X, end)
        if not intercept.is_finite:
            slope = intercept = None
    return Tail(value, slope, intercept, False, d_limit, False)
