"""Checking a page: its displays, their markers, each chain's steps, and the
line a failure is blamed on."""

from __future__ import annotations

import re
from pathlib import Path

import sympy as sp

from pagecheck.derivations import notation
from pagecheck.derivations.cases import Branch, Where, branches, condition, to_sympy, uncovered
from pagecheck.derivations.chains import Chain, chains
from pagecheck.derivations.errors import OverlappingCases, Unreadable
from pagecheck.derivations.markers import Marker, MarkerError, Markers, read_markers
from pagecheck.derivations.report import DerivationReport, Step, fmt_point
from pagecheck.derivations.steps import Context, approx, equality, ordering, single, wrong_at
from pagecheck.page import Display, displays
from pagecheck.paths import rel

INEQUALITIES = ("<=", ">=", "<", ">")


def is_draft(path: Path) -> bool:
    """A page whose first line starts with ``# DRAFT`` is not checked yet."""
    return path.read_text().startswith("# DRAFT")


def check_page(path: Path, text: str | None = None) -> DerivationReport:
    """Every display of the page at ``path`` (or of ``text``, read as that page).
    An exception that is not about the page's TeX propagates, with a note
    naming the display it was raised at."""
    report = DerivationReport(pages=1)
    for display in displays(path, text):
        try:
            report.add(check_display(display))
        except Exception as exc:  # not the page's fault (a missing ANTLR runtime, a bug)
            exc.add_note(f"while checking the display at {display.where}")
            raise
    return report


def check_display(display: Display) -> DerivationReport:
    """One display: its markers read, then every step of every chain checked
    (or the display counted as exempt, with the reason of its ``% nocheck``)."""
    report = DerivationReport(displays=1)
    try:
        markers = read_markers(display)
    except MarkerError as exc:
        report.problems.append(str(exc))
        return report
    if nocheck := markers.of("nocheck"):
        report.exempt.append((display.where, nocheck[0].text))
        return report
    try:
        found = chains(display.rows, markers.rows_marked("wrong"), display.line)
        ctx = context(markers)
    except Unreadable as exc:
        report.cannot_read(display.where, exc)
        return report
    if not any(c.relations for c in found):
        report.problems.append(
            f"{display.where}: a display with no relation to check: add `% nocheck: REASON`"
        )
        return report
    marked = sum(w is not None for c in found for w in c.wrong)
    if marked < len(markers.of("wrong")):
        report.problems.append(
            f"{display.where}: a `% wrong` marker is on a row with no step to mark"
        )
    for chain in found:
        check_chain(rel(display.path), chain, ctx, report)
    return report


def context(markers: Markers) -> Context:
    """What the markers ``where``, ``assume``, ``attained at``, ``tolerance``
    and ``loose`` say, read into SymPy."""
    where = where_substitutions(markers.of("where"))
    assumptions = []
    for m in markers.of("assume"):
        cond = condition(m.text, where)
        if cond is None:
            raise Unreadable(f"`% assume` needs a condition, got {m.text!r}")
        assumptions.append(cond)
    return Context(
        where,
        sp.And(*assumptions),
        [parse_point(m.text, "", where) for m in markers.of("attained at")],
        tolerance_of(markers.of("tolerance")),
        bool(markers.of("loose")),
    )


def variable_named(name: str) -> sp.Symbol:
    symbol = notation.REGISTRY.symbol(name)
    if not isinstance(symbol, sp.Symbol):
        raise Unreadable(f"{name} is a constant, not a variable")
    return symbol


def where_substitutions(found: list[Marker]) -> Where:
    subs: Where = {}
    for marker in found:
        m = re.fullmatch(r"\s*([a-z])\s*=(.+)", marker.text)
        if not m:
            raise Unreadable(f"`% where` needs `NAME = TeX`, got {marker.text!r}")
        subs[variable_named(m[1])] = to_sympy(m[2], subs)
    return subs


def parse_point(text: str, prefix: str, where: Where) -> dict:
    """``x = 0; \\beta = 1`` (after ``prefix``) as {symbol: value}."""
    if not text.startswith(prefix):
        raise Unreadable(f"expected `{prefix} x = TeX`, got {text!r}")
    point = {}
    for part in text[len(prefix) :].split(";"):
        m = re.fullmatch(r"\s*(\\?[a-z]+)\s*=(.+)", part)
        if not m:
            raise Unreadable(f"a point is `x = TeX`, got {text!r}")
        point[variable_named(m[1].lstrip("\\"))] = to_sympy(m[2], where)
    return point


