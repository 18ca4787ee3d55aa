"""What goes wrong when a display is read: the checker's own exceptions.

Only these are caught while checking; anything else (an ImportError from a
missing or wrong ANTLR runtime, a bug) propagates with its traceback.
"""

from __future__ import annotations

REGISTRY_FILE = "pagecheck/derivations/notation.py"


class Unreadable(Exception):
    """TeX the checker cannot turn into SymPy; the page should mark the
    display ``% nocheck: REASON`` if it is not an identity."""


class UnknownNotation(Unreadable):
    """A function, symbol or command that the notation registry lacks,
    named as the page writes it."""


class OverlappingCases(Unreadable):
    """A ``cases`` block whose conditions hold together somewhere."""
