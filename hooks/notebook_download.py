"""The notebook a reader downloads: the executed notebook, with absolute links.

A notebook's Markdown links other pages relative to its own page's URL
(``../../exercises/linear-networks/``), which is right on the site; its page
keeps those links. In a downloaded ``.ipynb`` opened anywhere else they would
point nowhere, so the download resolves each relative link against the
page's published address (``site_url`` followed by the page's URL).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# One level of balanced parentheses inside a URL, as in ``wiki/Set_(mathematics)``.
_URL = r"(?:[^()\s<>]|\([^()\s]*\))+"
INLINE_LINK = re.compile(rf"(!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*)(<[^>\n]*>|{_URL})")
REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.M)
HTML_ATTRIBUTE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.I)


def absolute_url(url: str, base: str) -> str:
    """``url`` resolved against ``base``, unless it is absolute or an in-page anchor."""
    if not url or url.startswith("#") or urlsplit(url).scheme or url.startswith("//"):
        return url
    return urljoin(base, url)


def absolute_links(markdown: str, base: str) -> str:
    """Markdown with every relative link and image address resolved against ``base``.

    Covers inline links (``[text](url)``, ``![alt](url)``), reference
    definitions (``[name]: url``) and ``href``/``src`` attributes of inline
    HTML.
    """

    def bracketed(url: str) -> str:
        if url.startswith("<") and url.endswith(">"):
            return f"<{absolute_url(url[1:-1], base)}>"
        return absolute_url(url, base)

    markdown = INLINE_LINK.sub(lambda m: m.group(1) + bracketed(m.group(2)), markdown)
    markdown = REFERENCE.sub(lambda m: m.group(1) + bracketed(m.group(2)), markdown)
    return HTML_ATTRIBUTE.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{absolute_url(m.group(3), base)}{m.group(2)}",
        markdown,
    )


def download(executed: Path, page_url: str) -> str:
    """The ``.ipynb`` text offered for download on the page published at ``page_url``.

    ``page_url`` must be absolute (``https://host/site/notebooks/NAME/``);
    raises ValueError otherwise.
    """
    if not urlsplit(page_url).scheme:
        raise ValueError(f"the notebook page's address {page_url!r} is not absolute")
    import nbformat  # noqa: PLC0415 - read only when the download is not cached (notebook_pages)

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = absolute_links(cell.source, page_url)
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"
