"""Read the site's Markdown pages: fences, snippet includes, images.

Plain functions over text, shared by the tests and the doctest plugin. Every
item carries the page and the 1-based line it starts on, so failures can
point there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

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


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def pages(docs: Path = DOCS) -> list[Path]:
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
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
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
