"""The notebook pages of one build, from the executed notebook to the published page.

Each page is handed its executed notebook, rendered by mkdocs-jupyter (the
rendering is cached, ``hooks.notebook_render``), made to fit the site
(``hooks.notebook_html``), and published beside the notebook a reader
downloads (``hooks.notebook_download``). The big style blocks inlined into
every page move into one shared stylesheet that keeps only the rules the
pages use (``hooks.notebook_css``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.toc import TableOfContents

from hooks import notebook_css, notebook_download, notebook_html, notebook_render
from hooks.build_cache import cache_key, write_atomically

STYLESHEET = "assets/stylesheets/notebooks.css"


@dataclass
class NotebookPages:
    """Notebook pages of one build: where they come from, what they use.

    ``notebooks`` maps each page's ``src_uri`` to its executed notebook;
    rendered pages and the pruned stylesheet are cached in ``cache_dir``;
    ``log`` gets a line for each page rendered.
    """

    notebooks: dict[str, Path]
    cache_dir: Path
    log: Callable[[str], object] = print
    # Executed notebook -> its HTML and table of contents.
    renderer: Callable[[Path], tuple[str, TableOfContents]] = notebook_render.convert
    rendered: dict[str, float] = field(default_factory=dict)  # src_uri -> seconds
    cached: list[str] = field(default_factory=list)
    entries: set[str] = field(default_factory=set)  # cache entries in use
    styles: list[str] = field(default_factory=list)  # distinct, in page order
    used: set[str] = field(default_factory=set)
    seconds: float = 0.0  # fitting pages, writing downloads and the stylesheet

    def is_notebook(self, page) -> bool:
        return page.file.src_uri in self.notebooks

    def as_pages(self, files, config):
        """``files`` with each notebook source made a page (its URL, links to it
        and edit link those of ``notebooks/NAME.py``)."""
        for src_uri in self.notebooks:
            source = files.get_file_from_path(src_uri)
            if source is not None:
                files.remove(source)
            files.append(
                notebook_render.NotebookFile(
                    src_uri, config.docs_dir, config.site_dir, config.use_directory_urls
                )
            )
        return files

    def cache_render(self, page):
        """Give a notebook page its executed notebook, and a renderer that
        reads the cache, or else renders it with mkdocs-jupyter and stores it.

        The page keeps its ``src_uri``; only the file read changes.
        """
        page.file.abs_src_path = str(self.notebooks[page.file.src_uri])
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        name = notebook_render.entry_name(Path(page.file.abs_src_path))
        self.entries.add(name)
        notebook_render.cache_render(page, self.cache_dir / name, self._rendered, self.renderer)

    def _rendered(self, src_uri: str, seconds: float | None):
        if seconds is None:
            self.cached.append(src_uri)
        else:
            self.rendered[src_uri] = seconds
            self.log(f"{src_uri}: rendered in {seconds:.2f} s")

    def content(self, html: str, page) -> str:
        """A rendered notebook page's content, made to fit the site (cached:
        fitting parses the whole page)."""
        start = time.perf_counter()
        notebook = Path(page.file.abs_src_path)
        key = cache_key(
            "notebook page content 1",
            [Path(notebook_html.__file__), notebook],
            options={"html": html},
        )
        entry = self.cache_dir / f"content-{key}.json"
        self.entries.add(entry.name)
        try:
            fitted = json.loads(entry.read_text(encoding="utf-8"))
        except FileNotFoundError:
            import nbformat  # noqa: PLC0415 - a page fitted before needs none of it

            cells = nbformat.read(notebook, as_version=4).cells
            alts = {cell.id: cell.metadata["alt"] for cell in cells if "alt" in cell.metadata}
            out, styles = notebook_html.fit(html, alts, notebook.name)
            fitted = {
                "html": out,
                "styles": styles,
                "classes": sorted(notebook_html.classes_in(out)),
                "anchors": sorted(notebook_html.anchor_ids(out)),
            }
            write_atomically(entry, json.dumps(fitted))
        for css in fitted["styles"]:
            if css not in self.styles:
                self.styles.append(css)
        self.used |= set(fitted["classes"])
        # Unset, it would turn off the check of links from other pages to
        # anchors (#heading) on this one.
        page.present_anchor_ids = set(fitted["anchors"])
        self.seconds += time.perf_counter() - start
        return fitted["html"]

    def link_stylesheet(self, output: str, page) -> str:
        """The page with a link to the shared stylesheet in its <head>."""
        href = os.path.relpath(STYLESHEET, Path(page.file.dest_uri).parent.as_posix())
        link = f'<link rel="stylesheet" href="{href}">\n'
        return output.replace("</head>", link + "</head>", 1)

    def write_download(self, page):
        """Publish the executed notebook beside its page, its links absolute.

        Raises ValueError when the site has no ``site_url`` to make them absolute with.
        """
        start = time.perf_counter()
        if not page.canonical_url:
            raise ValueError("site_url is not set")
        notebook = Path(page.file.abs_src_path)
        key = cache_key(
            "notebook download 1",
            [Path(notebook_download.__file__), notebook],
            options={"url": page.canonical_url},
        )
        cached = self.cache_dir / f"download-{key}.ipynb"
        self.entries.add(cached.name)
        if not cached.is_file():
            write_atomically(cached, notebook_download.download(notebook, page.canonical_url))
        target = Path(page.file.abs_dest_path).parent / notebook.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        self.seconds += time.perf_counter() - start

    def write_stylesheet(self, site_dir: Path):
        """The notebook pages' styles, pruned to what they use, as one file.

        Pruning parses some 600 KB of CSS, so the result is cached too.
        """
        if not self.styles:
            return
        start = time.perf_counter()
        styles = "\n".join(self.styles)
        # The pruning code and its CSS parser are part of the key, like a snippet's.
        key = cache_key(
            "notebook stylesheet",
            [Path(notebook_css.__file__)],
            ("tinycss2",),
            {"styles": styles, "used": sorted(self.used)},
        )
        cached = self.cache_dir / f"stylesheet-{key}.css"
        self.entries.add(cached.name)
        if not cached.is_file():
            write_atomically(cached, notebook_css.prune_css(styles, self.used) + "\n")
        path = Path(site_dir) / STYLESHEET
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, path)
        self.seconds += time.perf_counter() - start
