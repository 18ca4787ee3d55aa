"""The build benchmark: its run counts are exact, so one repetition checks them.

Times are not asserted here (that would be a timed test); `make bench` measures them.
"""

import pytest

from tools import bench

pytestmark = pytest.mark.build


def test_incremental_builds_run_exactly_what_changed():
    results = bench.run(repeat=1, naive=False)
    assert results["counts"] == {
        "page_edit_snippets": 0,
        "page_edit_notebooks": 0,
        "snippet_edit_snippets": 1,
    }
    assert results["rows"]["warm"]["snippets_run"] == 0
    assert results["rows"]["warm"]["notebook_pages_rendered"] == 0
    assert results["rows"]["cold"]["snippets_run"] == len(
        bench.figures.find_snippets(bench.ROOT / "snippets")
    )
