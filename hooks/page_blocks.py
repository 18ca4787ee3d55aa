"""A page's blocks made cheap to load on a phone: tables wrapped when the
site is built, and the blocks past the first screen drawn when the reader
comes near them.

Tables. Material's script wraps each table without a class in
``<div class="md-typeset__scrollwrap"><div class="md-typeset__table">`` once
the page has loaded. Moving a table out of the page and back makes the
browser rebuild and restyle it, with each SVG glyph of its formulas (a
``<use>`` element, a shadow tree to style): on the notation page, 1.5 s of
style recalculation on a phone-speed CPU. ``wrap_tables`` writes the same
wrappers into the HTML and gives the table the class ``TABLE_CLASS``, which
Material's script skips; ``hooks/theme_css.py`` gives that class Material's
table styles.

Blocks past the first screen. ``prepare`` gives each top-level block (on a
notebook page, each cell: the children of ``NOTEBOOK``) after the first
``FIRST_SCREEN`` and before the last ``LAST_DRAWN`` the attribute
``DEFERRED``, for which the stylesheet sets ``content-visibility: auto``.
A build-time mark, not ``:nth-child`` rules: while a page is parsed each new
block changes every block's place from the end, so such rules restyled the
whole page after every chunk the parser read, and drew each block while it
was among the last parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

TABLE_CLASS = "md-data-table"
TABLE_WRAPPER = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
DEFERRED = "data-deferred-draw"
# Blocks drawn at load: the first screen (headings included), so nothing on
# it is drawn a frame late and moves, and the last few, so no block's content
# reaches past its placeholder box over the footer (where an accessibility
# checker's contrast test then found it).
FIRST_SCREEN = 14
LAST_DRAWN = 8
# mkdocs-jupyter's notebook element, whose children are the cells.
NOTEBOOK = "jp-Notebook"
DEFERRABLE = {"p", "ul", "ol", "div", "table", "details", "blockquote", "figure", "dl"}
# What a code block holds: markup of its own (a <span> per token), which
# the scan need not read.
PRE_CONTENT = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.S)
NEWLINE = re.compile("\n")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


@dataclass
class Element:
    """An element of the page: its tag, where its start tag begins and ends,
    and where its end tag ends (offsets into the HTML)."""

    tag: str
    start: int
    open_end: int
    end: int = -1
    has_class: bool = False
    depth: int = 0


class _Scanner(HTMLParser):
    """The top-level elements, the tables and the notebook cells of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.notebook: Element | None = None
        self.cells: list[Element] = []
        self.html = html
        # Where each line starts: HTMLParser counts lines by "\n" only (not by
        # str.splitlines, which also breaks at U+2028 and form feeds).
        self.lines = [0] + [newline.end() for newline in NEWLINE.finditer(html)]
        self.open: list[Element] = []
        self.top: list[Element] = []
        self.tables: list[Element] = []
        self.feed(_without_code(html))
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        element = Element(tag, start, start + len(self.get_starttag_text() or ""))
        classes = next((value or "" for name, value in attrs if name == "class"), None)
        element.has_class = classes is not None
        element.depth = len(self.open)
        if element.depth == 0:
            self.top.append(element)
        if self.notebook is None and NOTEBOOK in (classes or "").split():
            self.notebook = element
        elif self.notebook and self.notebook.end < 0 and element.depth == self.notebook.depth + 1:
            self.cells.append(element)
        if tag == "table":
            self.tables.append(element)
        if tag in VOID:
            element.end = element.open_end
        else:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if not self.open:
            self.top.append(Element(tag, start, end, end))

    def handle_endtag(self, tag):
        # Close up to the matching start tag (what a browser does with a
        # missing end tag); a stray end tag closes nothing.
        if not any(element.tag == tag for element in self.open):
            return
        end = self.html.index(">", self._offset()) + 1
        while self.open:
            element = self.open.pop()
            element.end = end
            if element.tag == tag:
                break


def _without_code(html: str) -> str:
    """``html`` with the inside of each ``<pre>`` blanked out, newlines kept:
    every offset stays the same, and the parser has a fraction of the tags
    to read (a build spent 0.7 s reading code blocks' markup)."""

    def blank(match: re.Match) -> str:
        lines = match[2].split("\n")
        return match[1] + "\n".join(" " * len(line) for line in lines) + match[3]

    return PRE_CONTENT.sub(blank, html)


def _insertions(html: str) -> list[tuple[int, str]]:
    scan = _Scanner(html)
    blocks = [element for element in scan.cells or scan.top if element.end >= 0]
    deferred = {
        element.start
        for element in blocks[FIRST_SCREEN : len(blocks) - LAST_DRAWN]
        if element.tag in DEFERRABLE
    }
    edits: list[tuple[int, str]] = []
    for table in scan.tables:
        if table.has_class or table.end < 0:
            continue
        wrapper = TABLE_WRAPPER
        if table.start in deferred:  # the mark goes on the outer wrapper
            deferred.remove(table.start)
            wrapper = wrapper.replace("<div", f"<div {DEFERRED}", 1)
        edits.append((table.start, wrapper))
        # "<table" + its attributes: the class goes right after the tag name.
        edits.append((table.start + len("<table"), f' class="{TABLE_CLASS}"'))
        edits.append((table.end, "</div></div>"))
    for element in blocks:
        if element.start in deferred:
            edits.append((element.start + len("<" + element.tag), f" {DEFERRED}"))
    return edits


def prepare(html: str) -> str:
    """A page's content (HTML) with its tables wrapped as Material's script
    would wrap them, and its blocks past the first screen marked ``DEFERRED``."""
    out, last = [], 0
    for offset, text in sorted(_insertions(html), key=lambda edit: edit[0]):
        out.append(html[last:offset])
        out.append(text)
        last = offset
    out.append(html[last:])
    return "".join(out)
