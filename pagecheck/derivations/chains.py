r"""A display as chains of relations: ``a &= b \\ &= c`` is the chain
a = b = c. A row that does not start with a relation starts a new chain, and
so does a top-level comma (``a = b, \qquad c = d``), except a row that
starts with a binary operator (``&\quad + c``), which continues the term
above it, as a long right-hand side is broken over rows. Every term keeps
the page line it starts on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pagecheck.derivations.errors import Unreadable
from pagecheck.derivations.tokens import RELATIONS, clean, first_nonspace, split_top, top_level

ENVIRONMENTS = ("aligned", "align", "align*", "gathered", "split", "equation")
# A row that continues the term above it: spacing, then +, -, \cdot or \times.
CONTINUES = re.compile(r"(?:\\q?quad\b|\\[,;:! ]|\s)*(?:[+-]|\\cdot\b|\\times\b)")


@dataclass
class Term:
    tex: str
    line: int


@dataclass
class Chain:
    terms: list[Term]
    relations: list[str] = field(default_factory=list)  # between terms i and i + 1
    # per step: None, or the text after `% wrong` on the step's row ("at x = 0", or "")
    wrong: list[str | None] = field(default_factory=list)


class Body:
    """The TeX of a display's rows inside its environment, with the page line
    of each position."""

    def __init__(self, rows: list[tuple[int, str]], first_line: int):
        self.text, self.starts = "", []
        for n, tex in rows:
            self.starts.append((len(self.text), n))
            self.text += tex + "\n"
        self.first_line = first_line
        self.start, self.end = 0, len(self.text)
        m = re.match(r"\s*\\begin\{([a-z*]+)\}", self.text)
        if m and m[1] in ENVIRONMENTS:
            end = self.text.rfind(rf"\end{{{m[1]}}}")
            if end < 0:
                raise Unreadable(f"\\begin{{{m[1]}}} without \\end")
            self.start, self.end = m.end(), end

    @property
    def inner(self) -> str:
        return self.text[self.start : self.end]

    def line_at(self, pos: int) -> int:
        """The page line of position ``pos`` of ``inner``."""
        pos += self.start
        return max((n for s, n in self.starts if s <= pos), default=self.first_line)


def chains(rows: list[tuple[int, str]], wrong: dict[int, str], first_line: int) -> list[Chain]:
    """The chains of relations of a display's ``rows`` ((page line, TeX)).
    ``wrong``: {page line: text} of its ``% wrong`` markers; the first step
    ending on a marked row is marked. Raises Unreadable for a row that starts
    with a relation no chain precedes, or a relation with nothing after it."""
    body = Body(rows, first_line)
    inner = body.inner
    found: list[Chain] = []
    spans = [
        (a + c, a + d)
        for a, b in split_top(inner, lambda t: t == "\\\\")
        # "a = b, \qquad c = d": two chains on one row
        for c, d in split_top(inner[a:b], lambda t: t == ",")
    ]
    for a, b in spans:
        row_lines = {body.line_at(k) for k in range(a, b) if not inner[k].isspace()}
        if not row_lines:
            continue
        row = inner[a:b]
        pieces: list[tuple[int, int, str | None]] = []
        start = 0
        for s, e, tok in top_level(row, lambda t: t in RELATIONS):
            pieces.append((start, s, tok))
            start = e
        pieces.append((start, len(row), None))
        first_tex = clean(row[pieces[0][0] : pieces[0][1]])
        if first_tex and CONTINUES.match(first_tex) and found:
            chain = found[-1]
            chain.terms[-1].tex += " " + first_tex
        elif first_tex:
            chain = Chain([Term(first_tex, body.line_at(a + first_nonspace(row)))])
            found.append(chain)
        elif not found:
            raise Unreadable("a row starts with a relation but no chain precedes it")
        else:
            chain = found[-1]
        marked = [wrong[n] for n in sorted(row_lines) if n in wrong]
        for k, (s, e, _) in enumerate(pieces[1:]):
            relation = pieces[k][2]
            tex = clean(row[s:e])
            if not tex:
                raise Unreadable(f"nothing after {relation!r}")
            chain.terms.append(Term(tex, body.line_at(a + s + first_nonspace(row[s:e]))))
            chain.relations.append(RELATIONS[str(relation)])
            chain.wrong.append(marked[0] if k == 0 and marked else None)
    return found
