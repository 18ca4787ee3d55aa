"""Run the page examples and the snippets' asserts under one CPU capability.

PyTorch picks its CPU kernels at start-up: portable C++ (``default``) or
vectorised ones (``avx2``, ``avx512`` on x86-64; ``sve256`` on some arm64
CPUs), and they differ in the last bits (fused multiply-add, vectorised
``exp`` and ``erf``). ``ATEN_CPU_CAPABILITY`` selects them, so one machine can
stand in for CPUs it is not::

    ATEN_CPU_CAPABILITY=default python -m pagecheck.portability

runs every page's doctests and ``python`` fences, then every snippet (with its
asserts) into a throw-away folder, and exits non-zero on any failure, naming
the capability and the page or snippet line. torch falls back silently to the
best capability for an unknown value, so the run first checks that torch
really uses the one asked for.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from pagecheck.paths import DOCS, ROOT, SNIPPETS

# From slowest to fastest kernels, per architecture.
LADDER = {
    "x86_64": ["default", "avx2", "avx512"],
    "AMD64": ["default", "avx2", "avx512"],
    "aarch64": ["default", "sve256"],
    "arm64": ["default", "sve256"],
}


def native_capability() -> str:
    """The kernels torch picks here when nothing is asked for (lower case)."""
    env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
    done = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.backends.cpu.get_cpu_capability())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().lower()


def ladder() -> list[str]:
    """The capabilities of this machine's architecture, slowest first."""
    return LADDER.get(platform.machine(), ["default"])


def supported(capability: str) -> bool:
    """Whether this CPU can run ``capability``'s kernels (torch's best one or below)."""
    steps, native = ladder(), native_capability()
    return native in steps and steps.index(capability) <= steps.index(native)


def run(
    capability: str, figure_cache: Path | None = None, reference: Path | None = None
) -> subprocess.CompletedProcess:
    """This module's ``main`` in a fresh process under ``capability`` (output
    captured); see :func:`main` for ``figure_cache`` and ``reference``."""
    env = {**os.environ, "ATEN_CPU_CAPABILITY": capability, "NO_MKDOCS_2_WARNING": "1"}
    if figure_cache is not None:
        env[FIGURE_CACHE] = str(figure_cache)
    if reference is not None:
        env[REFERENCE] = str(reference)
    return subprocess.run(
        [sys.executable, "-m", "pagecheck.portability"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


# The page examples and the tests that say they hold under every kernel.
SELECTED = "page_example or markdown-docs or every_capability"
FIGURE_CACHE = "PORTABILITY_FIGURE_CACHE"
REFERENCE = "PORTABILITY_REFERENCE"


def differing_text(built: Path, reference: Path, snippets: Path = SNIPPETS) -> list[str]:
    """The snippets whose Markdown or data (``NAME.md``, ``NAME.json``) differ
    from ``reference``'s (another build's figure cache): text a page shows must
    not depend on the CPU, though a figure's last bits may."""
    from hooks import figures  # noqa: PLC0415

    found = []
    for script in figures.find_snippets(snippets):
        entry = figures.entry_name(script, snippets)
        for path in sorted((built / entry).glob("*.*")):
            if path.suffix in (".md", ".json"):
                theirs = reference / entry / path.name
                if not theirs.is_file() or theirs.read_bytes() != path.read_bytes():
                    found.append(f"{script.name} writes {path.name} differently")
    return found


def main() -> int:
    """Run the examples, the marked tests and the snippets under this process's
    kernels. ``$PORTABILITY_FIGURE_CACHE``: a figure cache kept for these
    kernels (a snippet whose inputs did not change since it held there is not
    run again), else a throw-away one. ``$PORTABILITY_REFERENCE``: the figure
    cache of a build under other kernels, whose generated text must match."""
    import pytest  # noqa: PLC0415 - only this entry point needs it
    import torch  # noqa: PLC0415

    from hooks import figures  # noqa: PLC0415

    wanted = os.environ.get("ATEN_CPU_CAPABILITY", "").lower()
    used = torch.backends.cpu.get_cpu_capability().lower()
    label = f"ATEN_CPU_CAPABILITY={wanted or used}"
    if wanted and wanted != used:
        print(f"{label}: torch runs {used} kernels instead; this CPU cannot stand in for {wanted}")
        return 2
    tests = [str(DOCS), str(ROOT / "tests"), "-q", "-p", "no:cacheprovider"]
    failed = pytest.main([*tests, "--page-items=doctests", "-m", SELECTED]) != 0
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(os.environ.get(FIGURE_CACHE) or scratch)
        try:
            figures.build_figures(SNIPPETS, cache, log=lambda line: None)
        except figures.SnippetError as exc:
            print(f"{label}: a snippet failed:\n{exc}")
            failed = True
        else:
            if reference := os.environ.get(REFERENCE):
                for problem in differing_text(cache, Path(reference)):
                    print(f"{label}: {problem}")
                    failed = True
    print(f"{label}: {'FAILED' if failed else 'every example and snippet holds'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
