"""One meta description per page: the front matter's ``description``, or else
the page's first paragraph as plain text, cut to what search results show.

Material writes ``page.meta.description`` into ``content="…"`` without
escaping it; the description is therefore handed over as a ``Markup`` string,
which prints escaped, so a quote in the text cannot end the attribute.
Inline math in the paragraph is TeX (``\\(\\tanh(x)\\)``): it becomes readable
text (``tanh(x)``), since a description is shown as plain text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup, escape

# Search engines show about 155 characters of a description.
LIMIT = 155

# TeX commands of inline math and the text that reads the same.
SYMBOLS = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "phi": "φ",
    "varphi": "φ",
    "Phi": "Φ",
    "theta": "θ",
    "infty": "∞",
    "cdot": "·",
    "times": "×",
    "ne": "≠",
    "neq": "≠",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "approx": "≈",
    "to": "→",
    "in": "∈",
    "pm": "±",
    "dots": "…",
    "ldots": "…",
    "cdots": "⋯",
    "partial": "∂",
    "mathbb{R}": "ℝ",
}
FRACTION = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
WRAPPER = re.compile(r"\\(?:operatorname|mathrm|text|mathbf|mathit|left|right)\b\*?")
SPACING = re.compile(r"\\[,;:! ]|\\q?quad\b")
COMMAND = re.compile(r"\\(mathbb\{R\}|[A-Za-z]+)")


def tex_text(tex: str) -> str:
    """Inline TeX as plain text: ``\\operatorname{pReLU}(x) = \\max(0, x)`` →
    ``pReLU(x) = max(0, x)``; ``\\frac{1}{4}`` → ``1/4``. Unknown commands
    keep their name (``\\tanh`` → ``tanh``)."""
    text = FRACTION.sub(r"\1/\2", tex)
    text = SPACING.sub(" ", text)
    text = WRAPPER.sub("", text)
    text = COMMAND.sub(lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return " ".join(text.split())


INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)


# Elements whose paragraphs are not the page's opening prose.
NOT_PROSE = frozenset({"table", "figure", "nav", "aside", "script", "style", "details"})


class _FirstParagraph(HTMLParser):
    """The text of the first ``<p>`` that is not inside an admonition, a
    figure or a table, with inline math read as text."""

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
    parser.feed(html)
    text = "".join(parser.parts)
    text = INLINE_MATH.sub(lambda m: tex_text(m.group(1)), text)
    return " ".join(text.split())


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
