"""Read a page's Markdown source: its fences, images and displayed math.

Plain functions over text, shared by the doctest runner, the derivation
checker and the page checks. Every item carries the page and the 1-based
line it starts on, so failures can point there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pagecheck.paths import DOCS, rel

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>[^`]*)$")


@dataclass
class Fence:
    path: Path
    line: int  # line of the opening fence
    indent: str
    lang: str | None
    options: set[str] = field(default_factory=set)
    code: str = ""

    @property
    def first_code_line(self) -> int:
        return self.line + 1

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"


def pages(docs: Path = DOCS) -> list[Path]:
    """Every Markdown page of the site (``docs/includes/`` holds fragments, not pages)."""
    return sorted(p for p in docs.rglob("*.md") if "includes" not in p.relative_to(docs).parts)


def parse_info(info: str) -> tuple[str | None, set[str]]:
    """Language and options of a fence, in either syntax:
    ``python notest`` or superfences' ``{.python notest title="x"}``."""
    info = info.strip()
    if info.startswith("{"):
        words = re.findall(r'[^\s"=]+(?:="[^"]*")?', info.strip("{}"))
        lang = next((w[1:] for w in words if w.startswith(".")), None)
        return lang, {w for w in words if not w.startswith(".")}
    words = info.split()
    return (words[0] if words else None), set(words[1:])


def fences(path: Path, text: str | None = None) -> list[Fence]:
    """Every fenced block of a page, at any depth (admonitions, tabs, lists)."""
    lines = (path.read_text() if text is None else text).splitlines()
    found = []
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, mark = m["indent"], m["mark"]
        lang, options = parse_info(m["info"])
        close = re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
        body = []
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            line = lines[j]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            j += 1
        found.append(Fence(path, i + 1, indent, lang, options, "\n".join(body) + "\n"))
        i = j + 1
    return found


IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


@dataclass
class Image:
    path: Path
    line: int
    alt: str
    src: str


def images(path: Path) -> list[Image]:
    return [
        Image(path, n, m["alt"], m["src"])
        for n, line in enumerate(path.read_text().splitlines(), 1)
        for m in IMAGE.finditer(line)
    ]


@dataclass
class Display:
    """A displayed formula: ``$$`` (or ``\\[``) on its own line, TeX, the closing line."""

    path: Path
    line: int  # line of the opening $$
    rows: list[tuple[int, str]]  # (page line, TeX without its comment)
    comments: list[tuple[int, str]]  # (page line, text after an unescaped %)

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"


def displays(path: Path, text: str | None = None) -> list[Display]:
    """Every display of a page outside code fences."""
    lines = (path.read_text() if text is None else text).splitlines()
    in_code = set()
    for f in fences(path, "\n".join(lines)):
        end = f.line + f.code.count("\n")
        in_code.update(range(f.line, end + 2))
    found, i = [], 0
    while i < len(lines):
        n = i + 1
        if n in in_code or lines[i].strip() not in ("$$", r"\["):
            i += 1
            continue
        close = "$$" if lines[i].strip() == "$$" else r"\]"
        rows, comments, j = [], [], i + 1
        while j < len(lines) and lines[j].strip() != close:
            tex, comment = split_comment(lines[j])
            rows.append((j + 1, tex))
            if comment is not None:
                comments.append((j + 1, comment))
            j += 1
        found.append(Display(path, n, rows, comments))
        i = j + 1
    return found


def split_comment(line: str) -> tuple[str, str | None]:
    """A TeX line without its ``%`` comment, and the comment (None if there is none)."""
    m = re.search(r"(?<!\\)%", line)
    return (line, None) if not m else (line[: m.start()], line[m.end() :])
