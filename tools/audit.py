"""Lighthouse audit of every page: mobile and desktop, medians of 3 runs.

    python -m tools.audit [--runs N] [--pages /,/activations/tanh/] [--site DIR] [--merge]

Builds the site (or takes a built one), serves it with gzip on loopback
(npm's ``serve``, as a static host would), runs Lighthouse 12 from
``node_modules`` in the system's Chromium on every page of the sitemap with
the mobile and the desktop presets, and writes the medians:
``tools/audit.json`` and ``docs/includes/lighthouse.md`` (a Markdown table
the "How this site is built" page includes). Exits 1 if a page misses a
target. Runs one Lighthouse at a time: two at once would slow each other,
and so would anything else the machine runs meanwhile. ``--merge`` measures
the pages given again and keeps the other pages' results from ``--json``
(for a page measured while the machine was busy, or changed since).

Each metric's median is taken over the runs on its own. Performance is
measured with Lighthouse's simulated throttling (a mid-range phone on a slow
4G network for mobile), so it varies little between machines.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

from tools.serve_timing import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("mobile", "desktop")

# Targets: scores out of 100, CLS unitless.
TARGETS = {
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "performance_mobile": 90,
    "cls": 0.02,
}

METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "bytes": "total-byte-weight",
}


def build(site: Path, base: str):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base + "/"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def serve(site: Path, port: int):
    """``serve`` over ``site`` on 127.0.0.1:port (gzip on, no clipboard)."""
    command = [str(BIN / "serve"), "--no-clipboard", "--no-port-switching", "-L"]
    command += ["-l", f"tcp://127.0.0.1:{port}", str(site)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            time.sleep(0.1)
        else:
            raise SystemExit("the static server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def sitemap_paths(site: Path) -> list[str]:
    tree = ElementTree.parse(site / "sitemap.xml")
    locs = (el.text.strip() for el in tree.iter() if el.tag.endswith("loc") and el.text)
    return [urlsplit(loc).path for loc in locs]


def lighthouse(url: str, preset: str, out: Path) -> dict:
    """One Lighthouse run; its scores (0-100) and metrics."""
    command = [str(BIN / "lighthouse"), url, "--quiet", "--output=json"]
    command += [f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"]
    command += ["--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    run = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    for name, audit in METRICS.items():
        run[name] = report["audits"][audit]["numericValue"]
    run["failed"] = sorted(
        audit["id"]
        for c in CATEGORIES[1:]
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        and (audit := report["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    )
    return run


def median_run(runs: list[dict]) -> dict:
    """Each metric's median over ``runs``; the audits any run failed."""
    keys = [k for k in runs[0] if k != "failed"]
    merged: dict = {k: statistics.median(r[k] for r in runs) for k in keys}
    merged["failed"] = sorted({a for r in runs for a in r["failed"]})
    return merged


def misses(path: str, preset: str, m: dict) -> list[str]:
    found = [f"{c} {m[c]:g}" for c in CATEGORIES[1:] if m[c] < TARGETS[c]]
    if preset == "mobile" and m["performance"] < TARGETS["performance_mobile"]:
        found.append(f"performance {m['performance']:g}")
    if m["cls"] > TARGETS["cls"]:
        found.append(f"CLS {m['cls']:.3f}")
    return [f"{path} ({preset}): {', '.join(found)}"] if found else []


def runs_text(runs: int) -> str:
    return "one run" if runs == 1 else f"medians of {runs} runs"


