"""hooks/bench_results.py: the benchmark's results as tables on the build page."""

import json

from hooks import bench_results

RESULTS = {
    "format": bench_results.FORMAT,
    "repeat": 3,
    "machine": "x86_64, 2 cores, Python 3.11.7",
    "rows": {
        "cold": {
            "what": "cold build",
            "seconds": 20.0,
            "samples": 3,
            "snippets_run": 9,
            "notebooks_executed": 5,
            "figure_seconds": 6.0,
        },
        "warm": {
            "what": "warm no-op build",
            "seconds": 2.0,
            "samples": 3,
            "snippets_run": 0,
            "notebooks_executed": 0,
        },
        "snippet_edit": {
            "what": "snippet edit served",
            "seconds": 0.9,
            "samples": 15,
            "snippets_run": ["relu.py"],
            "notebooks_executed": 0,
        },
    },
    "ratios": {"warm_over_plain": 1.1, "served_after_snippet": 0.25},
    "targets": {"warm_over_plain": 1.3, "served_after_snippet": 1.0},
}


def test_results_table_replaces_the_marker(tmp_path):
    results = tmp_path / "bench.json"
    results.write_text(json.dumps(RESULTS))
    page = f"# Build\n\n{bench_results.MARKER}\n"
    out = bench_results.insert(page, results)
    assert bench_results.MARKER not in out
    assert "| cold build | 20.00 | 3 | 9 | 5 |" in out
    assert "| snippet edit served | 0.90 | 15 | relu.py | 0 |" in out
    assert "| warm no-op build / plain Material build | 1.10 | ≤ 1.3 |" in out
    assert "| page served after its snippet finished (s, worst) | 0.25 | ≤ 1.0 s |" in out
    assert "took 6.00 s of the cold build" in out


def test_pages_without_the_marker_are_untouched(tmp_path):
    assert bench_results.insert("# Page\n", tmp_path / "missing.json") == "# Page\n"
    assert "make bench" in bench_results.insert(bench_results.MARKER, tmp_path / "missing.json")


def test_results_of_an_older_benchmark_are_not_shown_as_these(tmp_path):
    results = tmp_path / "bench.json"
    results.write_text(json.dumps({**RESULTS, "format": 1}))
    out = bench_results.insert(f"{bench_results.MARKER}\n", results)
    assert out == "The results in `bench.json` are an older benchmark's: run `make bench`.\n"
