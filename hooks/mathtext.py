"""Typeset math as one line of plain text, for places that show no markup.

The table of contents, search results and copied text show a formula as text:
``tanh(x) = 2σ(2x) − 1`` rather than ``\\tanh(x) = 2\\sigma(2x) - 1``. The text
is read from the MathML that MathJax makes of the TeX, so it says what the
reader sees: fractions become ``a/b``, roots ``√(…)``, small superscripts
``x²`` and others ``e^(−x²/2)``.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

MATHML = "{http://www.w3.org/1998/Math/MathML}"

# Operators written with a space on each side (unless unary, as in "−x").
SPACED = set("=≠<>≤≥≈≡≅∼≃∝≪≫∈∉∋⊂⊃⊆⊇→←↔⇒⇐⇔↦:+−±∓×⋅∗∘÷∣∪∩∧∨∖⊕⊗")
UNARY = set("+−±∓")
# Followed by a space only.
SEPARATORS = set(",;")
FUNCTION_APPLICATION = "\u2061"
INVISIBLE = {FUNCTION_APPLICATION, "\u2062", "\u2063", "\u2064"}
PRIMES = set("′″‴⁗")
SUPERSCRIPT = str.maketrans("0123456789+−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
SUBSCRIPT = str.maketrans("0123456789+−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
# Accents over a symbol, as combining characters (\hat x, \bar x, \vec x, ...).
ACCENTS = {
    "^": "\u0302",
    "ˆ": "\u0302",
    "~": "\u0303",
    "˜": "\u0303",
    "¯": "\u0304",
    "‾": "\u0305",
    "˙": "\u0307",
    "¨": "\u0308",
    "→": "\u20d7",
    "⃗": "\u20d7",
}
# Double-struck capitals outside the Mathematical Alphanumeric Symbols block.
DOUBLE_STRUCK = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
# A script written out, not as a small character: "x_i", "e^(−x²/2)".
WRITTEN_SCRIPT = re.compile(r"[_^](\w+|\([^()]*\))$")
IGNORED = {"annotation", "annotation-xml", "mphantom", "none", "mprescripts"}


def readable(mathml: str) -> str:
    """One line of text for a ``<math>`` element (MathML as MathJax writes it).

    Raises ``xml.etree.ElementTree.ParseError`` if ``mathml`` is not well formed.
    """
    return " ".join(_text(ElementTree.fromstring(mathml)).split())


def _tag(element: ElementTree.Element) -> str:
    return element.tag.removeprefix(MATHML)


def _text(element: ElementTree.Element) -> str:  # noqa: PLR0911, C901 (one case per element)
    tag = _tag(element)
    kids = list(element)
    if tag in IGNORED:
        return ""
    if tag in ("mi", "mn", "mtext", "ms", "mo"):
        return _token(element)
    if tag == "mspace":
        return " "
    if tag == "msup" and len(kids) == 2:
        return _text(kids[0]) + _superscript(_text(kids[1]))
    if tag == "msub" and len(kids) == 2:
        return _text(kids[0]) + _subscript(_text(kids[1]))
    if tag in ("msubsup", "munderover") and len(kids) == 3:
        return _text(kids[0]) + _subscript(_text(kids[1])) + _superscript(_text(kids[2]))
    if tag == "munder" and len(kids) == 2:
        return _text(kids[0]) + _subscript(_text(kids[1]))
    if tag == "mover" and len(kids) == 2:
        return _over(_text(kids[0]), _text(kids[1]))
    if tag == "mfrac" and len(kids) == 2:
        return f"{_grouped(_text(kids[0]))}/{_grouped(_text(kids[1]))}"
    if tag == "msqrt":
        return "√" + _radicand(_row(kids))
    if tag == "mroot" and len(kids) == 2:
        return f"{_superscript(_text(kids[1]))}√{_radicand(_text(kids[0]))}"
    if tag == "mtable":
        return _table(kids)
    if tag == "semantics":
        return _text(kids[0]) if kids else ""
    return _row(kids)  # math, mrow, mstyle, mpadded, menclose, mtd, ...


def _token(element: ElementTree.Element) -> str:
    text = "".join(element.itertext())
    if element.get("mathvariant") == "double-struck":
        return "".join(_double_struck(c) for c in text)
    return text


def _double_struck(c: str) -> str:
    if c in DOUBLE_STRUCK:
        return DOUBLE_STRUCK[c]
    if "A" <= c <= "Z":
        return chr(0x1D538 + ord(c) - ord("A"))
    return c


def _row(kids: list[ElementTree.Element]) -> str:
    """Children side by side, operators spaced as in print."""
    out = ""
    # After a function name: "tanh x" but "tanh(x)". After a fraction or a
    # script written out ("x_i", "e^(…)"), always: "x/2 (1 + x)", "x_i y".
    after_function = after_term = False
    for kid in kids:
        text = _text(kid)
        if _tag(kid) == "mo" or (_tag(kid) == "mrow" and text.strip() in SPACED):
            text = text.strip()
            if text in INVISIBLE:
                after_function = after_function or text == FUNCTION_APPLICATION
                continue
            unary = text in UNARY and (not out.strip() or out.endswith((" ", "(", "[", "{")))
            if text in SPACED and not unary:
                out = f"{out.rstrip()} {text} "
            elif text in SEPARATORS:
                out = f"{out.rstrip()}{text} "
            else:
                named = text.isalpha() and len(text) > 1  # max, lim: like a function name
                spaced = named or (after_term and text in "([{")  # "x/2 (1 + x)"
                out += (" " if spaced and _ends_term(out) else "") + text
                after_function = named
            after_term = False
            continue
        fraction = _tag(kid) == "mfrac"
        if _ends_term(out) and (
            (after_function and not text.startswith("("))
            or ((after_term or fraction) and text[:1] not in SEPARATORS)
        ):
            out += " "
        out += text
        after_function = False
        after_term = fraction or bool(WRITTEN_SCRIPT.search(text))
    return out


def _ends_term(out: str) -> bool:
    return bool(out) and not out.endswith((" ", "(", "[", "{")) and out[-1] not in UNARY


def _table(rows: list[ElementTree.Element]) -> str:
    """Rows separated by semicolons; a row that starts with a relation continues
    the chain of the row before it (``aligned``): "a = b = c"."""
    out = ""
    for text in filter(None, (_table_row(row) for row in rows)):
        out += (" " if text[0] in SPACED else "; ") + text if out else text
    return out


def _table_row(row: ElementTree.Element) -> str:
    """Cells of a row: a cell that starts with a relation continues the one before
    it (``aligned``); other cells are separated by commas (``cases``)."""
    cells = [
        " ".join(_text(cell).split())
        for cell in row
        if _tag(cell) == "mtd" and not (_tag(row) == "mlabeledtr" and cell is row[0])
    ]
    line = ""
    for cell in filter(None, cells):
        line += (" " if cell[0] in SPACED else ", ") + cell if line else cell
    return line


def _grouped(text: str) -> str:
    """``text`` in parentheses unless it is one term: a symbol, number or name,
    something already in brackets, or a root of one of those."""
    text = " ".join(text.split())
    term = text.removeprefix("√")
    plain = all(c.isalnum() or c in PRIMES or c == "." for c in term)
    return text if term and (plain or _is_bracketed(term)) else f"({text})"


def _radicand(text: str) -> str:
    """What a root sign covers: "√2", "√x", "√(2π)"."""
    text = " ".join(text.split())
    if len(text) == 1 or text.replace(".", "").isdigit() or _is_bracketed(text):
        return text
    return f"({text})"


def _is_bracketed(text: str) -> bool:
    if len(text) < 2 or (text[0], text[-1]) not in (("(", ")"), ("[", "]"), ("{", "}")):
        return False
    depth = 0
    for i, c in enumerate(text):
        depth += c in "([{"
        depth -= c in ")]}"
        if depth == 0 and i < len(text) - 1:
            return False  # "(a)(b)": the first bracket closes before the end
    return True


def _superscript(text: str) -> str:
    text = " ".join(text.split())
    if text and all(c in PRIMES for c in text):
        return text
    small = text.translate(SUPERSCRIPT)
    if text and all(c in "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾" for c in small):
        return small
    return "^" + _grouped(text) if text else ""


def _subscript(text: str) -> str:
    text = " ".join(text.split())
    small = text.translate(SUBSCRIPT)
    if text and all(c in "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎" for c in small):
        return small
    return "_" + _grouped(text) if text else ""


def _over(base: str, over: str) -> str:
    over = over.strip()
    if over in ACCENTS and len(base.strip()) == 1:
        return base.strip() + ACCENTS[over]
    return base + _superscript(over)
