r"""The marker registry: the TeX comments (``% word …``) that tell the checker
how to read a display. MathJax ignores them.

Every ``%`` comment inside a display must start with one of these words; an
unknown one (``% atained at x = 0``) fails, naming its line and the closest
marker, so that a misspelt marker can never be silently ignored. Adding a
marker is one row in ``MARKERS`` plus the code that acts on it
(``check.py``); ``python -m pagecheck.derivations.tables --write`` rewrites
CONTRIBUTING's table.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pagecheck.page import Display
from pagecheck.paths import rel


@dataclass(frozen=True)
class MarkerKind:
    """One row of the registry."""

    word: str  # what the comment starts with: "attained at"
    syntax: str  # how it is written, for the docs
    meaning: str  # one line of Markdown, for the docs
    needs_reason: bool = False  # the text after the word must not be empty


MARKERS: tuple[MarkerKind, ...] = (
    MarkerKind("nocheck", "% nocheck: REASON",
               "not an identity (shapes, sets, matrix algebra): counted and listed with its "
               "reason, not checked", needs_reason=True),
    MarkerKind("wrong", "% wrong",
               "at the end of a row: the step into this row is a mistake shown on purpose, "
               "and must be NOT equal"),
    MarkerKind("wrong", "% wrong at x = TeX",
               "the same, and the sides must differ at that point (the one the prose shows)"),
    MarkerKind("where", "% where u = TeX",
               "substitute before checking, as in `% where u = e^{-2x}`"),
    MarkerKind("assume", "% assume CONDITION",
               r"check only where the condition holds, as in `% assume \alpha \ge 0`"),
    MarkerKind("attained at", "% attained at x = TeX",
               r"a claimed maximiser or minimiser: a `\le` or `\ge` of the display must be an "
               "equality there (checked at 50 digits); several variables: `x = 0; \\beta = 1`"),
    MarkerKind("loose", "% loose: REASON",
               "the inequalities hold but are not meant to be tight", needs_reason=True),
    MarkerKind("tolerance", "% tolerance: T",
               r"the largest difference a `\approx` step may have, as in `% tolerance: 1e-3`"),
)  # fmt: skip

WORDS = list(dict.fromkeys(m.word for m in MARKERS))  # each word once, in table order
NEEDS_REASON = {m.word for m in MARKERS if m.needs_reason}
# the longest word first: "attained at" before a shorter word it starts with
MARKER = re.compile(
    r"(?P<word>" + "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)) + r")"
    r"(?![\w])\s*:?\s*(?P<text>.*)"
)


class MarkerError(Exception):
    """A comment that is not a marker, or a marker without its argument; the
    message starts with ``page:line:``."""


@dataclass(frozen=True)
class Marker:
    line: int  # the page line of the comment
    word: str
    text: str  # what follows the word (and its optional colon), stripped


class Markers:
    """The markers of one display, in page order."""

    def __init__(self, found: list[Marker]):
        self.found = found

    def of(self, word: str) -> list[Marker]:
        return [m for m in self.found if m.word == word]

    def rows_marked(self, word: str) -> dict[int, str]:
        """{page line: text} of the markers ``word``."""
        return {m.line: m.text for m in self.of(word)}


def read_markers(display: Display) -> Markers:
    """The markers of a display's comments. Raises MarkerError for the first
    comment that is not a known marker, or lacks a required reason."""
    found = []
    for line, comment in display.comments:
        where = f"{rel(display.path)}:{line}"
        m = MARKER.match(comment.strip())
        if not m:
            raise MarkerError(unknown_marker_message(where, comment.strip()))
        if m["word"] in NEEDS_REASON and not m["text"].strip():
            raise MarkerError(f"{where}: `% {m['word']}` needs a reason")
        found.append(Marker(line, m["word"], m["text"].strip()))
    return Markers(found)


def unknown_marker_message(where: str, comment: str) -> str:
    """Names the comment, suggests the closest marker word, lists them all."""
    first = comment.split(maxsplit=1)[0] if comment.split() else ""
    firsts = {w.split()[0]: w for w in WORDS}
    close = difflib.get_close_matches(first.rstrip(":"), list(firsts), n=1, cutoff=0.6)
    hint = f" (did you mean `% {firsts[close[0]]}`?)" if close else ""
    known = ", ".join(f"`{m.syntax}`" for m in MARKERS)
    return (
        f"{where}: unknown marker `% {comment}`{hint}; a `%` comment in a display must "
        f"be a marker: {known} (pagecheck/derivations/markers.py)"
    )
