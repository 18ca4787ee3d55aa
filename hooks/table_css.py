"""Material's table styles, for the tables the build wraps itself.

Material styles ``.md-typeset table:not([class])``, and its script wraps
exactly those tables once the page has loaded. ``hooks/page_blocks.py``
wraps them when the site is built instead and gives them a class, so the
script leaves them alone; ``styles_for`` makes the stylesheet that gives
that class Material's rules, read from the installed theme's own
stylesheet, so a new Material version brings its table styles along.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import tinycss2

MATERIAL_TABLE = "table:not([class])"


def material_stylesheet() -> Path:
    """The installed Material theme's main stylesheet.

    Raises ``FileNotFoundError`` if there is not exactly one.
    """
    import material  # noqa: PLC0415 (the theme is needed only here)

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    found = sorted(folder.glob("main.*.min.css"))
    if len(found) != 1:
        raise FileNotFoundError(f"{folder}: expected one main.*.min.css, found {len(found)}")
    return found[0]


def with_table_styles(stylesheet: str, class_name: str) -> str:
    """``stylesheet`` followed by Material's table rules for ``class_name``
    (one file, so a page waits for no further request before it is drawn)."""
    material = styles_for(material_stylesheet().read_text(encoding="utf-8"), class_name)
    note = f"/* Material's table styles, for table.{class_name} (hooks/table_css.py) */"
    return f"{stylesheet.rstrip()}\n\n{note}\n{material}\n"


@cache
def styles_for(css: str, class_name: str) -> str:
    """The rules of ``css`` (a stylesheet's text) that style
    ``table:not([class])``, rewritten for ``table.CLASS_NAME``: each rule
    keeps only its selectors that name such a table, and ``@media`` and
    ``@supports`` blocks keep only such rules."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_rewritten(rules, f"table.{class_name}"))


def _rewritten(rules, replacement: str) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _selectors(rule.prelude) if MATERIAL_TABLE in s]
            if selectors:
                body = tinycss2.serialize(rule.content).strip()
                renamed = ",".join(s.replace(MATERIAL_TABLE, replacement) for s in selectors)
                out.append(f"{renamed}{{{body}}}")
        elif rule.type == "at-rule" and rule.at_keyword in ("media", "supports") and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            kept = _rewritten(inner, replacement)
            if kept:
                prelude = tinycss2.serialize(rule.prelude).strip()
                out.append(f"@{rule.at_keyword} {prelude}{{{''.join(kept)}}}")
    return out


def _selectors(prelude) -> list[str]:
    """A rule's selectors: its prelude split at the commas outside brackets
    (a function such as ``:is(a, b)`` is a single token)."""
    selectors: list[str] = []
    current: list = []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current).strip())
            current = []
        else:
            current.append(token)
    selectors.append(tinycss2.serialize(current).strip())
    return selectors
