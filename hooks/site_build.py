"""One build of the site: its lease on the cache, its report, the entries it keeps.

A build starts by taking a shared lease on ``.cache`` and ends by pruning
the entries it did not use, if no other build holds a lease then
(:class:`hooks.build_cache.CacheLease`), and by writing its report
(:mod:`hooks.build_report`). A failed build releases its lease and writes
its report with the error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from hooks.build_cache import CacheLease
from hooks.build_report import BuildReport, report_path
from hooks.figures import FigureBuild
from hooks.notebook_execution import NotebookRuns
from hooks.notebook_pages import NotebookPages
from hooks.search_view import SearchView, search_view
from hooks.typeset import TypesetPage, renderer_for, typeset_page

CACHE = ".cache"
# The cache's folders, each pruned to the entries a build used.
FIGURES = "figures"
NOTEBOOKS = "notebooks"
NOTEBOOK_PAGES = "notebook-pages"
MATH = "math"


class Build:
    """The state of one build of the project at ``root`` into ``site_dir``.

    ``execution`` false (``SITE_SKIP_EXECUTION=1``) publishes what the cache
    holds and prunes nothing; so does a build that renders only some pages
    (``complete`` false: ``mkdocs serve --dirty``). ``log`` gets the lines
    people read.
    """

    def __init__(
        self,
        root: Path,
        site_dir: str,
        execution: bool,
        log: Callable[[str], object] = print,
        complete: bool = True,
    ):
        self.cache = root / CACHE
        self.execution = execution
        self.complete = complete
        self.log = log
        self.lease = CacheLease(self.cache)
        self.lease.acquire()
        self.report = BuildReport(site_dir, execution)
        self.keep: dict[str, set[str]] = {}
        self.pages = NotebookPages({}, self.cache / NOTEBOOK_PAGES, log)
        self.math = renderer_for(self.cache / MATH)
        self.math.cache.reset()
        self.math_seconds = 0.0
        # src_uri -> its math and code blocks, held back from search until written
        self.held: dict[str, tuple[TypesetPage, SearchView]] = {}
        self.fragments: dict[str, Path] = {}  # NAME.md -> the file a snippet wrote

    def folder(self, name: str) -> Path:
        return self.cache / name

    def figures_built(self, built: FigureBuild):
        self.report.figures(built.ran, built.finished, built.cached, built.seconds)
        self.keep[FIGURES] = built.entries

    def notebooks_prepared(self, runs: NotebookRuns):
        self.report.notebooks(runs.executed, runs.cached, runs.not_executed, runs.seconds)
        self.keep[NOTEBOOKS] = runs.entries
        self.pages = NotebookPages(runs.notebooks, self.cache / NOTEBOOK_PAGES, self.log)

    def typeset(self, html: str, page, docs: Path) -> str:
        """A page's content with its math typeset, as search indexes it: each
        formula's plain text and each code block's text, the SVG and the
        highlighting kept until the page is written (:meth:`written`).
        Raises TypesetError naming the page."""
        start = time.perf_counter()
        try:
            done = typeset_page(html, page, docs, self.cache / MATH)
        finally:
            self.math_seconds += time.perf_counter() - start
        view = search_view(done.indexed)
        self.held[page.file.src_uri] = (done, view)
        return view.html

    def written(self, output: str, page) -> str:
        """The page as written, with its typeset math and code blocks in place."""
        held = self.held.pop(page.file.src_uri, None)
        if held is None:
            return output
        done, view = held
        return done.fill(view.fill(output))

    def finish(self):
        """End a successful build: prune, log what was cached, write the report."""
        pages = self.pages
        self.report.notebook_pages(pages.rendered, pages.cached, pages.seconds)
        self.keep[NOTEBOOK_PAGES] = pages.entries
        formulas = self.math.cache
        typeset = len(formulas.written)
        self.report.formulas(typeset, formulas.formulas_used() - typeset, self.math_seconds)
        self.keep[MATH] = formulas.used
        # Only a build that ran every part knows which entries are stale.
        parts = {FIGURES, NOTEBOOKS, NOTEBOOK_PAGES, MATH}
        if self.execution and self.complete and set(self.keep) == parts:
            self.report.pruned(self.lease.prune(self.keep))
        else:
            self.lease.release()
        summary = self.report.cached_summary()
        if summary:
            self.log(summary)
        self.report.finish(report_path(self.cache))

    def fail(self, error: str):
        """End a failed build: release the lease, write the report with ``error``."""
        self.lease.release()
        self.report.finish(report_path(self.cache), error)
