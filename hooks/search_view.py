"""What search reads of a page: its content with the markup of its code
blocks taken out.

Material's search plugin parses the whole content of every page with Python's
``HTMLParser``, and a highlighted code block is mostly markup: a ``<span>`` per
token, and an ``<a>`` anchor per line (``anchor_linenums``). Of a code block
search keeps the text and the ``<pre>`` and ``<code>`` tags only, so
``search_view`` hands it just those, and ``SearchView.fill`` puts the
highlighted block back into the written page. The index is the same
(tests/hooks/test_search_view.py compares the two), and a build parses about
a fifth of the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
# The tags search drops inside a code block: only <pre> and <code> are kept.
DROPPED = re.compile(r"</?(?:span|a)\b[^>]*>")
PLACEHOLDER = re.compile(r"<!--pre (\d+)-->.*?<!--/pre-->", re.S)


@dataclass
class SearchView:
    """``html`` as search parses it, and the code blocks ``fill`` puts back."""

    html: str
    blocks: list[str] = field(default_factory=list)

    def fill(self, output: str) -> str:
        """The written page ``output`` with each code block as highlighted."""
        return PLACEHOLDER.sub(lambda m: self.blocks[int(m[1])], output)


def search_view(html: str) -> SearchView:
    """``html`` (a page's content) with each ``<pre>`` block's ``<span>`` and
    ``<a>`` tags removed, between markers that ``SearchView.fill`` reads."""
    view = SearchView("")

    def replace(match: re.Match) -> str:
        view.blocks.append(match[0])
        return f"<!--pre {len(view.blocks) - 1}-->{DROPPED.sub('', match[0])}<!--/pre-->"

    view.html = PRE.sub(replace, html)
    return view
