"""hooks/serve.py: quick rebuilds under ``mkdocs serve --dirty``, and build
errors shown in the browser."""

from __future__ import annotations

import logging
import os
import time
from types import SimpleNamespace

import pytest
from mkdocs.utils import CountHandler

from hooks import serve
from tests.hooks.conftest import served_site
from tools.serve_timing import Served


def test_a_page_is_built_from_what_it_includes_and_the_appended_fragments(tmp_path):
    site = served_site(tmp_path)
    inputs = serve.page_inputs(site / "docs" / "code.md", site / "mkdocs.yml")
    assert inputs == {
        site / "docs" / "code.md",
        site / "mkdocs.yml",
        site / "snippets" / "one.py",
        site / "docs" / "includes" / "links.md",
    }


def test_a_page_is_built_from_the_fragments_it_inserts(tmp_path):
    site = served_site(tmp_path)
    page = site / "docs" / "code.md"
    page.write_text(page.read_text() + "\n<!-- insert: one.md -->\n")
    fragment = tmp_path / "cache" / "one.md"
    inputs = serve.page_inputs(page, site / "mkdocs.yml", {"one.md": fragment, "two.md": tmp_path})
    assert fragment in inputs and tmp_path not in inputs


def test_an_output_older_than_an_input_is_removed(tmp_path):
    site = served_site(tmp_path)
    built = tmp_path / "site"
    pages = []
    for name in ("code", "index"):
        dest = built / name / "index.html"
        dest.parent.mkdir(parents=True)
        dest.write_text("old")
        pages.append(
            SimpleNamespace(
                src_uri=f"{name}.md",
                abs_src_path=str(site / "docs" / f"{name}.md"),
                abs_dest_path=str(dest),
            )
        )
    past = time.time() - 100
    for path in [*site.rglob("*"), *built.rglob("*")]:
        os.utime(path, (past, past))
    assert serve.remove_stale_pages(pages, site / "mkdocs.yml") == []
    os.utime(site / "snippets" / "one.py")  # only code.md includes it
    assert serve.remove_stale_pages(pages, site / "mkdocs.yml") == ["code.md"]
    assert not (built / "code" / "index.html").exists()
    assert (built / "index" / "index.html").exists()


class FakeServer:
    def __init__(self, builder):
        self.builder = builder
        self.observer = None
        self.calls: list[tuple[str, str]] = []

    def watch(self, path):
        self.calls.append(("watch", path))

    def unwatch(self, path):
        self.calls.append(("unwatch", path))


def test_watching_polls_every_tenth_of_a_second(tmp_path):
    server = FakeServer(builder=None)
    serve.poll_faster(server, [str(tmp_path / "docs")], [str(tmp_path / "snippets")])
    assert server.calls == [
        ("unwatch", str(tmp_path / "docs")),
        ("watch", str(tmp_path / "docs")),
        ("watch", str(tmp_path / "snippets")),
    ]
    assert server.observer.timeout == serve.POLL_SECONDS


def test_a_failed_build_shows_its_error_on_every_page_until_a_build_succeeds(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("the page")
    outcomes = [RuntimeError("docs/a.md:3: includes section 'x' of a.py"), None]
    built = []

    def builder():
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        built.append(sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")))

    server = FakeServer(builder)
    serve.show_build_errors(server, site)
    server.builder()
    page = (site / "a" / "index.html").read_text()
    assert "The site did not build" in page
    assert "docs/a.md:3: includes section &#x27;x&#x27; of a.py" in page
    assert "docs/a.md:3" in (site / "404.html").read_text()
    server.builder()
    assert built == [[]], "the error pages are removed before the next build renders them"


def test_the_dirty_build_warning_is_dropped_and_nothing_else():
    notice = serve.DirtyBuildNotice()
    record = logging.LogRecord(
        "mkdocs.commands.build",
        logging.WARNING,
        "",
        0,
        "A 'dirty' build is being performed, this will likely …",
        None,
        None,
    )
    other = logging.LogRecord(
        "mkdocs.commands.build", logging.WARNING, "", 0, "a dead link", None, None
    )
    assert not notice.filter(record)
    assert notice.filter(other)


def test_a_failed_request_during_a_build_is_no_build_warning():
    counter = CountHandler(level=logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    server_log = logging.getLogger("mkdocs.livereload")
    request_log = serve.RequestLog()
    server_log.addFilter(request_log)
    try:
        server_log.warning('"GET /activations/relu/ HTTP/1.1" code 404')
        assert counter.get_counts() == []
        logging.getLogger("mkdocs.livereload").warning("another warning")
        assert counter.get_counts() == [("WARNING", 1)]
    finally:
        server_log.removeFilter(request_log)
        logging.getLogger("mkdocs").removeHandler(counter)


@pytest.mark.build
def test_serve_rebuilds_a_page_whose_snippet_changed_and_shows_build_errors(tmp_path):
    site = served_site(tmp_path)
    snippet = site / "snippets" / "one.py"
    page = site / "docs" / "code.md"
    with Served(site) as served:
        served.wait_for("/code/", "subplots")
        snippet.write_text(
            snippet.read_text().replace("plt.subplots()", "plt.subplots()  # edited")
        )
        served.wait_for("/code/", "# edited")
        assert list(served.report()["figures"]["ran"]) == ["one.py"]
        page.write_text(page.read_text().replace("one.py:draw", "one.py:drew"))
        served.wait_for("/code/", "docs/code.md:4: includes section &#x27;drew&#x27; of one.py")
        page.write_text(page.read_text().replace("one.py:drew", "one.py:draw"))
        served.wait_for("/code/", "# edited")
