"""Build-time benchmark: how long the site takes to build, cold, warm and after an edit.

    python tools/bench.py [--repeat N] [--json PATH]

Every scenario runs in a throw-away copy of the project, so the real tree and
its cache are never touched. Times are wall-clock medians over N repetitions.
Run counts (snippets run, notebooks executed, notebook pages rendered) come
from each build's report (.cache/build-report.json) and are exact, so a
single repetition checks them; times need the medians.
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

ROOT = Path(__file__).resolve().parent.parent

PROJECT_PARTS = ("docs", "snippets", "hooks", "overrides", "mkdocs.yml")
PAGE_TO_EDIT = "docs/index.md"
SNIPPET_TO_EDIT = "snippets/relu.py"

# Targets (issue: build performance).
TARGETS = {
    "cold_figures_over_naive": 0.35,
    "warm_over_plain": 1.3,
}


def copy_project(dst: Path) -> Path:
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dst / part)
    return dst


def build(project: Path, **env) -> dict:
    """One ``mkdocs build``: wall time, and what ran according to its report."""
    report = project / ".cache" / build_report.FILE
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environment.pop(build_report.ENVIRONMENT, None)  # the report goes to the copy's cache
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / "site"),
        ],
        check=False,  # a failure is reported below, with the log
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stdout}")
    built = build_report.read(report)
    if built["site_dir"] != str(project / "site") or built["status"] != "built":
        raise SystemExit(f"{report}: not the report of this build")
    return {
        "seconds": seconds,
        "snippets_run": len(built["figures"]["ran"]),
        "notebooks_executed": len(built["notebooks"]["executed"]),
        "notebook_pages_rendered": len(built["notebook_pages"]["rendered"]),
        "figure_seconds": built["figures"]["seconds"],
    }


def append(path: Path, text: str):
    with path.open("a") as f:
        f.write(text)


def naive_baseline(project: Path) -> dict:
    """Each snippet as its own process, one after another: what the hook replaces."""
    start = time.perf_counter()
    scripts = figures.find_snippets(project / "snippets")
    with tempfile.TemporaryDirectory() as out:
        for script in scripts:
            subprocess.run(
                [sys.executable, str(script), "--out", out],
                cwd=project,
                check=True,
                capture_output=True,
            )
    return {"seconds": time.perf_counter() - start, "snippets_run": len(scripts)}


def one_round(project: Path, n: int, naive: bool) -> dict:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    result = {"cold": build(project)}
    result["warm"] = build(project)
    append(project / PAGE_TO_EDIT, f"\n<!-- benchmark edit {n} -->\n")
    result["page_edit"] = build(project)
    append(project / SNIPPET_TO_EDIT, f"\n# benchmark edit {n}\n")
    result["snippet_edit"] = build(project)
    result["plain"] = build(project, SITE_SKIP_EXECUTION="1")
    if naive:
        result["naive"] = naive_baseline(project)
    return result


SCENARIOS = {
    "cold": "cold build (no caches)",
    "warm": "warm no-op build",
    "page_edit": f"rebuild after editing {PAGE_TO_EDIT}",
    "snippet_edit": f"rebuild after editing {SNIPPET_TO_EDIT}",
    "naive": "naive: each snippet its own process, in turn",
    "plain": "plain build (SITE_SKIP_EXECUTION=1)",
}


def run(repeat: int = 3, naive: bool = True) -> dict:
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        for n in range(repeat):
            rounds.append(one_round(project, n, naive))
    return summarise(rounds)


def summarise(rounds: list[dict]) -> dict:
    rows = {}
    for key, what in SCENARIOS.items():
        if key not in rounds[0]:
            continue
        runs = [r[key] for r in rounds]
        rows[key] = {
            "what": what,
            "seconds": statistics.median(r["seconds"] for r in runs),
            "snippets_run": max(r["snippets_run"] for r in runs),
            "notebooks_executed": max(r.get("notebooks_executed", 0) for r in runs),
            "notebook_pages_rendered": max(r.get("notebook_pages_rendered", 0) for r in runs),
        }
    rows["cold"]["figure_seconds"] = statistics.median(r["cold"]["figure_seconds"] for r in rounds)
    ratios = {"warm_over_plain": rows["warm"]["seconds"] / rows["plain"]["seconds"]}
    if "naive" in rows:
        ratios["cold_figures_over_naive"] = (
            rows["cold"]["figure_seconds"] / rows["naive"]["seconds"]
        )
    counts = {
        "page_edit_snippets": rows["page_edit"]["snippets_run"],
        "page_edit_notebooks": rows["page_edit"]["notebooks_executed"],
        "snippet_edit_snippets": rows["snippet_edit"]["snippets_run"],
    }
    return {
        "repeat": len(rounds),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "rows": rows,
        "ratios": ratios,
        "targets": TARGETS,
        "counts": counts,
        "ok": counts_ok(counts) and all(ratios[k] <= TARGETS[k] for k in ratios),
    }


def counts_ok(counts: dict) -> bool:
    return (
        counts["page_edit_snippets"] == 0
        and counts["page_edit_notebooks"] == 0
        and counts["snippet_edit_snippets"] == 1
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--json",
        type=Path,
        default=ROOT / "tools" / "bench.json",
        help="where to write the results (default: tools/bench.json)",
    )
    args = parser.parse_args()
    results = run(args.repeat)
    print(bench_results.render(results))
    print(f"\ncounts: {results['counts']} (targets: page edit 0 and 0, snippet edit 1)")
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"written to {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}"
    )
    sys.exit(0 if results["ok"] else 1)


if __name__ == "__main__":
    main()
