"""Markdown a snippet writes, inserted into its page when the site is built.

A snippet may write ``NAME.md`` beside its figures (the catalogue writes its
tables this way, from the facts it has just checked). Its page says where
the fragment goes with a line of its own, ``<!-- insert: NAME.md -->``; the
build replaces that line with the fragment, before the Markdown is rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

MARKER = re.compile(r"^<!-- insert: (?P<name>[\w.-]+\.md) -->[ \t]*$", re.M)


class FragmentError(Exception):
    """A page asks for a fragment no snippet wrote."""


def names(markdown: str) -> list[str]:
    """The fragments a page inserts."""
    return [m["name"] for m in MARKER.finditer(markdown)]


def insert(markdown: str, fragments: dict[str, Path], label: str) -> str:
    """``markdown`` with each marker replaced by its fragment.

    Raises FragmentError naming ``label`` (the page), the marker's line and
    the fragments there are.
    """

    def fragment(m: re.Match) -> str:
        path = fragments.get(m["name"])
        if path is None:
            line = markdown.count("\n", 0, m.start()) + 1
            raise FragmentError(
                f"{label}:{line}: inserts {m['name']}, which no snippet wrote "
                f"(there are {sorted(fragments)}); a snippet writes NAME.md beside its figures"
            )
        return path.read_text(encoding="utf-8").rstrip("\n")

    return MARKER.sub(fragment, markdown)
