"""Build each page's figures from its snippet, and cache them.

A *snippet* is a script in ``snippets/`` (it has an ``if __name__ ==
"__main__":`` block); other ``.py`` files there are modules the snippets
import. Running ``snippets/NAME.py --out DIR`` writes ``NAME*-light.svg`` and
``NAME*-dark.svg`` into DIR.

Cache: each snippet's figures live in ``CACHE/NAME-KEY/``, where KEY hashes
the snippet, every project module it imports (transitively), and the torch
and matplotlib versions. A run writes into a temporary folder that is renamed
to that name only after the snippet succeeded and its output was checked, so
a folder under its final name is always complete: an interrupted or failed
run leaves nothing that counts as cached.

Runs: snippets run two at a time, each in its own process forked from a
forkserver that has imported torch and matplotlib once, so the imports are
paid once per build (once per ``mkdocs serve`` session), not once per snippet.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import multiprocessing
import os
import shutil
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from hooks.build_cache import display_path, prune, publish, scratch_folder

# Bump when the way snippets are run changes (seeds, environment, checks).
RUNNER_VERSION = "1"
VARIANTS = ("light", "dark")
WORKERS = 2  # the build machine has 2 cores
# Imported once by the forkserver, before any snippet runs. Besides torch and
# pyplot: the module torch imports on the first backward() (it pulls in
# SymPy, ~0.5 s) and matplotlib's SVG backend, so no snippet pays for them.
PRELOAD = [
    "torch",
    "torch.fx.experimental.symbolic_shapes",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_svg",
]


class SnippetError(Exception):
    """A snippet raised, or wrote figures that break the conventions."""


@dataclass
class Report:
    """What one build did: snippets run (with seconds) and snippets cached."""

    ran: dict[str, float] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)
    figures: dict[str, Path] = field(default_factory=dict)  # site path -> file


def is_snippet(path: Path) -> bool:
    """A script, as opposed to a module: it has a ``__main__`` block."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            return True
    return False


def find_snippets(snippets_dir: Path) -> list[Path]:
    return sorted(p for p in snippets_dir.glob("*.py") if is_snippet(p))


