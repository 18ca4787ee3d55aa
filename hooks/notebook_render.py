"""Notebook pages as mkdocs-jupyter renders them, cached.

mkdocs-jupyter renders every notebook page on every build, nbconvert
compiling its templates each time: some 40 % of a build in which nothing
changed. (Its own cache is off: it writes entries in place, so an interrupted
build could leave a broken entry that later builds would trust.)

This module keeps what the renderer gives a page (its HTML content, table of
contents and, if it sets one, title) in ``CACHE/NAME-KEY.json``, written
atomically. KEY hashes the executed notebook, the versions of mkdocs-jupyter
and of every distribution it requires (nbconvert, its templates' Jinja,
Pygments, ...), and the plugin's options. An unchanged notebook is not
rendered again; the site's own fixes (``hooks.notebook_html``) still run on
the result, so changing them needs no cache key.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from hooks.build_cache import cache_key, write_atomically

# Bump when what is stored, or how, changes.
RECIPE = "notebook render 1"
RENDERER = "mkdocs-jupyter"


@functools.cache
def renderer_distributions() -> tuple[str, ...]:
    """mkdocs-jupyter and the installed distributions it requires, directly or not.

    Requirements are followed with the extras they name (``bleach[css]``);
    those whose environment markers do not hold here are left out.
    """
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [(RENDERER, frozenset())]
    while todo:
        name, extras = todo.pop()
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # an optional requirement that is not installed
        seen.add(canonicalize_name(name))
        for text in dist.requires or []:
            requirement = Requirement(text)
            marker = requirement.marker
            wanted = marker is None or any(
                marker.evaluate({"extra": extra}) for extra in extras | {""}
            )
            if wanted and canonicalize_name(requirement.name) not in seen:
                todo.append((requirement.name, frozenset(requirement.extras)))
    return tuple(sorted(seen))


def entry_name(notebook: Path, options: dict[str, Any]) -> str:
    """``NAME-KEY.json``: the cached rendering of an executed notebook."""
    key = cache_key(RECIPE, [notebook], renderer_distributions(), options)
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
