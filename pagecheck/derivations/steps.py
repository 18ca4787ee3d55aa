r"""Deciding one step of a chain, by its relation: ``=`` (or a ``% wrong``
step, which must differ), ``\approx``, and ``<``, ``\le``, ``>``, ``\ge``.
Each function fills in the Step it is given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

import mpmath
import sympy as sp

from pagecheck.derivations.cases import Branch, Where
from pagecheck.derivations.equality import compare
from pagecheck.derivations.errors import Unreadable
from pagecheck.derivations.inequality import TIGHT, inequality, largest_difference
from pagecheck.derivations.numeric import Side, close_high, symbols_of
from pagecheck.derivations.report import Step, differ_message, fmt_point, fmt_value
from pagecheck.derivations.tokens import SHOWN


@dataclass
class Context:
    """What a display's markers say, for each of its steps."""

    where: Where  # % where u = …
    assume: sp.Basic  # % assume …
    attained: list[dict]  # % attained at x = …
    tolerance: float | None  # % tolerance: T
    loose: bool  # % loose: REASON


def single(term: list[Branch]) -> sp.Expr:
    if len(term) != 1 or term[0].cond is not sp.true or term[0].expr is None:
        raise Unreadable("an inequality or approximation between cases")
    return term[0].expr


def equality(left: list[Branch], right: list[Branch], ctx: Context, step: Step,
             differ: str | None = None) -> None:  # fmt: skip
    """An = step, branch by branch where both branches' conditions hold.
    ``differ``: the step must NOT hold (how the page says so)."""
    verdicts = []
    for p, q in product(left, right):
        if p.expr is None or q.expr is None:
            continue  # a branch stated in words
        verdict = compare(p.expr, q.expr, sp.And(p.cond, q.cond, ctx.assume))
        if verdict is not None:
            verdicts.append(verdict)
    if not verdicts:
        raise Unreadable("no branch has a point where both sides are defined")
    bad = next((v for v in verdicts if not v.equal), None)
    proved = all(v.method == "symbolic" for v in verdicts)
    if differ:
        step.method, step.ok = ("differs", True) if bad else ("equal", False)
        if bad:
            step.note = differ_message(bad.point, bad.values or ())
        else:
            how = "proved by SymPy" if proved else "at every point tried"
            step.message = f" {differ} but the two sides are equal ({how})"
        return
    if bad:
        step.ok, step.method = False, "differ"
        step.message = differ_message(bad.point, bad.values or ())
        return
    step.method = "symbolic" if proved else "numeric"


def wrong_at(a: sp.Expr, b: sp.Expr, point: dict, marker: str, step: Step) -> None:
    """A step marked ``% wrong at x = …``: the sides must differ at that point."""
    symbols = list(point)
    if not set(symbols_of(a, b)) <= set(symbols):
        raise Unreadable(f"`% wrong {marker}` must give a value to every variable")
    ha = Side(a, symbols).high(tuple(point.values()))
    hb = Side(b, symbols).high(tuple(point.values()))
    if ha is None or hb is None:
        raise Unreadable(f"the sides cannot be evaluated {marker}")
    if close_high(ha, hb):
        step.ok, step.method = False, "equal"
        step.message = f" is marked `% wrong {marker}` but there the sides agree to 30 digits"
    else:
        step.method = "differs"
        step.note = differ_message(point, (ha, hb))


DECIMAL = re.compile(r"-?\d+(?:\.(\d+))?")


def approx(sides_tex: tuple[str, str], a: sp.Expr, b: sp.Expr, ctx: Context, step: Step) -> None:
    r"""A \approx step: right to the digits of a decimal side, or within the
    display's tolerance (and not within a tenth of it: the stated tolerance
    must say how good the approximation is)."""
    tol = ctx.tolerance
    for tex in sides_tex:
        m = DECIMAL.fullmatch(tex.strip())
        if m and tol is None:
            tol = 0.5 * 10 ** -len(m[1] or "")
    if tol is None:
        raise Unreadable("a \\approx step needs a decimal side or `% tolerance: T`")
    gap, point, values = largest_difference(a, b, ctx.assume)
    step.method = "approximate"
    if gap > tol:
        step.ok = False
        step.message = differ_message(point, values) + f" (tolerance {tol:g})"
    elif ctx.tolerance is not None and gap < tol / 10:
        step.ok = False
        step.message = (
            f": `% tolerance: {tol:g}` is loose: the sides never "
            f"differ by more than {mpmath.nstr(gap, 2)}"
        )


def ordering(a: sp.Expr, b: sp.Expr, op: str, ctx: Context, step: Step) -> list[dict]:
    """An inequality step: it holds and is tight (unless ``% loose``). Returns
    the ``% attained at`` points where its sides are equal."""
    if any(not set(symbols_of(a, b)) <= set(point) for point in ctx.attained):
        raise Unreadable("`% attained at` must give a value to every variable")
    check = inequality(a, b, op, ctx.attained, ctx.assume)
    step.method = "inequality"
    shown = SHOWN.get(op, op)
    if check.failure:
        ha, hb = check.failure.values
        at = f" at {fmt_point(check.failed_at)}" if check.symbols else ""
        step.ok = False
        step.message = f" {shown} fails{at}: {fmt_value(ha, hb)} vs {fmt_value(hb, ha)}"
        return []
    reached = [point for point in ctx.attained if equal_at(a, b, point)]
    constant = not (a.free_symbols | b.free_symbols)
    closest = check.closest
    if ctx.loose or constant or reached or closest is None or closest.gap <= TIGHT:
        return reached
    step.ok = False
    step.message = (
        f" {shown} is not tight: the sides come no closer than "
        f"{mpmath.nstr(closest.gap, 3)} (fix the bound, or mark `% loose: REASON`)"
    )
    return reached


def equal_at(a: sp.Expr, b: sp.Expr, point: dict) -> bool:
    symbols = list(point)
    ha = Side(a, symbols).high(tuple(point.values()))
    hb = Side(b, symbols).high(tuple(point.values()))
    return ha is not None and hb is not None and close_high(ha, hb)
