"""A rendered notebook page made to fit the site: pure functions over its HTML.

mkdocs-jupyter (through nbconvert) writes, into every page, scripts that load
MathJax 2 and Mermaid from a CDN, big inline style blocks, notebook math as
``$…$`` text, and one placeholder alt text for every image. These functions
remove the scripts, take the styles out (``hooks.notebook_css`` prunes them
into one stylesheet), mark the math up as ``pymdownx.arithmatex`` does so the
site's own MathJax typesets it, give images their cell's alt text, and add a
download button.
"""

from __future__ import annotations

import html as htmllib
import re

# What mkdocs-jupyter 0.26 writes into every page (nbconvert's macros): a
# MathJax 2 loader, a <script src> with the CDN address or, when
# custom_mathjax_url is unset, an empty one (which makes the browser fetch the
# page itself), with its configuration; and a module script that imports
# Mermaid from a CDN.
REMOTE_SCRIPTS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->\s*", re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?\bmermaid\b.*?</script>\s*', re.S),
    re.compile(r"<!-- End of mermaid configuration -->\s*"),  # after Mermaid's <style>
]
STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
MARKDOWN_CELL = re.compile(
    r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.S
)
CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.S)
DISPLAY_PARAGRAPH = re.compile(r"<p>\$\$(.+?)\$\$</p>", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
# Within one run of text: a $ whose pair lies past a tag (Markdown split the
# formula, say into a list) stays text, and the built page's check finds it.
INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^<>]+?)(?<![\\$])\$", re.S)
# A LaTeX environment written bare, as Jupyter typesets it; nbconvert leaves
# it as text, in a paragraph of its own or within one.
ENVIRONMENT_PARAGRAPH = re.compile(r"<p>(\\begin\{([a-zA-Z]+\*?)\}.*?\\end\{\2\})</p>", re.S)
ENVIRONMENT = re.compile(r"\\begin\{([a-zA-Z]+\*?)\}.*?\\end\{\1\}", re.S)
MARKED = re.compile(r'(<(div|span) class="arithmatex">.*?</\2>)', re.S)
# Delimiters nbconvert's Markdown reads as escaped characters: the reader
# would see "(x)" where the notebook meant math.
BACKSLASH_DELIMITERS = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)
CODE_SPANS = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def strip_remote_scripts(html: str) -> str:
    """Remove the scripts mkdocs-jupyter injects to load code from other hosts."""
    for pattern in REMOTE_SCRIPTS:
        html = pattern.sub("", html)
    return html


def extract_styles(html: str) -> tuple[str, list[str]]:
    """The page without its <style> blocks, and their contents."""
    return STYLE.sub("", html), [m.group(1) for m in STYLE.finditer(html)]


def arithmatex(html: str) -> str:
    """Notebook math (``$…$``, ``$$…$$``) as pymdownx.arithmatex marks it up.

    nbconvert leaves math as ``$…$`` and ``$$…$$`` text (HTML-escaped) in the
    markdown cells; the site's MathJax only typesets elements of class
    ``arithmatex`` with ``\\(…\\)`` and ``\\[…\\]`` delimiters.
    """

    def cell(match):
        parts = CODE.split(match.group(2))
        for i in range(0, len(parts), 2):  # odd parts are code, left alone
            text = DISPLAY_PARAGRAPH.sub(r'<div class="arithmatex">\\[\1\\]</div>', parts[i])
            text = DISPLAY.sub(r'<span class="arithmatex">\\[\1\\]</span>', text)
            text = INLINE.sub(r'<span class="arithmatex">\\(\1\\)</span>', text)
            text = ENVIRONMENT_PARAGRAPH.sub(r'<div class="arithmatex">\1</div>', text)
            pieces = MARKED.split(text)  # (text, marked math, its tag name)*, text
            for k in range(0, len(pieces), 3):
                pieces[k] = ENVIRONMENT.sub(
                    lambda m: f'<span class="arithmatex">\\[{m.group(0)}\\]</span>', pieces[k]
                )
            parts[i] = "".join(p for k, p in enumerate(pieces) if k % 3 != 2)
        return match.group(1) + "".join(parts) + match.group(3)

    return MARKDOWN_CELL.sub(cell, html)


def unrendered_math(cells: list, text: str) -> list[tuple[int, str]]:
    """Math in markdown cells that nbconvert would show as text: ``\\(…\\)`` and
    ``\\[…\\]``, which its Markdown reads as escaped parentheses and brackets.
    Returns (line of ``text``, the notebook's source, where it starts; the math)."""
    found = []
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        source = CODE_SPANS.sub(lambda m: " " * len(m.group()), cell.source)
        for m in BACKSLASH_DELIMITERS.finditer(source):
            math = cell.source[m.start() : m.end()]
            first = math.splitlines()[0]
            at = next((n for n, line in enumerate(text.splitlines(), 1) if first in line), 0)
            found.append((at, math))
    return found


DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)


def download_button(name: str) -> str:
    """A button beside the edit button that downloads the notebook."""
    label = htmllib.escape(f"Download {name}")
    return (
        f'<a href="{htmllib.escape(name)}" download '
        f'class="md-content__button md-icon" title="{label}" aria-label="{label}">'
        f"{DOWNLOAD_ICON}</a>\n"
    )


PLACEHOLDER_ALT = 'alt="No description has been provided for this image"'
CELL = re.compile(r'\bid="cell-id=([^"]+)"(?:(?!\bid="cell-id=).)*', re.S)


def image_alt_text(html: str, alts: dict[str, str]) -> str:
    """Give each image a cell outputs the alt text in that cell's metadata.

    nbconvert gives every image one placeholder; a cell that draws a figure
    says what it shows in its header, ``# %% alt="..."``. ``alts`` maps cell
    ids to those texts.
    """

    def cell(match):
        alt = alts.get(match.group(1))
        if alt is None:
            return match.group(0)
        return match.group(0).replace(PLACEHOLDER_ALT, f'alt="{htmllib.escape(alt)}"')

    return CELL.sub(cell, html)


CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
ID_ATTRIBUTE = re.compile(r'\bid="([^"]*)"')


def classes_in(html: str) -> set[str]:
    return {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}


def anchor_ids(html: str) -> set[str]:
    """The ``id`` of every element: the anchors other pages may link to."""
    return set(ID_ATTRIBUTE.findall(html))


def fit(html: str, alts: dict[str, str], download_name: str) -> tuple[str, list[str]]:
    """A rendered page's content made to fit the site, and the styles taken out of it."""
    html, styles = extract_styles(strip_remote_scripts(html))
    html = image_alt_text(arithmatex(html), alts)
    return download_button(download_name) + html, styles
