"""What runs in a snippet's own process: the snippet, from a known state.

This module is imported by the forkserver's workers only (it imports torch,
which the build's own process never needs).
"""

from __future__ import annotations

import os
import random
import runpy
import sys
import time
import traceback
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy
import torch

from hooks.build_cache import display_path
from hooks.figures import KERNELS_FILE


def run_snippet(script: str, out_dir: str) -> tuple[str | None, float]:
    """Run one snippet in this (fresh) process; return (failure text, seconds).

    Called in a worker process. Everything a snippet could depend on is reset
    here so that its figures depend on its inputs alone.
    """
    matplotlib.rcdefaults()
    plt.switch_backend("agg")
    random.seed(0)
    numpy.random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(1)  # two snippets share the two cores
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    sys.argv = [script, "--out", out_dir]
    start = time.perf_counter()
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            return describe_failure(script, exc), time.perf_counter() - start
    except BaseException as exc:
        return describe_failure(script, exc), time.perf_counter() - start
    capability = torch.backends.cpu.get_cpu_capability().lower()
    (Path(out_dir) / KERNELS_FILE).write_text(capability + "\n")
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