def tolerance_of(found: list[Marker]) -> float | None:
    if not found:
        return None
    try:
        return float(found[0].text)
    except ValueError:
        raise Unreadable(f"`% tolerance` needs a number, got {found[0].text!r}") from None


def read_terms(page: str, chain: Chain, ctx: Context, report: DerivationReport):
    """Each term of the chain as branches; None (and the problem reported) if
    one cannot be read. A term given by cases must cover the line."""
    terms: list[list[Branch]] = []
    for term in chain.terms:
        try:
            terms.append(branches(term.tex, ctx.where))
        except OverlappingCases as exc:
            report.problems.append(f"{page}:{term.line}: {exc}")
            return None
        except Unreadable as exc:
            report.cannot_read(f"{page}:{term.line}", exc)
            return None
        if (point := uncovered(terms[-1], ctx.assume)) is not None:
            report.problems.append(
                f"{page}:{term.line}: no case of this term holds at {fmt_point(point)}"
            )
    return terms


def decide(chain: Chain, terms: list[list[Branch]], i: int, ctx: Context, step: Step):
    """Step i (term i to term i + 1), by its relation and ``% wrong`` marker.
    Returns the ``% attained at`` points where an inequality is equal."""
    op, wrong = chain.relations[i], chain.wrong[i]
    if wrong is not None and op != "=":
        raise Unreadable("`% wrong` can only mark an = step")
    if wrong:
        at = parse_point(wrong, "at", ctx.where)
        wrong_at(single(terms[i]), single(terms[i + 1]), at, wrong, step)
    elif op in ("=", "!="):
        differ = "is marked `% wrong`" if wrong is not None else ("≠" if op == "!=" else None)
        equality(terms[i], terms[i + 1], ctx, step, differ)
    elif op == "≈":
        sides_tex = (chain.terms[i].tex, chain.terms[i + 1].tex)
        approx(sides_tex, single(terms[i]), single(terms[i + 1]), ctx, step)
    else:
        return ordering(single(terms[i]), single(terms[i + 1]), op, ctx, step)
    return []


def check_chain(page: str, chain: Chain, ctx: Context, report: DerivationReport) -> None:
    """Every step of the chain, added to ``report``; failures name the line
    ``blame`` finds."""
    terms = read_terms(page, chain, ctx, report)
    if terms is None:
        return
    steps, reached = [], []  # reached: attained points where a ≤ or ≥ is equal
    for i, op in enumerate(chain.relations):
        step = Step(f"{page}:{chain.terms[i + 1].line}", f"step {i + 1} → {i + 2}", op, "", True)
        try:
            reached += decide(chain, terms, i, ctx, step)
        except Unreadable as exc:
            step.ok, step.method = False, "unread"
            step.message = f": cannot read: {exc}"
            report.unread.append(step.where)
        steps.append(step)
    for i, step in enumerate(steps):
        if not step.ok:
            line, lines = blame(chain, steps, i)
            step.message = f"{page}:{line}: {step.label}{lines}{step.message}"
    report.steps += steps
    if any(op in INEQUALITIES for op in chain.relations):
        for point in ctx.attained:
            if point not in reached:
                report.problems.append(
                    f"{page}:{chain.terms[0].line}: no ≤ or ≥ of this chain is "
                    f"attained at {fmt_point(point)}"
                )


def blame(chain: Chain, steps: list[Step], i: int) -> tuple[int, str]:
    """The line to show for failed step i: the line of the term that disagrees
    with all its neighbours (a changed term breaks the steps on both sides),
    else the later line and, in words, both."""
    informative = [chain.wrong[k] is None and s.method != "unread" for k, s in enumerate(steps)]

    def suspicion(term: int) -> int:
        """How many steps around the term fail, if all of them do."""
        around = [k for k in (term - 1, term) if 0 <= k < len(steps) and informative[k]]
        return 0 if any(steps[k].ok for k in around) else len(around)

    before, after = chain.terms[i].line, chain.terms[i + 1].line
    if steps[i].method not in ("differ", "inequality") or before == after:
        return after, ""
    if suspicion(i) > suspicion(i + 1):
        return before, ""
    if suspicion(i + 1) > suspicion(i):
        return after, ""
    return after, f" (lines {before}–{after})"
