"""Math typeset when the site is built: a page arrives with its formulas drawn.

``pymdownx.arithmatex`` (generic mode) marks each formula of a page as
``<span class="arithmatex">\\(…\\)</span>`` (inline) or
``<div class="arithmatex">\\[…\\]</div>`` (display), and ``hooks/notebook_html.py``
marks notebook math the same way. ``typeset_html`` replaces the TeX in each
with MathJax's SVG (``hooks/mathrender.py``), keeping the element:

- The SVG refers to its glyphs by id; the page holds each glyph's path once,
  in a hidden ``<svg class="mjx-glyphs">`` at the top of its content, so math
  needs no font, no stylesheet of its own and no script. It is drawn in
  ``currentColor``, the text colour of either palette.
- Screen readers read the MathML that MathJax puts beside the SVG
  (``<mjx-assistive-mml>``); the SVG itself is ``aria-hidden``.
- The formula as one line of plain text (``hooks/mathtext.py``) follows, hidden
  from sight and from screen readers, for search and for copied text. Search
  skips the SVG and MathML (``data-search-exclude``).
- A display scrolls sideways when it is wider than the page, so it can take
  the keyboard focus (``tabindex="0"``).

``retitle`` gives the table of contents the same plain text for math in a
heading. A formula MathJax refuses fails the build with ``TeXError``, which
names the page, the line and the formula.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hooks.build_cache import display_path
from hooks.mathrender import (
    Cache,
    Failed,
    Formula,
    Rendered,
    Renderer,
    TypesetError,
    renderer_version,
)
from hooks.mathtext import readable

# An element whose classes include "arithmatex", and what it holds (TeX,
# HTML-escaped, never markup: arithmatex escapes "<").
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div)(?P<attrs>\s[^>]*?\bclass="(?:[^"]*\s)?arithmatex(?:\s[^"]*)?"[^>]*)>'
    r"(?P<body>.*?)</(?P=tag)>",
    re.S,
)
# Math in a table-of-contents title: arithmatex's delimiters (Markdown pages),
# or dollars too (notebook headings, which mkdocs-jupyter reads without
# arithmatex; on a Markdown page a dollar left in a title is a dollar).
TITLE_MATH = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]", re.S)
TITLE_MATH_DOLLARS = re.compile(
    rf"{TITLE_MATH.pattern}|\$\$(?P<dollars2>.+?)\$\$|(?<![\\$])\$(?P<dollars>[^$]+?)(?<![\\$])\$",
    re.S,
)
MATHML = re.compile(r"<math\b.*?</math>", re.S)
CONTAINER = '<mjx-container class="MathJax" jax="SVG"'


class TeXError(TypesetError):
    """Formulas of a page that MathJax refused."""


@dataclass(frozen=True)
class Source:
    """Where a page's formulas come from, for error messages."""

    label: str  # the page, as the author knows it: docs/activations/tanh.md
    path: Path | None = None  # its file, to find a formula's line

    def where(self, tex: str) -> str:
        """``label:LINE`` of the first line of ``tex`` in the file, if found."""
        first = next((line.strip() for line in tex.splitlines() if line.strip()), "")
        if self.path is None or not first:
            return self.label
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return self.label
        number = next((n for n, line in enumerate(lines, 1) if first in line), None)
        return f"{self.label}:{number}" if number else self.label


# Where typeset math goes in a page between search indexing and writing (see
# ``TypesetPage.indexed``): an element's plain text between two markers.
PLACEHOLDER = re.compile(r"<!--math (\d+)-->.*?<!--/math-->", re.S)
GLYPHS_PLACEHOLDER = "<!--math glyphs-->"


@dataclass
class TypesetPage:
    """A page's content with its math typeset, in two forms.

    ``html`` is the content as readers get it. ``indexed`` holds each formula's
    plain text in place of its SVG, between markers: search parses a page's
    whole content, and the SVG paths of a page of math are most of its bytes.
    ``fill`` puts the SVG into the written page.
    """

    html: str
    texts: dict[str, str] = field(default_factory=dict)  # TeX -> plain text
    indexed: str = ""
    markup: list[str] = field(default_factory=list)  # the typeset element of each marker
    glyphs: str = ""
    formulas: list[Formula] = field(default_factory=list)  # every formula typeset

    def fill(self, output: str) -> str:
        """The written page ``output`` with the typeset math in place of the markers."""
        output = output.replace(GLYPHS_PLACEHOLDER, self.glyphs, 1)
        return PLACEHOLDER.sub(lambda m: self.markup[int(m[1])], output)


