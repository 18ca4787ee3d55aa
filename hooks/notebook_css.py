"""Prune the CSS mkdocs-jupyter inlines into notebook pages to the rules they use.

Most of it (some 600 KB per page) styles JupyterLab's widgets and palettes,
which a static page never shows.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import tinycss2


def prune_css(css: str, used: set[str]) -> str:
    """The rules of ``css`` that can match an element with classes from ``used``.

    A rule is kept when one of its selectors names only used classes (or
    none). Custom properties (``--x: …``) that nothing kept reads with
    ``var(--x)`` are dropped too: most of the CSS mkdocs-jupyter inlines
    styles JupyterLab's widgets and palettes, which a static page never shows.
    """
    rules = _kept_rules(tinycss2.parse_stylesheet(css, **PARSE), used)
    # Custom properties read, directly or through other custom properties.
    values: dict[str, set[str]] = {}  # custom property -> the properties its values read
    read = set()
    for _, declarations in _all_rules(rules):
        for d in declarations:
            refs = set(VAR.findall(d.value))
            if d.name.startswith("--"):
                values.setdefault(d.name, set()).update(refs)
            else:
                read |= refs
    todo = list(read)
    while todo:
        for ref in values.get(todo.pop(), ()):
            if ref not in read:
                read.add(ref)
                todo.append(ref)
    return "\n".join(_serialize(rules, read))


VAR = re.compile(r"var\(\s*(--[\w-]+)")
PARSE = {"skip_comments": True, "skip_whitespace": True}


@dataclass
class _Declaration:
    name: str
    value: str
    important: bool


def _kept_rules(nodes, used: set[str]) -> list:
    """(selector, declarations) pairs, (at-rule head, list) nests, or raw text."""
    kept = []
    for node in nodes:
        if node.type == "qualified-rule":
            if _selector_may_match(node.prelude, used):
                declarations = [
                    # Custom property names are case-sensitive, others are not.
                    _Declaration(
                        d.name if d.name.startswith("--") else d.lower_name,
                        tinycss2.serialize(d.value).strip(),
                        d.important,
                    )
                    for d in tinycss2.parse_blocks_contents(node.content, **PARSE)
                    if d.type == "declaration"
                ]
                kept.append((tinycss2.serialize(node.prelude).strip(), declarations))
        elif node.type != "at-rule" or node.lower_at_keyword == "charset":
            continue
        elif node.lower_at_keyword in ("media", "supports") and node.content:
            contents = tinycss2.parse_blocks_contents(node.content, **PARSE)
            inner = _kept_rules(contents, used)
            if inner:
                head = f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}"
                kept.append((head, inner))
        else:
            kept.append(node.serialize())  # @keyframes, @font-face: small, kept whole
    return kept


def _all_rules(rules):
    for rule in rules:
        if isinstance(rule, tuple) and rule[0].startswith("@"):
            yield from _all_rules(rule[1])
        elif isinstance(rule, tuple):
            yield rule


def _serialize(rules, read: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if isinstance(rule, str):
            out.append(rule)
        elif rule[0].startswith("@"):
            inner = _serialize(rule[1], read)
            if inner:
                out.append(f"{rule[0]}{{{''.join(inner)}}}")
        else:
            body = ";".join(
                f"{d.name}:{d.value}{' !important' if d.important else ''}"
                for d in rule[1]
                if not d.name.startswith("--") or d.name in read
            )
            if body:
                out.append(f"{rule[0]}{{{body}}}")
    return out


def _selector_may_match(prelude, used: set[str]) -> bool:
    selectors: list[list] = []
    current: list = []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    for tokens in selectors:
        classes = {
            b.value
            for a, b in itertools.pairwise(tokens)
            if a.type == "literal" and a.value == "." and b.type == "ident"
        }
        if classes <= used:
            return True
    return False
