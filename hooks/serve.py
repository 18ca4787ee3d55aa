"""``mkdocs serve`` for authors: quick rebuilds, and build errors shown in the browser.

``make serve`` runs ``mkdocs serve --dirty``: a rebuild renders only the pages
whose output is older than their source. A page is also built from the
snippet files it includes and the fragments pymdownx.snippets appends to
every page, and from ``mkdocs.yml``; :func:`remove_stale_pages` deletes the
output of a page older than any of those, so MkDocs renders it again. (Nav
titles and links on other pages follow only on a full build: restart
``make serve`` after renaming or moving a page.)

MkDocs's server polls for changes every half second; :func:`poll_faster`
re-watches the same paths every tenth of a second. When a rebuild fails the
server would hold every request until the error is fixed;
:func:`show_build_errors` instead puts a page that names the file and line
in place of every page, which the browser reloads once a build succeeds.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from watchdog.observers.polling import PollingObserver

from hooks import fragments
from pagecheck import includes
from pagecheck.site import settings

POLL_SECONDS = 0.1
log = logging.getLogger("mkdocs.hooks.site")


def page_inputs(
    source: Path, config_file: Path, inserted: Mapping[str, Path] | None = None
) -> set[Path]:
    """Every file a Markdown page is built from: itself, what it includes (and
    what that includes), the fragments appended to every page, the config, and
    the snippets' fragments it inserts (``inserted``: NAME.md -> file)."""
    pre = includes.preprocessor(config_file)
    appended = [str(name) for name in settings(config_file).snippets.get("auto_append", [])]
    found: set[Path] = {source, config_file}
    page = source.read_text(encoding="utf-8")
    found |= {inserted[n] for n in fragments.names(page) if inserted and n in inserted}
    todo = [source]
    while todo:
        path = todo.pop()
        text = page if path == source else path.read_text(encoding="utf-8")
        names = [inc.file for inc in includes.includes(text, config_file)]
        if path == source:  # the page itself: the appended fragments too
            names += appended
        for name in names:
            included = pre.get_snippet_path(name)
            if included is not None and Path(included) not in found:
                found.add(Path(included))
                todo.append(Path(included))
    return found


def remove_stale_pages(
    pages: Iterable, config_file: Path, inserted: Mapping[str, Path] | None = None
) -> list[str]:
    """Delete the built output of each page (MkDocs ``File``) older than one of
    its inputs; return their ``src_uri``. MkDocs's dirty build then renders
    exactly these and the pages whose own source changed."""
    stale = []
    for file in pages:
        dest = Path(file.abs_dest_path)
        if not file.src_uri.endswith(".md") or not dest.is_file():
            continue
        built = dest.stat().st_mtime
        inputs = page_inputs(Path(file.abs_src_path), config_file, inserted)
        if any(path.stat().st_mtime > built for path in inputs if path.exists()):
            dest.unlink()
            stale.append(file.src_uri)
    return stale


class DirtyBuildNotice(logging.Filter):
    """Drops MkDocs's warning that a dirty build may leave navigation stale:
    :func:`remove_stale_pages` re-renders what a page is built from, and the
    warning would stop every ``--strict`` rebuild. (Nav titles still follow
    only on restart, as the module says.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class RequestLog(logging.Filter):
    """Logs the server's failed requests at INFO, not WARNING. A reader who
    reloads while a rebuild has removed the page gets a 404, and MkDocs's
    ``--strict`` counts every warning logged during a build: a few reloads
    would abort the rebuild with "Aborted with N warnings"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and '" code ' in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_dirty_notice() -> None:
    """Keep what is no build warning from counting as one while serving."""
    logging.getLogger("mkdocs.commands.build").addFilter(DirtyBuildNotice())
    logging.getLogger("mkdocs.livereload").addFilter(RequestLog())


def poll_faster(server, watched: Iterable[str], more: Iterable[str] = ()) -> None:
    """Watch with a poller of :data:`POLL_SECONDS`: the ``watched`` paths again
    (MkDocs watches them already) and ``more``, through the server's public
    ``watch``/``unwatch`` and ``observer``."""
    watched = [os.path.abspath(p) for p in watched]
    for path in watched:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in [*watched, *map(os.path.abspath, more)]:
        server.watch(path)


ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build error</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}
pre{{white-space:pre-wrap;background:#fff3f3;border-left:4px solid #c00;padding:1rem}}</style>
</head><body><h1>The site did not build</h1>
<p>Fix this and save: the page reloads when the build succeeds.</p>
<pre>{message}</pre></body></html>
"""


def show_build_errors(server, site_dir: Path) -> None:
    """Make a failed rebuild replace every page by one naming the error.

    The pages replaced are deleted before the next build, so a dirty build
    renders them again.
    """
    build = server.builder
    shown: list[Path] = []

    def builder(config=None):
        for path in shown:
            path.unlink(missing_ok=True)
        shown.clear()
        try:
            build() if config is None else build(config)
        except Exception as exc:  # every failure: shown, then served
            error = ERROR_PAGE.format(message=html.escape(str(exc) or type(exc).__name__))
            for path in [*site_dir.rglob("*.html"), site_dir / "404.html"]:
                path.write_text(error, encoding="utf-8")
                shown.append(path)
            log.error("The build failed; the browser shows the error until a build succeeds.")

    server.builder = builder
