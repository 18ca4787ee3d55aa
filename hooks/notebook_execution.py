"""Companion notebooks, executed at build time and cached.

A notebook is a jupytext percent-format script, ``docs/notebooks/NAME.py``.
The build executes it in a fresh Python kernel and stores the executed
notebook in ``CACHE/NAME-KEY/NAME.ipynb``, where KEY
(:func:`hooks.build_cache.cache_key`) hashes the script and the versions of
torch, numpy and matplotlib; a notebook whose key did not change is never
executed again. The entry is written into a scratch folder renamed to its
final name only once execution succeeded, so an interrupted or failed run
leaves nothing that counts as cached.

mkdocs-jupyter's converter then renders the executed notebook
(``hooks.notebook_render`` caches that too), keeping the page's URL and edit
link those of ``notebooks/NAME.py``.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hooks import notebook_html

if TYPE_CHECKING:
    import nbformat
from hooks.build_cache import cache_key, display_path, publish, scratch_folder

# Bump when the way notebooks are executed changes (the kernel's settings
# below are in the key already).
RUNNER_VERSION = "3"
# What the notebooks import; a new version may change their outputs.
DISTRIBUTIONS = ("torch", "matplotlib", "numpy", "matplotlib-inline")
SOURCE_DIR = "notebooks"  # under docs/
WORKERS = 2  # the build machine has 2 cores
CELL_TIMEOUT = 300  # seconds
KERNEL_ENV = {
    "OMP_NUM_THREADS": "1",  # two kernels share the two cores
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "SOURCE_DATE_EPOCH": "0",  # no date in a figure's SVG
}
# Figures as SVG (crisp at any size, far lighter than PNG), on a transparent
# background (the dark palette inverts them: docs/stylesheets/extra.css), with
# ids that are the same on every run.
KERNEL_ARGUMENTS = [
    "--IPKernelApp.log_level=ERROR",  # no transport warning
    "--InlineBackend.figure_formats=svg",
    "--InlineBackend.rc=svg.hashsalt=mlp-activations",
    "--InlineBackend.rc=figure.facecolor=none",
    "--InlineBackend.rc=axes.facecolor=none",
]


class NotebookError(Exception):
    """A notebook cell raised. ``runs``: what the build did before, for its report."""

    runs: NotebookRuns | None = None


@dataclass
class NotebookRuns:
    """What preparing the notebooks did, and the notebook each source is rendered from."""

    executed: dict[str, float] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)
    not_executed: list[str] = field(default_factory=list)
    notebooks: dict[str, Path] = field(default_factory=dict)  # src_uri -> .ipynb
    seconds: float = 0.0

    @property
    def entries(self) -> set[str]:
        """The cache entries in use."""
        return {path.parent.name for path in self.notebooks.values()}


def find_notebooks(docs_dir: Path) -> list[Path]:
    return sorted((docs_dir / SOURCE_DIR).glob("*.py"))


def entry_name(source: Path, executed: bool = True) -> str:
    """``NAME-KEY``: the cache entry of this notebook, executed or not."""
    # The kernel's settings are part of the key: a new figure format re-executes.
    settings = f"{sorted(KERNEL_ENV.items())} {KERNEL_ARGUMENTS}"
    recipe = f"notebook runner {RUNNER_VERSION} {settings} executed {executed}"
    return f"{source.stem}-{cache_key(recipe, [source], DISTRIBUTIONS)}"


def read(source: Path) -> nbformat.NotebookNode:
    """The notebook of a percent-format script, with stable cell ids.

    jupytext draws random cell ids, which would change the page on every
    build; numbering the cells keeps the output identical byte for byte.
    """
    import jupytext  # noqa: PLC0415 - a build in which no notebook changed needs none of it

    nb = jupytext.read(source)
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell{number}"
    return nb


async def execute(
    nb, source: Path, allow_errors: bool, kernel_name: str, cwd: Path | None = None
) -> float:
    """Run every cell of ``nb`` (read from ``source``) in place; return the seconds it took.

    The kernel works in ``cwd``, by default the source's folder. Raises
    NotebookError naming the source's line and the cell.
    """
    from nbclient import NotebookClient  # noqa: PLC0415 - as jupytext in read()
    from nbclient.exceptions import (  # noqa: PLC0415
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=kernel_name,  # empty: the notebook's kernelspec
        allow_errors=allow_errors,
        record_timing=False,  # timestamps would make every run differ
        resources={"metadata": {"path": str(cwd or source.parent)}},  # the kernel's cwd
        extra_arguments=KERNEL_ARGUMENTS,
    )
    start = time.perf_counter()
    try:
        await client.async_execute(env={**os.environ, **KERNEL_ENV})
    except CellExecutionError as exc:
        raise NotebookError(describe_failure(source, nb, exc)) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        where = display_path(source)
        raise NotebookError(f"{where}: {type(exc).__name__}: {exc}") from None
    return time.perf_counter() - start


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def describe_failure(source: Path, nb, exc) -> str:
    """``docs/notebooks/x.py:LINE: cell N raised Error: message`` and the traceback.

    LINE is the script's line of the deepest frame inside a cell (IPython
    names cells ``Cell In[COUNT], line L``).
    """
    text = source.read_text()
    traceback = ANSI.sub("", str(exc))
    failed = next((i for i, cell in enumerate(nb.cells) if has_error(cell)), None)
    where = display_path(source)
    frames = re.findall(r"Cell In\[(\d+)\], line (\d+)", traceback)
    if frames:
        count, line = (int(n) for n in frames[-1])
        cell = next((c for c in nb.cells if c.get("execution_count") == count), None)
        start = text.find(cell.source) if cell is not None and cell.source else -1
        if start >= 0:
            where += f":{text.count(chr(10), 0, start) + line}"
    which = f"cell {failed + 1}" if failed is not None else "a cell"
    return f"{where}: {which} raised {exc.ename}: {exc.evalue}\n\n{traceback.strip()}"


def has_error(cell) -> bool:
    return any(out.get("output_type") == "error" for out in cell.get("outputs", []))


def prepare(
    docs_dir: Path,
    cache_dir: Path,
    *,
    execute_cells: bool = True,
    allow_errors: bool = False,
    kernel_name: str = "",
    log=print,
) -> NotebookRuns:
    """Execute the notebooks whose key changed; return every notebook to render.

    With ``execute_cells`` false nothing runs, and the notebooks are rendered
    without outputs. ``log`` gets one line per notebook executed. Stale
    entries stay: the build prunes them once it is done. Raises
    :class:`NotebookError` naming the file, line and cell of each failure.
    """
    start = time.perf_counter()
    runs = NotebookRuns()
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo = []
    for source in find_notebooks(docs_dir):
        src_uri = f"{SOURCE_DIR}/{source.name}"
        entry = cache_dir / entry_name(source, execute_cells)
        runs.notebooks[src_uri] = entry / f"{source.stem}.ipynb"
        if entry.is_dir():
            runs.cached.append(src_uri)
            continue
        check_math(source)
        if execute_cells:
            todo.append((source, entry))
        else:
            publish_notebook(read(source), entry, source.stem)
            runs.not_executed.append(src_uri)
    if todo:
        try:
            asyncio.run(execute_all(todo, runs, allow_errors, kernel_name, log))
        except NotebookError as exc:
            runs.seconds = time.perf_counter() - start
            exc.runs = runs
            raise
    runs.seconds = time.perf_counter() - start
    return runs


def check_math(source: Path) -> None:
    """Raise NotebookError for math in a markdown cell that the page would show
    as text (``\\(…\\)``, ``\\[…\\]``), naming the line."""
    found = notebook_html.unrendered_math(read(source).cells, source.read_text(encoding="utf-8"))
    if found:
        where = display_path(source)
        raise NotebookError(
            "\n".join(
                f"{where}:{line}: {math!r} would show as text: nbconvert's Markdown reads "
                "\\( and \\[ as escaped characters; write $…$ inline and $$…$$ for a display"
                for line, math in found
            )
        )


async def execute_all(todo, runs, allow_errors, kernel_name, log):
    """Execute two notebooks at a time; publish each one that succeeds."""
    slots = asyncio.Semaphore(WORKERS)

    async def one(source: Path, entry: Path):
        async with slots:
            nb = read(source)
            seconds = await execute(nb, source, allow_errors, kernel_name)
        publish_notebook(nb, entry, source.stem)
        src_uri = f"{SOURCE_DIR}/{source.name}"
        runs.executed[src_uri] = seconds
        log(f"{src_uri}: executed in {seconds:.2f} s")

    results = await asyncio.gather(*(one(*job) for job in todo), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, NotebookError):
            raise result
    failures = [str(r) for r in results if isinstance(r, NotebookError)]
    if failures:
        raise NotebookError("\n\n".join(failures))


def publish_notebook(nb, entry: Path, stem: str):
    """Store ``nb`` as ``entry/STEM.ipynb``; the entry appears whole."""
    import nbformat  # noqa: PLC0415 - as jupytext in read()

    folder = scratch_folder(entry.parent, stem)
    try:
        nbformat.write(nb, folder / f"{stem}.ipynb")
        publish(folder, entry)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
