"""A page as the checks see it: what the renderer shows, placed on source lines.

The page's source is rendered with the site's own Markdown settings
(``pagecheck.site``), and what the reader gets — code blocks, typeset displays,
images, TeX left as text — is read from that HTML (``pagecheck.html``). A scan of
the source finds the same things with their line numbers and fence options
(``notest``). The two are aligned in page order; wherever they disagree (a fence
that does not render as code, a display that is not typeset, a block the scan
cannot place) the page gets a problem naming its line, so no check can see a
different page from the reader's.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

from pagecheck import html as rendered
from pagecheck import scan
from pagecheck.paths import DOCS, rel
from pagecheck.scan import Display, Fence
from pagecheck.site import render

__all__ = ["Display", "Fence", "Image", "Page", "displays", "fences", "pages", "read"]

INCLUDE_MARK = "8<-"  # a fence whose code comes from a snippet file shows other text


@dataclass(frozen=True)
class Image:
    path: Path
    line: int | None  # None: the source line could not be found (an included fragment)
    alt: str | None  # None: no alt attribute
    src: str

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}" if self.line else rel(self.path)


@dataclass
class Page:
    path: Path
    text: str
    fences: list[Fence] = field(default_factory=list)  # rendered as code, in page order
    displays: list[Display] = field(default_factory=list)  # typeset as display math
    images: list[Image] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "page:line: what the reader gets"

    @property
    def label(self) -> str:
        return rel(self.path)


def pages(docs: Path = DOCS) -> list[Path]:
    """Every Markdown page of the site (``docs/includes/`` holds fragments, not pages)."""
    return sorted(p for p in docs.rglob("*.md") if "includes" not in p.relative_to(docs).parts)


def read(path: Path, text: str | None = None) -> Page:
    """The page at ``path`` (or ``text`` as if it were there), checked against its rendering."""
    return _read(Path(path), path.read_text(encoding="utf-8") if text is None else text)


def fences(path: Path, text: str | None = None) -> list[Fence]:
    """The page's fences that render as code blocks."""
    return read(path, text).fences


def displays(path: Path, text: str | None = None) -> list[Display]:
    """The page's displays that render as typeset math."""
    return read(path, text).displays


@functools.lru_cache(maxsize=64)
def _read(path: Path, text: str) -> Page:
    page = Page(path, text)
    html = rendered.soup(render(text))
    _align_fences(page, scan.fences(path, text), rendered.code_blocks(html))
    _align_displays(page, scan.displays(path, text), rendered.math_blocks(html))
    lines = text.splitlines()
    for img in rendered.images(html):
        page.images.append(Image(path, _line_of(lines, img.src), img.alt, img.src))
    reported = {p.split(": ", 1)[0] for p in page.problems}
    for piece in rendered.raw_tex(html):
        where = _where(page, _line_of(lines, piece[:40]))
        if where in reported:
            continue
        page.problems.append(
            f"{where}: the reader sees TeX as text ({_short(piece)}): math must be a "
            "display ($$ on lines of their own, after a blank line or indented with its "
            "list item) or inline \\( … \\)"
        )
    return page


def _paired(source: list, rendered: list) -> tuple[set[int], set[int]]:
    """The indices of ``source`` and of ``rendered`` that pair up, in order
    (the longest common subsequence of their keys)."""
    matcher = difflib.SequenceMatcher(a=source, b=rendered, autojunk=False)
    paired_source: set[int] = set()
    paired_rendered: set[int] = set()
    for a, b, n in matcher.get_matching_blocks():
        paired_source.update(range(a, a + n))
        paired_rendered.update(range(b, b + n))
    return paired_source, paired_rendered


def _fence_key(fence: Fence) -> tuple[str | None, str | None]:
    if INCLUDE_MARK in fence.code:
        return (fence.lang, None)
    return (fence.lang, fence.code.strip("\n"))


def _align_fences(page: Page, source: list[Fence], blocks: list[rendered.CodeBlock]):
    """Pair source fences with rendered code blocks; every unpaired one is a problem."""
    keys = [_fence_key(f) for f in source]
    included = {k for k, f in enumerate(source) if INCLUDE_MARK in f.code}
    # A block pairs with an include fence on language alone: its code came from a file.
    block_keys = []
    for block in blocks:
        key: tuple[str | None, str | None] = (block.lang, block.code.strip("\n"))
        if key not in keys and (block.lang, None) in keys:
            key = (block.lang, None)
        block_keys.append(key)
    paired_source, paired_blocks = _paired(keys, block_keys)
    for k, fence in enumerate(source):
        if k in paired_source:
            page.fences.append(fence)
        elif k not in included:
            page.problems.append(
                f"{fence.where}: this fence does not render as a code block: the reader sees "
                "its backticks and code as text (check its indentation inside lists, "
                "admonitions and tabs, and its closing fence)"
            )
    for k, block in enumerate(blocks):
        if k not in paired_blocks and block.lang not in (None, "text"):
            near = _line_of(page.text.splitlines(), block.code.strip().splitlines()[0][:40])
            page.problems.append(
                f"{_where(page, near)}: a {block.lang} code block renders here that the page "
                "reader cannot place, so no check runs it"
            )


def _display_key(tex: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in tex.splitlines() if line.strip())


def _align_displays(page: Page, source: list[Display], blocks: list[rendered.MathBlock]):
    keys = [_display_key(d.tex) for d in source]
    block_keys = [_display_key(b.tex) for b in blocks]
    paired_source, paired_blocks = _paired(keys, block_keys)
    for k, display in enumerate(source):
        if k in paired_source:
            page.displays.append(display)
        else:
            page.problems.append(
                f"{display.where}: this display is not typeset: the reader sees its TeX as "
                "text (a display needs a blank line before it, or the indentation of its "
                "list item)"
            )
    for k in range(len(blocks)):
        if k not in paired_blocks:
            first = block_keys[k][0] if block_keys[k] else ""
            near = _line_of(page.text.splitlines(), first[:40])
            page.problems.append(
                f"{_where(page, near)}: a display is typeset here that the derivation "
                "checker cannot place: write it as $$ on a line of its own, the TeX, $$ "
                "on a line of its own"
            )


def _line_of(lines: list[str], needle: str) -> int | None:
    """The source line where ``needle`` starts (whitespace-insensitive, across lines)."""
    target = " ".join(needle.split())
    if not target:
        return None
    joined, starts = "", []
    for n, line in enumerate(lines, 1):
        starts.append((len(joined), n))
        joined += " ".join(line.split()) + " "
    at = joined.find(target)
    if at < 0:
        return None
    return max(n for offset, n in starts if offset <= at)


def _where(page: Page, line: int | None) -> str:
    return f"{page.label}:{line}" if line else page.label


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
