r"""The documentation's tables of notation and markers, made from the registries.

``python -m pagecheck.derivations.tables --write`` rewrites them after a
change to ``notation.py`` or ``markers.py``; without ``--write`` it lists the
tables that differ and exits with status 1 (the tests do the same). Each table
is the first Markdown table under its heading:

- ``docs/notation.md``, ``## Functions``: the constants and functions, for readers;
- ``CONTRIBUTING.md``, ``### Notation the checker reads``: every registry row;
- ``CONTRIBUTING.md``, ``### Markers``: every marker.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sympy as sp

from pagecheck.derivations import notation
from pagecheck.derivations.markers import MARKERS
from pagecheck.derivations.notation import REAL, Notation
from pagecheck.derivations.numeric import FAR
from pagecheck.paths import ROOT, rel

COMMAND = "python -m pagecheck.derivations.tables --write"
INLINE_MATH = re.compile(r"\\\((.+?)\\\)")


def usage(entry: Notation, spelling: str, subscript: bool = True) -> str:
    r"""How a page calls a function: ``\operatorname{Swish}_\beta(x)``."""
    if entry.arity is None:
        args = "a, b, …"
    else:
        args = "x" if entry.arity == 1 else ", ".join("abcd"[: entry.arity])
    params = ",".join(entry.parameters)
    if subscript and len(entry.parameters) == 1:
        spelling += f"_{params}" if params.startswith("\\") else f"_{{{params}}}"
    elif subscript and entry.parameters:
        spelling += f"_{{{params}}}"
    return f"{spelling}({args})"


def defaults_note(entry: Notation) -> str:
    """What leaving the subscript out means, or "" for a function without one."""
    if not entry.parameters:
        return ""
    if entry.defaults is None:
        return "the subscript is required"
    symbols = notation.REGISTRY.parameter_symbols(entry)
    if [sp.sympify(d) for d in entry.defaults] == symbols:
        return f"written \\({usage(entry, entry.spellings[0], subscript=False)}\\) too"
    values = ", ".join(
        f"{sp.latex(s)} = {sp.latex(sp.sympify(d))}"
        for s, d in zip(symbols, entry.defaults, strict=True)
    )
    return f"\\({usage(entry, entry.spellings[0], subscript=False)}\\) has \\({values}\\)"


def cell(text: str) -> str:
    return text.replace("|", r"\|")


def reader_table() -> list[str]:
    """docs/notation.md: the constants and functions, with their meaning."""
    rows = ["| Symbol | Definition |", "|---|---|"]
    for entry in notation.REGISTRY.entries:
        if entry.kind == "variable":
            continue
        if entry.kind == "constant":
            shown = [f"\\({entry.spellings[0]}\\)"]
        else:
            shown = [f"\\({usage(entry, s)}\\)" for s in entry.spellings]
        meaning = "; ".join(filter(None, [entry.meaning, defaults_note(entry)]))
        rows.append(f"| {cell(', '.join(shown))} | {cell(meaning)} |")
    return rows


def sympy_form(entry: Notation) -> str:
    if entry.kind == "constant":
        return f"`{entry.value}`"
    if entry.kind == "variable":
        return "positive" if entry.positive else "real"
    assert entry.definition is not None
    arity = entry.arity or 2
    names = ["x"] if arity == 1 else list("abcd"[:arity])
    args = [sp.Symbol(n, real=True) for n in names]
    return f"`{entry.definition(*notation.REGISTRY.parameter_symbols(entry), *args)}`"


def sampled(entry: Notation) -> str:
    """Where numeric checks take a variable's values from."""
    if entry.kind != "variable":
        return ""
    lo, hi = entry.domain
    text = f"[{lo:g}, {hi:g}]"
    if entry.grid is not None:
        return text + "; in inequalities " + ", ".join(entry.grid)
    if entry.domain == REAL and not entry.positive:
        return text + f", a few points from [{FAR[0]:g}, {FAR[1]:g}]"
    return text


def checker_table() -> list[str]:
    """CONTRIBUTING.md: every registry row, as the checker reads it."""
    rows = ["| TeX | Kind | Meaning | SymPy | Sampled from |", "|---|---|---|---|---|"]
    for entry in notation.REGISTRY.entries:
        if entry.kind == "function":
            tex = [usage(entry, s) for s in entry.spellings]
            notes = defaults_note(entry)
        else:
            tex, notes = list(entry.spellings), ""
        # GitHub shows CONTRIBUTING.md without MathJax: math as code
        meaning = INLINE_MATH.sub(r"`\1`", "; ".join(filter(None, [entry.meaning, notes])))
        spelled = ", ".join(f"`{t}`" for t in tex)
        rows.append(
            f"| {cell(spelled)} | {entry.kind} | {cell(meaning)} | "
            f"{cell(sympy_form(entry))} | {sampled(entry)} |"
        )
    return rows


def markers_table() -> list[str]:
    rows = ["| Marker | Meaning |", "|---|---|"]
    rows += [f"| `{cell(m.syntax)}` | {cell(m.meaning)} |" for m in MARKERS]
    return rows


@dataclass(frozen=True)
class Table:
    path: Path
    heading: str
    render: Callable[[], list[str]]

    def locate(self, lines: list[str]) -> tuple[int, int]:
        """(first, last + 1) index of the table's lines in ``lines``."""
        level = self.heading.split()[0]
        try:
            start = lines.index(self.heading)
        except ValueError:
            raise ValueError(f"{rel(self.path)}: no heading `{self.heading}`") from None
        for i in range(start + 1, len(lines)):
            if lines[i].startswith("#") and len(lines[i].split()[0]) <= len(level):
                break
            if lines[i].startswith("|"):
                end = i
                while end < len(lines) and lines[end].startswith("|"):
                    end += 1
                return i, end
        raise ValueError(f"{rel(self.path)}: no table under `{self.heading}`")


TABLES = [
    Table(ROOT / "docs" / "notation.md", "## Functions", reader_table),
    Table(ROOT / "CONTRIBUTING.md", "### Notation the checker reads", checker_table),
    Table(ROOT / "CONTRIBUTING.md", "### Markers", markers_table),
]


def differences(tables: list[Table] = TABLES) -> list[str]:
    """One message per table whose text differs from its registry's,
    naming the file and line of the table."""
    found = []
    for table in tables:
        lines = table.path.read_text().splitlines()
        start, end = table.locate(lines)
        if lines[start:end] != table.render():
            found.append(
                f"{rel(table.path)}:{start + 1}: the table under `{table.heading}` differs "
                f"from the registry; run `{COMMAND}`"
            )
    return found


def write(tables: list[Table] = TABLES) -> list[str]:
    """Rewrite the tables that differ; returns the files changed."""
    changed = []
    for table in tables:
        text = table.path.read_text()
        lines = text.splitlines()
        start, end = table.locate(lines)
        new = lines[:start] + table.render() + lines[end:]
        if new != lines:
            table.path.write_text("\n".join(new) + ("\n" if text.endswith("\n") else ""))
            changed.append(rel(table.path))
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the tables that differ")
    args = parser.parse_args(argv)
    if args.write:
        for path in write():
            print(f"rewrote a table in {path}")
        return 0
    found = differences()
    print("\n".join(found) or "every table matches its registry")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
