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


def run(capability: str) -> subprocess.CompletedProcess:
    """This module's ``main`` in a fresh process under ``capability`` (output captured)."""
    env = {**os.environ, "ATEN_CPU_CAPABILITY": capability, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pagecheck.portability"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def main() -> int:
    import pytest  # noqa: PLC0415 - only this entry point needs it
    import torch  # noqa: PLC0415

    from hooks import figures  # noqa: PLC0415

    wanted = os.environ.get("ATEN_CPU_CAPABILITY", "").lower()
    used = torch.backends.cpu.get_cpu_capability().lower()
    label = f"ATEN_CPU_CAPABILITY={wanted or used}"
    if wanted and wanted != used:
        print(f"{label}: torch runs {used} kernels instead; this CPU cannot stand in for {wanted}")
        return 2
    status = pytest.main([str(DOCS), "-q", "-p", "no:cacheprovider", "--page-items=doctests"])
    failed = status != 0
    with tempfile.TemporaryDirectory() as cache:
        try:
            figures.build_figures(SNIPPETS, Path(cache), log=lambda line: None)
        except figures.SnippetError as exc:
            print(f"{label}: a snippet failed:\n{exc}")
            failed = True
    print(f"{label}: {'FAILED' if failed else 'every example and snippet holds'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
