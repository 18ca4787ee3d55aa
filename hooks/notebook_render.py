"""Notebook pages as mkdocs-jupyter renders them, cached.

mkdocs-jupyter is used as a library, not as a plugin: its plugin imports
nbconvert and jupytext when MkDocs loads it, half a second of every build,
though a build in which no notebook changed renders none. The hooks make each
notebook a page (:class:`NotebookFile`), and :func:`cache_render` gives the
page a renderer that calls mkdocs-jupyter's converter only when the cache
lacks the page.

The cache keeps what the renderer gives a page (its HTML content and table of
contents) in ``CACHE/NAME-KEY.json``, written atomically. KEY hashes the
executed notebook, the versions of mkdocs-jupyter and of the distributions it
renders with (nbconvert, its templates' Jinja, Pygments, ...), and the
converter's options. The site's own fixes (``hooks.notebook_html``) still run
on the result, so changing them needs no cache key.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from hooks.build_cache import cache_key, write_atomically

# Bump when what is stored, or how, changes.
RECIPE = "notebook render 2"
# mkdocs-jupyter's converter options: its defaults, with no script from
# another host (the site typesets the math itself) and no execution (the
# notebook arrives executed, hooks.notebook_execution).
OPTIONS: dict[str, Any] = {
    "execute": False,
    "kernel_name": "",
    "theme": "",
    "allow_errors": False,
    "show_input": True,
    "no_input": False,
    "no_prompt": False,
    "remove_tag_config": {},
    "highlight_extra_classes": "",
    "include_requirejs": False,
    "custom_mathjax_url": "",
}
TOC_DEPTH = 6  # every heading level


# The distributions whose code turns an executed notebook into the page's
# HTML, table of contents and title: mkdocs-jupyter, nbconvert and what its
# HTML exporter renders with (templates, Markdown, highlighting, sanitising).
RENDERER_DISTRIBUTIONS = (
    "mkdocs-jupyter",
    "mkdocs",
    "nbconvert",
    "nbformat",
    "mistune",
    "pygments",
    "jupyterlab-pygments",
    "jinja2",
    "markupsafe",
    "beautifulsoup4",
    "bleach",
    "defusedxml",
    "traitlets",
)


class NotebookFile(File):
    """A companion notebook's source, published as a page like a Markdown one:
    ``notebooks/NAME.py`` becomes ``notebooks/NAME/index.html``."""

    def is_documentation_page(self) -> bool:
        return True


def entry_name(notebook: Path, options: dict[str, Any] = OPTIONS) -> str:
    """``NAME-KEY.json``: the cached rendering of an executed notebook."""
    key = cache_key(RECIPE, [notebook], RENDERER_DISTRIBUTIONS, {**options, "toc": TOC_DEPTH})
    return f"{notebook.stem}-{key}.json"


def convert(notebook: Path) -> tuple[str, TableOfContents]:
    """mkdocs-jupyter's rendering of ``notebook``: its HTML and its table of
    contents. Imports the converter on first use."""
    from mkdocs_jupyter import convert as nbconvert  # noqa: PLC0415 - only on a cache miss
    from mkdocs_jupyter.plugin import get_nb_toc  # noqa: PLC0415

    html = nbconvert.nb2html(str(notebook), **OPTIONS)
    toc, _title = get_nb_toc(str(notebook), TOC_DEPTH)  # the nav's title is kept
    return html, toc


def toc_tokens(toc: TableOfContents | list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents as the tokens :func:`mkdocs.structure.toc.get_toc` reads."""
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)}
        for a in toc
    ]


def cache_render(
    page,
    entry: Path,
    on_render: Callable[[str, float | None], None],
    renderer: Callable[[Path], tuple[str, TableOfContents]] = convert,
):
    """Give ``page`` a renderer that reads the cache ``entry``, or else renders
    its notebook (``page.file.abs_src_path``) with ``renderer`` and stores it.

    ``on_render(src_uri, seconds)`` is told what happened: seconds rendering,
    or None when the page came from the cache.
    """

    def cached(config, files):
        if entry.is_file():
            stored = json.loads(entry.read_text(encoding="utf-8"))
            page.content = stored["content"]
            page.toc = get_toc(stored["toc"])
            on_render(page.file.src_uri, None)
            return
        start = time.perf_counter()
        page.content, page.toc = renderer(Path(page.file.abs_src_path))
        seconds = time.perf_counter() - start
        stored = {"content": page.content, "toc": toc_tokens(page.toc)}
        write_atomically(entry, json.dumps(stored))
        on_render(page.file.src_uri, seconds)

    page.render = cached
