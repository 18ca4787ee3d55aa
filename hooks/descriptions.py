"""One meta description per page: the front matter's ``description``, or else
the page's first paragraph as plain text, cut to what search results show.

Material writes ``page.meta.description`` into ``content="…"`` without
escaping it; the description is therefore handed over as a ``Markup`` string,
which prints escaped, so a quote in the text cannot end the attribute. It is
read from the content as search reads it, where each formula is its plain
text (``tanh(x) = 2σ(2x) − 1``, from MathJax's MathML: ``hooks.mathtext``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup, escape

# Search engines show about 155 characters of a description.
LIMIT = 155
CHUNK = 4096  # characters of HTML read at a time

# Elements whose paragraphs are not the page's opening prose.
NOT_PROSE = frozenset({"table", "figure", "nav", "aside", "script", "style", "details"})


class _FirstParagraph(HTMLParser):
    """The text of the first ``<p>`` that is not inside an admonition, a
    figure or a table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipped: str | None = None  # the element whose paragraphs are skipped
        self.depth = 0  # how many of that element are open
        self.inside = False
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.skipped == tag:
            self.depth += 1
        elif self.skipped is None and (
            tag in NOT_PROSE or "admonition" in (dict(attrs).get("class") or "").split()
        ):
            self.skipped, self.depth = tag, 1
        elif tag == "p" and self.skipped is None and not self.done:
            self.inside = True

    def handle_endtag(self, tag):
        if tag == self.skipped:
            self.depth -= 1
            if not self.depth:
                self.skipped = None
        elif tag == "p" and self.inside:
            self.inside = False
            self.done = bool("".join(self.parts).strip())

    def handle_data(self, data):
        if self.inside and not self.done:
            self.parts.append(data)


def first_paragraph(html: str) -> str:
    """Plain text of the first prose paragraph of a page's content, or ''."""
    parser = _FirstParagraph()
    # In pieces, stopping at the paragraph: pages run to 150 KB, most of it after.
    for start in range(0, len(html), CHUNK):
        parser.feed(html[start : start + CHUNK])
        if parser.done:
            break
    return " ".join("".join(parser.parts).split())


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` if it fits; else its whole sentences that fit, if they make at
    least half the limit; else its whole words that fit and an ellipsis. A
    text that stops mid-sentence (before a display) also ends in an ellipsis."""
    if len(text) > limit:
        ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", text[: limit + 1])]
        if ends and ends[-1] >= limit // 2:
            return text[: ends[-1]]
        text = text[: limit - 1].rsplit(" ", 1)[0]
    if text and text[-1] not in ".!?)":
        text = text.rstrip(",;: ") + "…"
    return text


def description(meta: dict, html: str, fallback: str) -> Markup:
    """The page's description, escaped for an attribute: the front matter's,
    else the first paragraph of ``html``, else ``fallback`` (the site's)."""
    text = meta.get("description") or shorten(first_paragraph(html)) or fallback
    return escape(" ".join(str(text).split()))
