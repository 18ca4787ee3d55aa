"""The build benchmark: what each build and each served edit runs is exact, so
one round over a small site checks it (the times are measured by `make bench`,
never asserted: that would be a timed test)."""

import pytest

from tests.hooks.conftest import served_site
from tools import bench

pytestmark = pytest.mark.build


def test_edits_under_serve_run_exactly_what_changed(tmp_path, monkeypatch):
    site = served_site(tmp_path / "source")
    # the small site's page, snippet and section, where the site's are relu's
    for name, value in {
        "PAGE_TO_EDIT": "docs/index.md",
        "PAGE_URL": "/",
        "SNIPPET_TO_EDIT": "snippets/one.py",
        "SECTION": "draw",
        "SNIPPET_URL": "/code/",
    }.items():
        monkeypatch.setattr(bench, name, value)
    results = bench.run(repeat=1, edits=2, naive=True, source=site)
    assert results["counts"] == {
        "page_edit_snippets": 0,
        "page_edit_notebooks": 0,
        "snippet_edit_snippets": ["one.py"],
        "warm_snippets": 0,
    }
    rows = results["rows"]
    assert rows["cold"]["snippets_run"] == 1 and rows["cold"]["notebooks_executed"] == 1
    assert rows["naive"]["snippets_run"] == 1
    assert rows["page_edit"]["samples"] == rows["snippet_edit"]["samples"] == 2
    assert results["ratios"]["served_after_snippet"] is not None


@pytest.mark.build
def test_the_benchmark_edits_pages_the_site_has(built_site):
    """What ``make bench`` polls are pages of the site (paths below where the
    server mounts it, which ``tools.serve_timing`` adds)."""
    for url in (bench.PAGE_URL, bench.SNIPPET_URL):
        assert (built_site.site / url.strip("/") / "index.html").is_file(), url
