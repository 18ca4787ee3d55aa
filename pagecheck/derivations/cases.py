r"""Reading a term, which may be given by cases: ``\begin{cases} value &
condition \\ … \end{cases}`` as (value, condition) branches, a ``cases`` block
inside an expression as a SymPy Piecewise, and the conditions themselves."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import sympy as sp

from pagecheck.derivations.errors import OverlappingCases, Unreadable
from pagecheck.derivations.numeric import Domain, candidates, switches, symbols_of
from pagecheck.derivations.report import fmt_point
from pagecheck.derivations.tex import expression
from pagecheck.derivations.tokens import RELATIONS, clean, split_top, top_level

Where = dict[sp.Symbol, sp.Expr]  # the `% where` substitutions of a display


@dataclass
class Branch:
    expr: sp.Expr | None  # None: a branch whose value is words
    cond: sp.Basic  # a SymPy boolean; S.true for a plain term
    tex: str


CASES = re.compile(r"\s*\\begin\{cases\}(?P<body>.*)\\end\{cases\}\s*", re.S)


def to_sympy(tex: str, where: Where | None = None) -> sp.Expr:
    """A TeX expression of the site (``cases`` blocks included, as Piecewise)
    as SymPy, after the ``% where`` substitutions."""
    tex, pieces = cases_to_placeholders(tex, where or {})
    expr = expression(tex, pieces)
    for name, value in (where or {}).items():
        expr = expr.subs(name, value)
    return expr


def cases_to_placeholders(tex: str, where: Where) -> tuple[str, dict[str, sp.Basic]]:
    """A ``cases`` block inside an expression (``2 \\begin{cases}…\\end{cases}``)
    becomes a symbol ``Q_{k}`` standing for a SymPy Piecewise."""
    pieces: dict[str, sp.Basic] = {}
    while (start := tex.find(r"\begin{cases}")) >= 0:
        end = tex.find(r"\end{cases}", start)
        if end < 0:
            raise Unreadable(r"\begin{cases} without \end{cases}")
        end += len(r"\end{cases}")
        name = f"Q_{{{len(pieces)}}}"
        pieces[name] = sp.Piecewise(
            *[(b.expr, b.cond) for b in branches(tex[start:end], where, words=False)]
        )
        tex = f"{tex[:start]} {name} {tex[end:]}"
    return tex, pieces


def branches(tex: str, where: Where, words: bool = True) -> list[Branch]:
    """A term as (value, condition) pairs: one pair with condition True unless
    the term is a cases block. ``words``: a branch may be words (not checked).
    Raises OverlappingCases if two conditions hold at one point."""
    m = CASES.fullmatch(tex)
    if not m or r"\begin{cases}" in m["body"]:
        return [Branch(to_sympy(tex, where), sp.true, tex)]
    found: list[Branch] = []
    others: list[sp.Basic] = []
    for a, b in split_top(m["body"], lambda t: t == "\\\\"):
        row = m["body"][a:b]
        if not row.strip():
            continue
        amp = top_level(row, lambda t: t == "&")
        if not amp:
            raise Unreadable("a cases row needs `value & condition`")
        value, cond_tex = clean(row[: amp[0][0]]), clean(row[amp[0][1] :])
        cond = condition(cond_tex, where)
        if cond is None:  # "otherwise"
            cond = sp.And(*[sp.Not(c) for c in others])
        others.append(cond)
        is_words = re.fullmatch(r"\\text\{[^}]*\}", value)
        if is_words and not words:
            raise Unreadable("a branch in words inside an expression")
        found.append(Branch(None if is_words else to_sympy(value, where), cond, value))
    overlap(found)
    return found


def overlap(found: list[Branch]) -> None:
    """Raise OverlappingCases at a point (away from the boundaries) where two
    cases hold."""
    conds = [b.cond for b in found]
    symbols = symbols_of(*conds)
    inside = Domain(symbols, sp.true, [g for c in conds for g in switches(c)])
    tests = [Domain(symbols, c) for c in conds]
    for point in candidates(symbols, random.Random(0), 200):
        if point in inside and sum(point in t for t in tests) > 1:
            where = fmt_point(dict(zip(symbols, point, strict=True)))
            raise OverlappingCases(f"two cases hold at {where}")


def uncovered(term: list[Branch], assume: sp.Basic) -> dict | None:
    """A point (away from the boundaries) where no case of a term holds."""
    conds = [b.cond for b in term]
    if conds == [sp.true]:
        return None
    union = sp.Or(*conds)
    symbols = symbols_of(assume, *conds)
    inside = Domain(symbols, assume, [g for c in conds for g in switches(c)])
    covered = Domain(symbols, union)
    for point in candidates(symbols, random.Random(0), 200):
        if point in inside and point not in covered:
            return dict(zip(symbols, point, strict=True))
    return None


def condition(tex: str, where: Where) -> sp.Basic | None:
    """A cases condition (``x > 0``, ``0 < x < 1``, ``\\text{if } x = 0``) as a
    SymPy boolean; None for "otherwise"."""
    words = re.sub(r"\\text\{\s*(if|for|when|where)\s*\}", " ", tex).strip()
    if re.fullmatch(r"\\text\{\s*(otherwise|else)\s*\}", words):
        return None
    if "\\text" in words:
        raise Unreadable(f"a condition the checker cannot read: {tex!r}")
    parts = []
    for start, stop in split_top(words, lambda t: t == ","):
        piece = words[start:stop].strip()
        if not piece:
            continue
        seps = top_level(piece, lambda t: t in RELATIONS)
        if not seps:
            raise Unreadable(f"a condition without a relation: {tex!r}")
        sides = [to_sympy(piece[a:b], where) for a, b in split_top(piece, lambda t: t in RELATIONS)]
        for (_, _, tok), lhs, rhs in zip(seps, sides, sides[1:], strict=False):
            op = RELATIONS[tok]
            if op == "≈":
                raise Unreadable("\\approx in a condition")
            parts.append(sp.Rel(lhs, rhs, {"=": "==", "!=": "!="}.get(op, op)))
    return sp.And(*parts)
