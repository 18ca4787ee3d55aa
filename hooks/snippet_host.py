"""The process that runs snippets: a pool of forked workers with torch imported once.

Snippets import their sibling modules (``from plotting import main``), which
``python snippets/NAME.py`` finds because Python puts the script's folder on
``sys.path``. Here the folder is put on the ``PYTHONPATH`` of a process of
its own, the host (:func:`main`, started by :class:`SnippetHost`); its pool's
workers inherit its ``sys.path`` (multiprocessing hands every worker its
parent's). That is why the pool cannot live in the build's own process,
whose path the snippets folder must not enter, and why no code here edits
``sys.path``.

The host reads one job list per line on stdin (JSON: ``[[script, out_dir],
...]``) and answers on stdout with one line per finished job (``{"script":
..., "error": ..., "seconds": ...}``) and an empty list when all are done.
Whatever the snippets print goes to stderr. It exits when stdin closes, so
it never outlives the build process that started it.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from hooks.build_cache import display_path

WORKERS = 2  # the build machine has 2 cores
WORKER = "hooks.snippet_worker"
# Imported once by the forkserver, before any snippet runs. Besides torch and
# pyplot: the module torch imports on the first backward() (it pulls in
# SymPy, ~0.5 s) and matplotlib's SVG backend, so no snippet pays for them.
PRELOAD = [
    "torch",
    "torch.fx.experimental.symbolic_shapes",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_svg",
    WORKER,
]


class SnippetHost:
    """The build's side: a host for one snippets folder, started on first use."""

    def __init__(self):
        self.snippets_dir: Path | None = None
        self.process: subprocess.Popen[str] | None = None

    def start(self, snippets_dir: Path) -> None:
        """Start the host now, so that it has imported torch by the first snippet
        edit (``mkdocs serve``); it is otherwise started on first use."""
        self._host(snippets_dir.resolve())

    def run(self, snippets_dir: Path, jobs: list[tuple[str, str]]):
        """Run ``(script, out_dir)`` jobs; yield ``(script, error text or None, seconds)``
        as each finishes."""
        host = self._host(snippets_dir.resolve())
        assert host.stdin is not None and host.stdout is not None
        host.stdin.write(json.dumps(jobs) + "\n")
        host.stdin.flush()
        finished = False
        try:
            while not finished:
                line = host.stdout.readline()
                if not line:
                    raise RuntimeError(
                        "the process running the snippets (hooks.snippet_host) ended "
                        "unexpectedly; its error is printed above"
                    )
                answer = json.loads(line)
                finished = answer == []
                if not finished:
                    yield answer["script"], answer["error"], answer["seconds"]
        finally:
            if not finished:  # its remaining answers would be taken for the next jobs'
                self.stop()

    def _host(self, snippets_dir: Path) -> subprocess.Popen[str]:
        if self.process is not None and self.process.poll() is None:
            if self.snippets_dir == snippets_dir:
                return self.process
            self.stop()
        path = os.pathsep.join(filter(None, [str(snippets_dir), os.environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            # Imported by name (not run as __main__), so that the pool's
            # workers find the functions it hands them.
            [sys.executable, "-c", f"from {__name__} import main; main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        self.snippets_dir = snippets_dir
        return self.process

    def stop(self):
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()  # the host exits on end of input
            self.process.wait()
            self.process = None


def new_pool() -> ProcessPoolExecutor:
    """Two workers forked from a server that imports torch and pyplot now, before
    the first job arrives."""
    context = forkserver()
    multiprocessing.forkserver.ensure_running()
    return ProcessPoolExecutor(
        max_workers=WORKERS,
        mp_context=context,
        max_tasks_per_child=1,  # each snippet in a process of its own
    )


def serve(requests, answers):
    """The host's loop: run each line's jobs two at a time, answer as they finish."""
    pool: ProcessPoolExecutor | None = new_pool()
    for line in requests:
        jobs = json.loads(line)
        if pool is None:
            pool = new_pool()
        futures = {pool.submit(run_job, *job): job[0] for job in jobs}
        broken = False
        for future in as_completed(futures):
            script = futures[future]
            try:
                error, seconds = future.result()
            except BrokenProcessPool:
                error, seconds = f"{display_path(script)}: the process running it died", 0.0
                broken = True
            answer = {"script": script, "error": error, "seconds": seconds}
            answers.write(json.dumps(answer) + "\n")
            answers.flush()
        if broken:  # a broken pool takes no more jobs
            pool.shutdown()
            pool = None
        answers.write("[]\n")
        answers.flush()


def forkserver():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def run_job(script: str, out_dir: str):
    """In a worker: run one snippet (the worker module, preloaded, imports torch)."""
    return importlib.import_module(WORKER).run_snippet(script, out_dir)


def main():
    """The host process. Answers go to the original stdout; everything else
    printed, by the snippets too, goes to stderr.

    Ctrl-C in a terminal reaches every process of the build: the host leaves
    it to the build, and ends when the build does (its stdin closes), after
    the snippets running then.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with contextlib.suppress(BrokenPipeError):  # the build ended first
        serve(sys.stdin, answers)
