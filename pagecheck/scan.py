"""Scan a page's Markdown source for fences and displays, with their lines.

The scan knows Markdown's containers only as far as line prefixes go:
indentation (lists, admonitions, tabs, details) and blockquote markers
(``>``). It may find things the renderer does not show (a fence inside an
HTML comment, a display after a list item with no blank line);
``pagecheck.page`` aligns the scan with the rendered page and reports each
disagreement, so a check never trusts the scan alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pagecheck.paths import rel

# A line's container prefix: indentation and blockquote markers, in any mix.
PREFIX = r"(?P<prefix>(?:[ \t]*>)*[ \t]*)"
FENCE_OPEN = re.compile(PREFIX + r"(?P<mark>`{3,}|~{3,})(?P<info>[^`]*)$")
DISPLAY_OPEN = re.compile(PREFIX + r"(?P<open>\$\$|\\\[)[ \t]*$")
CLOSING = {"$$": "$$", r"\[": r"\]"}


@dataclass(frozen=True)
class Fence:
    path: Path
    line: int  # line of the opening fence
    prefix: str  # the container prefix of the opening line
    lang: str | None
    options: frozenset[str] = field(default_factory=frozenset)
    code: str = ""

    @property
    def first_code_line(self) -> int:
        return self.line + 1

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"


@dataclass(frozen=True)
class Display:
    """A displayed formula: ``$$`` (or ``\\[``) on its own line, TeX, the closing line."""

    path: Path
    line: int  # line of the opening $$
    rows: list[tuple[int, str]]  # (page line, TeX without its comment)
    comments: list[tuple[int, str]]  # (page line, text after an unescaped %)
    tex: str = ""  # the TeX as written, comments included

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"


def parse_info(info: str) -> tuple[str | None, frozenset[str]]:
    """Language and options of a fence, in either syntax:
    ``python notest`` or superfences' ``{.python notest title="x"}``."""
    info = info.strip()
    if info.startswith("{"):
        words = re.findall(r'[^\s"=]+(?:="[^"]*")?', info.strip("{}"))
        lang = next((w[1:] for w in words if w.startswith(".")), None)
        return lang, frozenset(w for w in words if not w.startswith("."))
    words = info.split()
    return (words[0] if words else None), frozenset(words[1:])


def strip_prefix(line: str, prefix: str) -> str:
    """``line`` without the container prefix of its block (as many ``>`` and the indent)."""
    quotes = prefix.count(">")
    rest = line
    for _ in range(quotes):
        m = re.match(r"[ \t]*>[ ]?", rest)
        if not m:
            return rest.lstrip()
        rest = rest[m.end() :]
    indent = prefix
    if quotes:  # one space after the last ">" belongs to the marker
        after = prefix.rsplit(">", 1)[-1]
        indent = after[1:] if after.startswith(" ") else after
    return rest[len(indent) :] if rest.startswith(indent) else rest.lstrip()


def fences(path: Path, text: str) -> list[Fence]:
    """Every fenced block the source seems to hold, at any depth."""
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        prefix, mark = m["prefix"], m["mark"]
        lang, options = parse_info(m["info"])
        close = re.compile(rf"^{PREFIX}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
        body = []
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            body.append(strip_prefix(lines[j], prefix))
            j += 1
        found.append(Fence(path, i + 1, prefix, lang, options, "\n".join(body) + "\n"))
        i = j + 1
    return found


def fenced_lines(path: Path, text: str) -> set[int]:
    """Line numbers inside fences, their opening and closing lines included."""
    inside: set[int] = set()
    for f in fences(path, text):
        inside.update(range(f.line, f.line + f.code.count("\n") + 2))
    return inside


def displays(path: Path, text: str) -> list[Display]:
    """Every display the source seems to hold, outside fences."""
    lines = text.splitlines()
    in_code = fenced_lines(path, text)
    found, i = [], 0
    while i < len(lines):
        m = DISPLAY_OPEN.match(lines[i])
        if i + 1 in in_code or not m:
            i += 1
            continue
        close, prefix = CLOSING[m["open"]], m["prefix"]
        rows, comments, raw, j = [], [], [], i + 1
        while j < len(lines) and strip_prefix(lines[j], prefix).strip() != close:
            line = strip_prefix(lines[j], prefix)
            raw.append(line)
            tex, comment = split_comment(line)
            rows.append((j + 1, tex))
            if comment is not None:
                comments.append((j + 1, comment))
            j += 1
        found.append(Display(path, i + 1, rows, comments, "\n".join(raw)))
        i = j + 1
    return found


def split_comment(line: str) -> tuple[str, str | None]:
    """A TeX line without its ``%`` comment, and the comment (None if there is none)."""
    m = re.search(r"(?<!\\)%", line)
    return (line, None) if not m else (line[: m.start()], line[m.end() :])