def project_imports(script: Path, snippets_dir: Path) -> list[Path]:
    """Project modules ``script`` imports, directly or through each other."""
    seen: dict[str, Path] = {}
    todo = [script]
    while todo:
        tree = ast.parse(todo.pop().read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                module = snippets_dir / f"{top}.py"
                if module.is_file() and top not in seen and module != script:
                    seen[top] = module
                    todo.append(module)
    return [seen[name] for name in sorted(seen)]


def cache_key(script: Path, snippets_dir: Path) -> str:
    h = hashlib.sha256(f"runner {RUNNER_VERSION}\n".encode())
    for dist in ("torch", "matplotlib"):
        h.update(f"{dist}=={importlib.metadata.version(dist)}\n".encode())
    for path in [script, *project_imports(script, snippets_dir)]:
        data = path.read_bytes()
        h.update(f"{path.name} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()[:20]


def run_snippet(script: str, out_dir: str) -> tuple[str | None, float]:
    """Run one snippet in this (fresh) process; return (failure text, seconds).

    Called in a worker process. Everything a snippet could depend on is reset
    here so that its figures depend on its inputs alone.
    """
    import random

    import matplotlib
    import matplotlib.pyplot as plt
    import numpy
    import torch

    matplotlib.rcdefaults()
    plt.switch_backend("agg")
    random.seed(0)
    numpy.random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(1)  # two snippets share the two cores
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    sys.argv = [script, "--out", out_dir]
    sys.path.insert(0, str(Path(script).parent))
    start = time.perf_counter()
    try:
        import runpy

        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            return describe_failure(script, exc), time.perf_counter() - start
    except BaseException as exc:
        return describe_failure(script, exc), time.perf_counter() - start
    return None, time.perf_counter() - start


def describe_failure(script: str, exc: BaseException) -> str:
    """``snippets/x.py:LINE: Error: message`` and the snippet's own traceback."""
    folder = str(Path(script).parent)
    te = traceback.TracebackException.from_exception(exc)
    # Drop the runner's frames above the snippet's first one.
    frames = list(te.stack)
    while frames and not frames[0].filename.startswith(folder):
        frames.pop(0)
    te.stack = traceback.StackSummary.from_list(frames)
    where = next((f for f in reversed(frames) if f.filename.startswith(folder)), None)
    head = f"{display_path(where.filename)}:{where.lineno}" if where else display_path(script)
    last = "".join(te.format_exception_only()).strip()
    return f"{head}: {last}\n" + "".join(te.format())


def check_output(stem: str, folder: Path) -> list[str]:
    """Problems with what a snippet wrote (empty when it keeps the rules)."""
    problems = []
    svgs = sorted(p.name for p in folder.iterdir())
    if not svgs:
        problems.append("wrote no figure")
    for name in svgs:
        if not name.startswith(stem) or not name.endswith(".svg"):
            problems.append(f"wrote {name!r}: figures must be named {stem}*-light.svg / -dark.svg")
            continue
        base = name[: -len(".svg")]
        if not base.endswith(tuple(f"-{v}" for v in VARIANTS)):
            problems.append(f"wrote {name!r}: neither a -light nor a -dark variant")
            continue
        pair = base.rsplit("-", 1)[0]
        for variant in VARIANTS:
            if f"{pair}-{variant}.svg" not in svgs:
                problems.append(f"wrote {name!r} but no {pair}-{variant}.svg")
        if (folder / name).stat().st_size == 0:
            problems.append(f"wrote an empty {name!r}")
    return problems


_executor_context = None


def _context():
    """The forkserver, started once per process and reused by later builds."""
    global _executor_context
    if _executor_context is None:
        _executor_context = multiprocessing.get_context("forkserver")
        _executor_context.set_forkserver_preload(PRELOAD)
    return _executor_context


def build_figures(snippets_dir: Path, cache_dir: Path, log=print) -> Report:
    """Run the snippets whose inputs changed; return every current figure."""
    start = time.perf_counter()
    report = Report()
    cache_dir.mkdir(parents=True, exist_ok=True)
    entries = {}
    todo = []
    for script in find_snippets(snippets_dir):
        entry = cache_dir / f"{script.stem}-{cache_key(script, snippets_dir)}"
        entries[script] = entry
        if entry.is_dir():
            report.cached.append(script.name)
            log(f"{script.name}: cached")
        else:
            todo.append(script)

    if todo:
        run_all(todo, entries, cache_dir, report, log)

    prune(cache_dir, {entry.name for entry in entries.values()})
    for entry in entries.values():
        for svg in sorted(entry.glob("*.svg")):
            report.figures[f"figures/{svg.name}"] = svg
    log(
        f"figures: {len(report.ran)} ran, {len(report.cached)} cached, "
        f"in {time.perf_counter() - start:.2f} s"
    )
    return report


def cached_figures(cache_dir: Path) -> dict[str, Path]:
    """Whatever figures the cache holds, without checking or running anything."""
    return {f"figures/{svg.name}": svg for svg in sorted(cache_dir.glob("*-*/*.svg"))}


def run_all(todo, entries, cache_dir, report, log):
    outs = {s: scratch_folder(cache_dir, s.stem) for s in todo}
    failures = []
    try:
        with ProcessPoolExecutor(
            max_workers=min(WORKERS, len(todo)),
            mp_context=_context(),
            max_tasks_per_child=1,  # each snippet in a process of its own
        ) as pool:
            futures = {s: pool.submit(run_snippet, str(s), str(outs[s])) for s in todo}
            for script, future in futures.items():
                try:
                    error, seconds = future.result()
                except BrokenProcessPool:
                    error = f"{display_path(str(script))}: the process running it died"
                    failures.append(error)
                    continue
                if error is None:
                    problems = check_output(script.stem, outs[script])
                    if problems:
                        error = f"{display_path(str(script))}: " + "; ".join(problems)
                if error:
                    failures.append(error)
                    continue
                publish(outs[script], entries[script])
                report.ran[script.name] = seconds
                log(f"{script.name}: ran in {seconds:.2f} s")
    finally:
        for out in outs.values():
            shutil.rmtree(out, ignore_errors=True)
    if failures:
        raise SnippetError("\n\n".join(failures))
