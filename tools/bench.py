"""Build-time benchmark: the builds CI pays for and the edits authors wait for.

    python -m tools.bench [--repeat N] [--edits N] [--json PATH]

Every scenario runs in a throw-away copy of the project, so the real tree and
its cache are never touched. Per round: a cold build, a warm no-op build, a
plain Material build of the same Markdown pages (no hooks, no notebook
plugin), the naive baseline (each snippet as its own process), and under
``mkdocs serve --dirty`` (``make serve``) N page edits and N snippet edits,
each timed until the served page shows it. Times are medians; what each build
ran comes from its report (.cache/build-report.json) and is exact, so one
round checks it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hooks import bench_results, build_report, figures
from tools import serve_timing
from tools.project import copy_project, plain_site

ROOT = Path(__file__).resolve().parent.parent

PAGE_TO_EDIT, PAGE_URL = "docs/index.md", "/"
SNIPPET_TO_EDIT, SECTION, SNIPPET_URL = "snippets/relu.py", "plot", "/activations/relu/"

TARGETS = {
    "cold_figures_over_naive": 0.35,  # the snippet host against one process per snippet
    "warm_over_plain": 1.3,  # a warm no-op build against Material alone
    "page_edit_over_plain": 0.6,  # a page edit served, against Material's build alone
    "served_after_snippet": 1.0,  # seconds from a snippet's end to its page served
}


def build(project: Path, **env) -> dict:
    """One ``mkdocs build`` (a process, as CI runs it): wall time, and what ran."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environment.pop(build_report.ENVIRONMENT, None)  # the report goes to the copy's cache
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
         "-d", str(project / "site")],
        check=False, cwd=project, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{done.stdout}{done.stderr}")
    if not (project / ".cache").is_dir():  # the plain build has no hooks, so no report
        return {"seconds": seconds, "snippets_run": 0, "notebooks_executed": 0}
    built = build_report.read(project / ".cache" / build_report.FILE)
    return {
        "seconds": seconds,
        "snippets_run": len(built["figures"]["ran"]),
        "notebooks_executed": len(built["notebooks"]["executed"]),
        "notebook_pages_rendered": len(built["notebook_pages"]["rendered"]),
        "figure_seconds": built["figures"]["seconds"],
    }


def naive_baseline(project: Path) -> dict:
    """Each snippet as its own process, one after another: what the snippet host replaces."""
    start = time.perf_counter()
    scripts = figures.find_snippets(project / "snippets")
    with tempfile.TemporaryDirectory() as out:
        for script in scripts:
            subprocess.run(
                [sys.executable, str(script), "--out", out], cwd=project, check=True,
                capture_output=True,
            )  # fmt: skip
    return {"seconds": time.perf_counter() - start, "snippets_run": len(scripts)}


def served_edits(project: Path, edits: int, first: int) -> dict:
    """Page and snippet edits under ``mkdocs serve --dirty``, ``edits`` of each."""
    with serve_timing.Served(project) as served:
        pages = [serve_timing.page_edit(served, PAGE_TO_EDIT, PAGE_URL, first + k)
                 for k in range(edits)]  # fmt: skip
        snippets = [
            serve_timing.snippet_edit(served, SNIPPET_TO_EDIT, SECTION, SNIPPET_URL, first + k)
            for k in range(edits)
        ]
    return {"page_edit": pages, "snippet_edit": snippets}


def one_round(project: Path, n: int, edits: int, naive: bool) -> dict:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    result: dict = {"cold": build(project)}
    result["warm"] = build(project)
    with tempfile.TemporaryDirectory() as tmp:
        result["plain"] = build(plain_site(project, Path(tmp)))
    if naive:
        result["naive"] = naive_baseline(project)
    result.update(served_edits(project, edits, n * edits))
    return result


SCENARIOS = {
    "cold": "cold build (no caches)",
    "warm": "warm no-op build",
    "plain": "plain Material build of the same Markdown pages",
    "naive": "naive: each snippet its own process, in turn",
    "page_edit": f"page edit served ({PAGE_TO_EDIT}, under make serve)",
    "snippet_edit": f"snippet edit served ({SNIPPET_TO_EDIT}, under make serve)",
}


def row(key: str, runs: list) -> dict:
    if key in ("page_edit", "snippet_edit"):  # lists of edits
        edits = [edit for run in runs for edit in run]
        return {
            "what": SCENARIOS[key],
            "seconds": statistics.median(e.seconds for e in edits),
            "samples": len(edits),
            "snippets_run": sorted({name for e in edits for name in e.snippets_run}),
            "notebooks_executed": max(e.notebooks_executed for e in edits),
            "served_after_snippet": max(
                (e.served_after_snippet for e in edits if e.served_after_snippet is not None),
                default=None,
            ),
        }
    return {
        "what": SCENARIOS[key],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "samples": len(runs),
        "snippets_run": max(r["snippets_run"] for r in runs),
        "notebooks_executed": max(r.get("notebooks_executed", 0) for r in runs),
    }


def summarise(rounds: list[dict]) -> dict:
    rows = {key: row(key, [r[key] for r in rounds]) for key in SCENARIOS if key in rounds[0]}
    rows["cold"]["figure_seconds"] = statistics.median(r["cold"]["figure_seconds"] for r in rounds)
    plain = rows["plain"]["seconds"]
    ratios = {
        "warm_over_plain": rows["warm"]["seconds"] / plain,
        "page_edit_over_plain": rows["page_edit"]["seconds"] / plain,
        "served_after_snippet": rows["snippet_edit"]["served_after_snippet"],
    }
    if "naive" in rows:
        ratios["cold_figures_over_naive"] = (
            rows["cold"]["figure_seconds"] / rows["naive"]["seconds"]
        )
    counts = {
        "page_edit_snippets": len(rows["page_edit"]["snippets_run"]),
        "page_edit_notebooks": rows["page_edit"]["notebooks_executed"],
        "snippet_edit_snippets": rows["snippet_edit"]["snippets_run"],
        "warm_snippets": rows["warm"]["snippets_run"],
    }
    return {
        "format": bench_results.FORMAT,
        "repeat": len(rounds),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "rows": rows,
        "ratios": ratios,
        "targets": TARGETS,
        "counts": counts,
        "ok": counts_ok(counts)
        and all(v is not None and v <= TARGETS[k] for k, v in ratios.items()),
    }


def counts_ok(counts: dict) -> bool:
    """A page edit runs no snippet and executes no notebook; a snippet edit runs
    that snippet alone; a warm build runs nothing."""
    return (
        counts["page_edit_snippets"] == 0
        and counts["page_edit_notebooks"] == 0
        and counts["snippet_edit_snippets"] == [Path(SNIPPET_TO_EDIT).name]
        and counts["warm_snippets"] == 0
    )


def run(repeat: int = 3, edits: int = 5, naive: bool = True, source: Path = ROOT) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp), with_cache=False, source=source)
        return summarise([one_round(project, n, edits, naive) for n in range(repeat)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--edits", type=int, default=5, help="edits of each kind per round")
    parser.add_argument("--json", type=Path, default=ROOT / "tools" / "bench.json",
                        help="where to write the results (default: tools/bench.json)")  # fmt: skip
    args = parser.parse_args()
    results = run(args.repeat, args.edits)
    print(bench_results.render(results))
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\ncounts: {results['counts']}\nwritten to {args.json}")
    sys.exit(0 if results["ok"] else 1)


if __name__ == "__main__":
    main()
