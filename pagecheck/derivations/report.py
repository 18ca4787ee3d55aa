"""What the checker found: each step's verdict, a page's or the site's
report, the messages' numbers and points, and the summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import mpmath

from pagecheck.derivations import notation
from pagecheck.derivations.errors import UnknownNotation

NOCHECK_HINT = "(if it is not an identity, mark it `% nocheck: REASON`)"


@dataclass
class Step:
    """One relation between two neighbouring terms of a chain."""

    where: str  # page:line
    label: str  # "step 2 → 3"
    relation: str  # "=", "<=", "≈", …
    method: str  # how it was decided ("symbolic", "numeric", "inequality", …) or why it failed
    ok: bool
    message: str = ""  # why it failed
    note: str = ""  # for a step that must differ: where it does


@dataclass
class DerivationReport:
    """The checked steps of one or more pages, and what could not be checked."""

    steps: list[Step] = field(default_factory=list)
    exempt: list[tuple[str, str]] = field(default_factory=list)  # (page:line, reason)
    problems: list[str] = field(default_factory=list)  # failures that are not steps
    unread: list[str] = field(default_factory=list)  # page:line of unreadable TeX
    displays: int = 0
    pages: int = 0

    def add(self, other: DerivationReport) -> None:
        self.steps += other.steps
        self.exempt += other.exempt
        self.problems += other.problems
        self.unread += other.unread
        self.displays += other.displays
        self.pages += other.pages

    def cannot_read(self, where: str, exc: Exception) -> None:
        self.unread.append(where)
        if isinstance(exc, UnknownNotation):
            self.problems.append(f"{where}: {exc}")
        else:
            self.problems.append(f"{where}: cannot read this display: {exc} {NOCHECK_HINT}")

    @property
    def held(self) -> list[Step]:
        """The steps that hold (and those marked ``% wrong`` that differ)."""
        return [s for s in self.steps if s.ok]

    @property
    def failures(self) -> list[str]:
        """Every failure message, each starting with ``page:line:``."""
        return self.problems + [s.message for s in self.steps if not s.ok]


def fmt_value(v, other) -> str:
    """Enough significant digits to tell ``v`` from ``other``."""
    if v is None or other is None:
        return "undefined" if v is None else mpmath.nstr(v, 6)
    if not mpmath.isfinite(v) or not mpmath.isfinite(other):
        return mpmath.nstr(v, 6)
    whole = int(mpmath.log10(abs(v))) + 1 if abs(v) >= 1 else 0
    for digits in range(max(2, whole), 40):
        a, b = mpmath.nstr(v, digits), mpmath.nstr(other, digits)
        if a != b:
            return a
    return mpmath.nstr(v, 40)


def fmt_point(point: dict) -> str:
    """``{alpha: -1/2, x: 3}`` → ``α = -0.5, x = 3``."""
    shown = notation.REGISTRY.shown
    return ", ".join(f"{shown(s)} = {float(v):.6g}" for s, v in point.items())


def differ_message(point: dict | None, values: Sequence) -> str:
    a, b = values
    at = f" at {fmt_point(point)}" if point else ""
    return f" differ{at}: {fmt_value(a, b)} vs {fmt_value(b, a)}"


def summary(report: DerivationReport, drafts: Sequence[str] = ()) -> str:
    """What was checked and how each step was decided, one line per kind, with
    the steps decided only numerically, the ``% wrong`` steps and the exempt
    displays listed."""
    ok = report.held

    def count(method: str) -> list[Step]:
        return [s for s in ok if s.method == method]

    numeric, symbolic = count("numeric"), count("symbolic")
    lines = [
        f"{report.displays} displays on {report.pages} pages, {len(report.steps)} steps:",
        f"  {len(symbolic) + len(numeric)} equalities hold: "
        f"{len(symbolic)} proved by SymPy, {len(numeric)} decided numerically "
        "(float64 and 50-digit mpmath)",
        *[f"    {s.where}: {s.label}" for s in numeric],
        f"  {len(count('differs'))} steps marked % wrong, each shown to differ:",
        *[f"    {s.where}: {s.label}{s.note}" for s in count("differs")],
        f"  {len(count('inequality'))} inequalities hold on the grid and are tight",
        f"  {len(count('approximate'))} approximations hold to their tolerance",
        f"  {len(report.exempt)} displays exempted (% nocheck):",
        *[f"    {where}: {reason}" for where, reason in report.exempt],
        f"  {len(report.unread)} unreadable displays or steps",
        f"  {len(report.failures)} failures",
    ]
    if drafts:
        lines.append("  draft pages not checked: " + ", ".join(drafts))
    return "\n".join(lines)
