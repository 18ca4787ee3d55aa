"""What a reader gets from a rendered page: code blocks, typeset math, images, raw TeX.

Works on the HTML of a page as Python-Markdown renders it (``pagecheck.site``)
and on the pages of a built site, notebooks included, so a check can compare
what the source says with what the reader will see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

# Elements whose text the reader never sees as prose.
NOT_PROSE = {"code", "pre", "script", "style", "svg", "math", "kbd", "samp", "template"}
# TeX that only a math renderer should consume: display and inline delimiters,
# environments, and control words such as \frac or \operatorname.
RAW_TEX = re.compile(r"\$\$|\\[\[\]()]|\\begin\{|\\[a-zA-Z]{2,}")


@dataclass(frozen=True)
class CodeBlock:
    lang: str | None  # as pymdownx.highlight's ``language-X`` class says
    code: str  # the text the reader sees (and copies)
    title: str | None


@dataclass(frozen=True)
class MathBlock:
    tex: str  # without the \[ \] delimiters


@dataclass(frozen=True)
class Img:
    src: str
    alt: str | None  # None: no alt attribute at all


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def code_blocks(page: BeautifulSoup) -> list[CodeBlock]:
    """Fenced code blocks, in page order (not inline code).

    Reads both forms pymdownx.highlight writes: coloured by Pygments
    (``div.language-X.highlight > pre > code``, the site) and plain
    (``pre.highlight > code.language-X``, the checks' faster render).
    """
    found = []
    for pre in page.find_all("pre"):
        code = pre.find("code", recursive=False)
        if not isinstance(code, Tag):
            continue
        holder = pre.parent
        if not (isinstance(holder, Tag) and "highlight" in (holder.get("class") or [])):
            holder = pre
        classes = [*(code.get("class") or []), *(holder.get("class") or [])]
        lang = next((c[len("language-") :] for c in classes if c.startswith("language-")), None)
        title = holder.find("span", class_="filename", recursive=False)
        title_text = title.get_text() if isinstance(title, Tag) else _attr(code, "title")
        found.append(CodeBlock(lang, code.get_text(), title_text))
    return found


def math_blocks(page: BeautifulSoup) -> list[MathBlock]:
    """Displayed math as pymdownx.arithmatex marks it up: ``\\[…\\]`` in an ``arithmatex``
    element, or a ``\\begin{…}`` block."""
    found = []
    for element in page.find_all(class_="arithmatex"):
        text = element.get_text()
        stripped = text.strip()
        if stripped.startswith(r"\[") and stripped.endswith(r"\]"):
            found.append(MathBlock(stripped[2:-2].strip("\n")))
        elif element.name == "div":  # \begin{env} … \end{env} blocks
            found.append(MathBlock(stripped))
    return found


def images(page: BeautifulSoup) -> list[Img]:
    return [Img(str(img.get("src", "")), _attr(img, "alt")) for img in page.find_all("img")]


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    return None if value is None else str(value)


def raw_tex(page: BeautifulSoup) -> list[str]:
    """Pieces of prose that still hold TeX (from the first TeX on): math the renderer
    did not typeset.

    Text inside code, inside math elements (``arithmatex`` before typesetting,
    ``mjx-container`` after) and inside scripts is not prose.
    """
    found = []
    for text in page.find_all(string=True):
        if not isinstance(text, NavigableString) or not (m := RAW_TEX.search(text)):
            continue
        if any(_hides_tex(parent) for parent in text.parents):
            continue
        found.append(" ".join(text[m.start() :].split()))
    return found


def _hides_tex(element: Tag) -> bool:
    if element.name in NOT_PROSE or element.name.startswith("mjx-"):
        return True
    classes: list[str] = list(element.get("class") or [])
    return "arithmatex" in classes