def render(results: dict) -> str:
    """The results as a Markdown table, one row per page, mobile then desktop."""
    lines = [
        "| Page | Preset | Perf. | A11y | Best pr. | SEO | FCP (s) | LCP (s) | TBT (ms) | CLS "
        "| Weight (KB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, presets in results["pages"].items():
        for preset, m in presets.items():
            lines.append(
                f"| `{path}` | {preset} | {m['performance']:g} | {m['accessibility']:g} "
                f"| {m['best-practices']:g} | {m['seo']:g} | {m['fcp_ms'] / 1000:.1f} "
                f"| {m['lcp_ms'] / 1000:.1f} | {m['tbt_ms']:.0f} | {m['cls']:.3f} "
                f"| {m['bytes'] / 1000:.0f} |"
            )
    t = results["targets"]
    lines += [
        "",
        f"Lighthouse {results['lighthouse']}, {runs_text(results['runs'])} per page and "
        f"preset, on {results['machine']}; the site served with gzip on loopback. Targets: "
        f"accessibility, best practices and SEO {t['accessibility']}, mobile performance "
        f"≥ {t['performance_mobile']}, CLS ≤ {t['cls']}.",
    ]
    return "\n".join(lines) + "\n"


def audit(site: Path, base: str, paths: list[str], runs: int) -> dict:
    results: dict = {"pages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            results["pages"][path] = {}
            for preset in PRESETS:
                measured = [
                    lighthouse(base + path, preset, Path(tmp) / "report.json") for _ in range(runs)
                ]
                m = median_run(measured)
                results["pages"][path][preset] = m
                print(
                    f"{path:40} {preset:8} perf {m['performance']:3g}  a11y "
                    f"{m['accessibility']:3g}  bp {m['best-practices']:3g}  seo {m['seo']:3g}  "
                    f"LCP {m['lcp_ms'] / 1000:.1f} s  TBT {m['tbt_ms']:.0f} ms  "
                    f"CLS {m['cls']:.3f}  {' '.join(m['failed'])}",
                    flush=True,
                )
    return results


def merged(earlier: dict, new: dict, version: str, runs: int) -> dict:
    """``earlier`` results with the pages of ``new`` measured again, in
    ``earlier``'s page order. Raises ``SystemExit`` if they were measured
    differently (another Lighthouse or number of runs)."""
    if (earlier["lighthouse"], earlier["runs"]) != (version, runs):
        raise SystemExit(
            f"--merge: the results to merge into are from Lighthouse {earlier['lighthouse']}, "
            f"{runs_text(earlier['runs'])}; these are from {version}, {runs_text(runs)}"
        )
    pages = {**earlier["pages"], **new["pages"]}
    return {**earlier, "pages": pages}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", help="comma-separated URL paths (default: the sitemap's)")
    parser.add_argument("--site", type=Path, help="a site built for http://127.0.0.1:PORT/")
    parser.add_argument("--port", type=int, help="the port --site was built for")
    parser.add_argument("--json", type=Path, default=ROOT / "tools" / "audit.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs/includes/lighthouse.md")
    parser.add_argument("--merge", action="store_true", help="keep other pages from --json")
    args = parser.parse_args()
    if not (BIN / "lighthouse").exists() or not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"needs {BIN / 'lighthouse'} (npm ci) and Chromium at {CHROMIUM}")
    if args.site and not args.port:
        raise SystemExit("--site needs --port, the port its links were built for")
    port = args.port or free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site, f"http://127.0.0.1:{port}")
        with serve(site, port) as base:
            paths = args.pages.split(",") if args.pages else sitemap_paths(site)
            results = audit(site, base, paths, args.runs)
    version = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
    if args.merge:
        results = merged(json.loads(args.json.read_text()), results, version, args.runs)
    results.update(
        lighthouse=version,
        runs=args.runs,
        machine=f"{os.cpu_count()} cores, {platform.machine()}",
        targets=TARGETS,
    )
    missed = [
        line
        for p, ps in results["pages"].items()
        for k, m in ps.items()
        for line in misses(p, k, m)
    ]
    results["ok"] = not missed
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    args.markdown.write_text(render(results))
    print("\n".join(["", *missed]) if missed else "\nevery page meets every target")
    sys.exit(0 if not missed else 1)


if __name__ == "__main__":
    main()
