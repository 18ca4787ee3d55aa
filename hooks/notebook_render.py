"""Notebook pages as mkdocs-jupyter renders them, cached.

mkdocs-jupyter renders every notebook page on every build, nbconvert
compiling its templates each time: some 40 % of a build in which nothing
changed. (Its own cache is off: it writes entries in place, so an interrupted
build could leave a broken entry that later builds would trust.)

This module keeps what the renderer gives a page (its HTML content, table of
contents and, if it sets one, title) in ``CACHE/NAME-KEY.json``, written
atomically. KEY hashes the executed notebook, the versions of mkdocs-jupyter
and of the distributions it renders with (nbconvert, its templates' Jinja,
Pygments, ...), and the plugin's options. An unchanged notebook is not
rendered again; the site's own fixes (``hooks.notebook_html``) still run on
the result, so changing them needs no cache key.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from hooks.build_cache import cache_key, write_atomically

# Bump when what is stored, or how, changes.
RECIPE = "notebook render 1"
RENDERER = "mkdocs-jupyter"


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


def entry_name(notebook: Path, options: dict[str, Any]) -> str:
    """``NAME-KEY.json``: the cached rendering of an executed notebook."""
    key = cache_key(RECIPE, [notebook], RENDERER_DISTRIBUTIONS, options)
    return f"{notebook.stem}-{key}.json"


def toc_tokens(toc: TableOfContents | list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents as the tokens :func:`mkdocs.structure.toc.get_toc` reads."""
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)}
        for a in toc
    ]


def cache_render(page, entry: Path, on_render: Callable[[str, float | None], None]):
    """Make ``page.render`` (mkdocs-jupyter's, already in place) use the cache ``entry``.

    ``on_render(src_uri, seconds)`` is told what happened: seconds rendering,
    or None when the page came from the cache.
    """
    render = page.render

    def cached(config, files):
        if entry.is_file():
            stored = json.loads(entry.read_text(encoding="utf-8"))
            page.content = stored["content"]
            page.toc = get_toc(stored["toc"])
            if stored["title"] is not None:
                page.title = stored["title"]
            on_render(page.file.src_uri, None)
            return
        title = page.title
        start = time.perf_counter()
        render(config, files)
        seconds = time.perf_counter() - start
        stored = {
            "content": page.content,
            "toc": toc_tokens(page.toc),
            # Only a title the renderer set: the nav's may change on its own.
            "title": page.title if page.title != title else None,
        }
        write_atomically(entry, json.dumps(stored))
        on_render(page.file.src_uri, seconds)

    page.render = cached