def formula_of(body: str, tag: str) -> Formula | None:
    """The formula in an arithmatex element's content, or None if it holds none."""
    tex = htmllib.unescape(body).strip()
    if tex.startswith("\\(") and tex.endswith("\\)"):
        return Formula(tex[2:-2], display=False)
    if tex.startswith("\\[") and tex.endswith("\\]"):
        return Formula(tex[2:-2], display=True)
    if tag == "div" and tex.startswith("\\begin{"):  # a bare environment block
        return Formula(tex, display=True)
    return None


def typeset_html(
    html: str, renderer: Renderer, source: Source, extra: Sequence[Formula] = ()
) -> TypesetPage:
    """``html`` with every arithmatex element typeset, and the plain text of each
    formula (and of ``extra``, formulas typeset only for their text).

    Raises TeXError, naming every formula MathJax refused, or one it cannot read.
    """
    found = [(m, formula_of(m["body"], m["tag"])) for m in ARITHMATEX.finditer(html)]
    unreadable = [m["body"] for m, formula in found if formula is None]
    if unreadable:
        raise TeXError(
            "\n".join(
                f"{source.where(htmllib.unescape(body))}: math without \\(…\\) or \\[…\\] "
                f"delimiters: {htmllib.unescape(body).strip()[:200]}"
                for body in unreadable
            )
        )
    formulas = [formula for _, formula in found if formula is not None]
    results = renderer.render(formulas + list(extra))
    failed = [(f, r) for f, r in results.items() if isinstance(r, Failed)]
    if failed:
        raise TeXError("\n".join(_failure(source, f, r) for f, r in failed))
    rendered = {f: r for f, r in results.items() if isinstance(r, Rendered)}
    texts = {f.tex: readable(_mathml(r)) for f, r in rendered.items()}

    markup: list[str] = []

    def replace(match: re.Match) -> str:
        tag, attrs = match["tag"], match["attrs"]
        formula = formula_of(match["body"], tag)
        assert formula is not None
        # A display scrolls sideways when wider than the page: the scrolling
        # element takes the focus, so the keyboard can scroll it.
        scrolls = formula.display and tag == "div"
        body = _markup(rendered[formula], formula.display and not scrolls, texts[formula.tex])
        focus = ' tabindex="0"' if scrolls else ""
        markup.append(f"<{tag}{attrs}{focus}>{body}</{tag}>")
        text = htmllib.escape(texts[formula.tex])
        return f"<!--math {len(markup) - 1}--><{tag}{attrs}>{text}</{tag}><!--/math-->"

    indexed = ARITHMATEX.sub(replace, html)
    glyphs = {k: v for f in formulas for k, v in rendered[f].glyphs.items()}
    done = TypesetPage(
        "", texts, indexed, markup, _glyph_defs(glyphs) if glyphs else "", formulas + list(extra)
    )
    if glyphs:
        done.indexed = GLYPHS_PLACEHOLDER + done.indexed
    done.html = done.fill(done.indexed)
    return done


def _failure(source: Source, formula: Formula, failed: Failed) -> str:
    kind = "display" if formula.display else "inline formula"
    return (
        f"{source.where(formula.tex)}: TeX error in {kind}: {failed.message}\n"
        f"    {formula.tex.strip()[:300]}\n"
        "    Fix the TeX. The site typesets it with MathJax 3 and its TeX extensions,\n"
        "    where an undefined macro is an error."
    )


def _markup(rendered: Rendered, focusable: bool, text: str) -> str:
    if not rendered.svg.startswith(CONTAINER):
        raise ValueError(f"unexpected MathJax output: {rendered.svg[:80]}")
    focus = ' tabindex="0"' if focusable else ""
    container = rendered.svg.replace(CONTAINER, f"{CONTAINER} data-search-exclude{focus}", 1)
    return f'{container}<span class="math-text" aria-hidden="true">{htmllib.escape(text)}</span>'


