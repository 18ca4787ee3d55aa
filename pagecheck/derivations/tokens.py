"""Splitting TeX at its top level: relations, row breaks, alignment marks and
the groups (braces, parentheses, subscripts) that protect them."""

from __future__ import annotations

import re
from collections.abc import Callable

from pagecheck.derivations.errors import Unreadable

TOKEN = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\[a-zA-Z]+|\\.|[{}]|[^\\{}]")
RELATIONS = {
    "=": "=",
    "<": "<",
    ">": ">",
    r"\lt": "<",
    r"\gt": ">",
    r"\le": "<=",
    r"\leq": "<=",
    r"\leqslant": "<=",
    r"\ge": ">=",
    r"\geq": ">=",
    r"\geqslant": ">=",
    r"\approx": "≈",
    r"\ne": "!=",
    r"\neq": "!=",
}
SHOWN = {"<=": "≤", ">=": "≥", "!=": "≠"}  # a relation as messages write it


def top_level(tex: str, wanted: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, token) of each token ``wanted(token)`` accepts outside any
    brace group, parentheses or environment."""
    found, depth = [], 0
    for m in TOKEN.finditer(tex):
        tok = m.group()
        if tok in ("{", "(") or tok.startswith(r"\begin{"):
            depth += 1
        elif tok in ("}", ")") or tok.startswith(r"\end{"):
            depth -= 1
        elif depth == 0 and wanted(tok):
            found.append((m.start(), m.end(), tok))
    return found


def split_top(tex: str, wanted: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans of ``tex`` between the top-level tokens ``wanted`` accepts."""
    spans, start = [], 0
    for a, b, _ in top_level(tex, wanted):
        spans.append((start, a))
        start = b
    spans.append((start, len(tex)))
    return spans


def group(tex: str, i: int, open_: str = "{", close: str = "}") -> int:
    """Index just past the group opened at ``tex[i]``; Unreadable if it is
    never closed."""
    depth = 0
    for j in range(i, len(tex)):
        if tex[j] == open_ and tex[j - 1] != "\\":
            depth += 1
        elif tex[j] == close and tex[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    raise Unreadable(f"unbalanced {open_!r} in {tex!r}")


def argument(tex: str, i: int) -> tuple[str, int]:
    """A function's arguments in parentheses at ``tex[i:]``: (inner TeX, end)."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if tex.startswith(r"\left(", i):
        end = group(tex, i + 5, "(", ")")
        inner = tex[i + 6 : end - 1]
        if not inner.endswith(r"\right"):
            raise Unreadable(r"\left( closed by something else than \right)")
        return inner[: -len(r"\right")], end
    if tex.startswith("(", i):
        end = group(tex, i, "(", ")")
        return tex[i + 1 : end - 1], end
    raise Unreadable("a function needs its argument in parentheses, as in \\tanh(x)")


SCRIPT_TOKEN = re.compile(r"\\[a-zA-Z]+|\S")


def script(tex: str, i: int) -> tuple[str, int]:
    """The argument of ``_`` or ``^`` at ``tex[i:]``: a group, command or character."""
    if tex.startswith("{", i):
        end = group(tex, i)
        return tex[i + 1 : end - 1], end
    m = SCRIPT_TOKEN.match(tex, i)
    if not m:
        raise Unreadable("empty subscript or exponent")
    return m.group(), m.end()


def clean(tex: str) -> str:
    """A term without alignment marks and trailing punctuation."""
    for a, b, _ in reversed(top_level(tex, lambda t: t == "&")):
        tex = tex[:a] + " " + tex[b:]
    tex = re.sub(r"(\\[,;!]|\\q?quad|[\s,.;])+$", "", tex)
    return tex.strip()


def first_nonspace(s: str) -> int:
    return len(s) - len(s.lstrip())
