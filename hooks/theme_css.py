"""Material's stylesheets, rewritten for what the build does instead of its script.

Tables: Material styles ``.md-typeset table:not([class])``, and its script
wraps exactly those tables once the page has loaded. ``hooks/page_blocks.py``
wraps them when the site is built instead and gives them a class, so the
script leaves them alone; ``styles_for`` makes the stylesheet that gives
that class Material's rules, read from the installed theme's own
stylesheet, so a new Material version brings its table styles along.

Palette: Material's palette script sets ``data-md-color-switching`` on
``<body>`` at every page load, reads the header's computed style, and
removes the attribute a task later. Its stylesheet's only use of the
attribute, ``[data-md-color-switching] *`` (no transitions while the palette
changes), makes each of those two changes restyle every element of the page:
two full style recalculations at load, 150–300 ms each on a throttled phone
on the notation page. ``without_palette_switching`` drops that rule, so the
attribute restyles nothing. What the rule was for is kept by a mark of the
site's own, set only when the reader switches the palette
(``overrides/assets/javascripts/palette-switch.js`` and ``extra.css``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import tinycss2

MATERIAL_TABLE = "table:not([class])"
PALETTE_SWITCHING = "[data-md-color-switching]"
PALETTE_STYLESHEET = "assets/stylesheets/palette.*.min.css"  # in the theme, and in the site


def material_stylesheet(pattern: str = "assets/stylesheets/main.*.min.css") -> Path:
    """The installed Material theme's stylesheet whose path (under the
    theme's folder) matches ``pattern``.

    Raises ``FileNotFoundError`` if there is not exactly one.
    """
    import material  # noqa: PLC0415 (the theme is needed only here)

    folder = Path(material.__file__).parent / "templates"
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise FileNotFoundError(f"{folder}: expected one {pattern}, found {len(found)}")
    return found[0]


def palette_stylesheet() -> tuple[str, str]:
    """Material's palette stylesheet: its path in the site (as in the
    theme's folder), and its text without the palette-switching rule."""
    path = material_stylesheet(PALETTE_STYLESHEET)
    theme = path.parents[len(Path(PALETTE_STYLESHEET).parts) - 1]
    css = path.read_text(encoding="utf-8")
    return path.relative_to(theme).as_posix(), without_palette_switching(css)


@cache
def without_palette_switching(css: str) -> str:
    """``css`` (a stylesheet's text) without the rules any of whose selectors
    names ``[data-md-color-switching]``, at any depth of ``@media`` and
    ``@supports``; minified as it came, comments (the source map's link
    among them: the map no longer fits) left out.

    Raises ``ValueError`` if no rule names it: Material has changed, and the
    rewrite needs looking at again.
    """
    dropped = []

    def keep(rule) -> str | None:
        if rule.type == "qualified-rule" and PALETTE_SWITCHING in tinycss2.serialize(rule.prelude):
            dropped.append(rule)
            return None
        return tinycss2.serialize([rule])

    kept = "".join(_each_rule(_parsed(css), keep))
    if not dropped:
        raise ValueError(f"no rule names {PALETTE_SWITCHING}: see hooks/theme_css.py")
    return kept + "\n"


def with_table_styles(stylesheet: str, class_name: str) -> str:
    """``stylesheet`` followed by Material's table rules for ``class_name``
    (one file, so a page waits for no further request before it is drawn)."""
    material = styles_for(material_stylesheet().read_text(encoding="utf-8"), class_name)
    note = f"/* Material's table styles, for table.{class_name} (hooks/theme_css.py) */"
    return f"{stylesheet.rstrip()}\n\n{note}\n{material}\n"


@cache
def styles_for(css: str, class_name: str) -> str:
    """The rules of ``css`` (a stylesheet's text) that style
    ``table:not([class])``, rewritten for ``table.CLASS_NAME``: each rule
    keeps only its selectors that name such a table, and ``@media`` and
    ``@supports`` blocks keep only such rules."""
    replacement = f"table.{class_name}"

    def renamed(rule) -> str | None:
        if rule.type != "qualified-rule":
            return None
        selectors = [s for s in _selectors(rule.prelude) if MATERIAL_TABLE in s]
        if not selectors:
            return None
        body = tinycss2.serialize(rule.content).strip()
        return ",".join(s.replace(MATERIAL_TABLE, replacement) for s in selectors) + f"{{{body}}}"

    return "\n".join(_each_rule(_parsed(css), renamed))


def _parsed(css: str) -> list:
    return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)


def _each_rule(rules, rewrite: Callable[[Any], str | None]) -> list[str]:
    """``rules`` serialised, each replaced by ``rewrite(rule)`` (None: left
    out), inside ``@media`` and ``@supports`` blocks too, which are left out
    once empty."""
    out = []
    for rule in rules:
        if rule.type == "at-rule" and rule.at_keyword in ("media", "supports") and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = "".join(_each_rule(inner, rewrite))
            if body:
                prelude = tinycss2.serialize(rule.prelude).strip()
                out.append(f"@{rule.at_keyword} {prelude}{{{body}}}")
        elif (kept := rewrite(rule)) is not None:
            out.append(kept)
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