def _mathml(rendered: Rendered) -> str:
    found = MATHML.search(rendered.svg)
    if found is None:
        raise ValueError(f"no MathML in MathJax's output: {rendered.svg[:80]}")
    return found[0]


def _glyph_defs(glyphs: dict[str, str]) -> str:
    paths = "".join(f'<path id="{k}" d="{glyphs[k]}"></path>' for k in sorted(glyphs))
    return (
        '<svg class="mjx-glyphs" style="display: none" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg"><defs>{paths}</defs></svg>\n'
    )


def title_formulas(titles: list[str], pattern: re.Pattern = TITLE_MATH) -> list[Formula]:
    """The formulas in table-of-contents titles (HTML-escaped text)."""
    return [_title_formula(m) for t in titles for m in pattern.finditer(htmllib.unescape(t))]


def _title_formula(match: re.Match) -> Formula:
    groups = match.groupdict()
    tex = next(value for value in groups.values() if value is not None)
    return Formula(tex, display=groups["display"] is not None or bool(groups.get("dollars2")))


def retitle(items, texts: dict[str, str], pattern: re.Pattern = TITLE_MATH):
    """Replace math in the titles of ``items`` (MkDocs AnchorLinks, and their
    children) by its plain text, from ``texts`` (TeX -> text)."""

    def plain(match: re.Match) -> str:
        return texts[_title_formula(match).tex]

    for item in items:
        title = htmllib.unescape(item.title)
        if pattern.search(title):
            item.title = htmllib.escape(pattern.sub(plain, title), quote=False)
        retitle(item.children, texts, pattern)


def _titles(items) -> list[str]:
    return [t for item in items for t in (item.title, *_titles(item.children))]


_renderers: dict[Path, Renderer] = {}


def renderer_for(cache: Path) -> Renderer:
    """The renderer of the formulas cached in ``cache`` (one per process)."""
    renderer = _renderers.get(cache)
    if renderer is None:
        renderer = _renderers[cache] = Renderer(Cache(cache, renderer_version()))
    return renderer


def typeset_page(html: str, page, docs: Path, cache: Path) -> TypesetPage:
    """A MkDocs page's content (``on_page_content``) with its math typeset, and
    its table of contents retitled. ``docs`` is the docs folder, ``cache`` the
    folder of rendered formulas. One renderer, so one Node process at most, per
    cache folder for the life of the process (a build, or ``mkdocs serve``).

    Raises TeXError naming the page.
    """
    renderer = renderer_for(cache)
    path = Path(docs) / page.file.src_uri  # a notebook's .py, not the .ipynb rendered
    source = Source(display_path(path), path)
    pattern = TITLE_MATH if page.file.src_uri.endswith(".md") else TITLE_MATH_DOLLARS
    titles = title_formulas(_titles(page.toc), pattern)
    # A page typeset before is read whole: a page of math is hundreds of
    # formulas, each an entry to read and a MathML tree to turn into text.
    key = _page_key(renderer.cache.version, html, titles)
    stored = renderer.cache.get_page(key)
    if stored is None:
        done = typeset_html(html, renderer, source, titles)
        renderer.cache.put_page(key, _stored(done), done.formulas)
    else:
        done = TypesetPage(
            "", stored["texts"], stored["indexed"], stored["markup"], stored["glyphs"]
        )
        done.html = done.fill(done.indexed)
    retitle(page.toc, done.texts, pattern)
    return done


# What a stored page depends on besides its content and the renderer: the
# code that assembles it.
PAGE_CODE = hashlib.sha256(
    b"".join(Path(__file__).with_name(name).read_bytes() for name in ("typeset.py", "mathtext.py"))
).hexdigest()[:16]


def _page_key(version: str, html: str, titles: list[Formula]) -> str:
    key = json.dumps([version, PAGE_CODE, html, [[f.tex, f.display] for f in titles]])
    return hashlib.sha256(key.encode()).hexdigest()


def _stored(done: TypesetPage) -> dict:
    return {
        "texts": done.texts,
        "indexed": done.indexed,
        "markup": done.markup,
        "glyphs": done.glyphs,
    }
