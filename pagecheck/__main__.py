"""Check one page: ``python -m pagecheck docs/activations/tanh.md`` (``make check PAGE=…``).

Runs everything about the page — its doctests and Python fences, its
derivations, its page checks (rendering, includes, images, fence coverage) —
then a strict build of the site, and prints one line, for example::

    tanh.md: 9 displays, 31 steps hold, 12 examples pass, 3 fences run, build ok
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from pagecheck.paths import ROOT


class Tally:
    """A pytest plugin that adds up what the page's items report."""

    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.failed: list[str] = []

    def pytest_runtest_logreport(self, report):
        if report.when != "call":
            return
        for name, value in report.user_properties:
            self.counts[name] += value
        if "[line:" in report.nodeid and report.passed:
            self.counts["fences run"] += 1
        if report.failed:
            self.failed.append(report.nodeid.split("::", 1)[-1])


def strict_build() -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as site:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", site],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            check=False,
        )


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].endswith(".md"):
        print("usage: python -m pagecheck docs/PAGE.md", file=sys.stderr)
        return 2
    page = Path(argv[0])
    if not page.is_file():
        print(f"{page}: no such page", file=sys.stderr)
        return 2
    tally = Tally()
    status = pytest.main([str(page), "-q", "-p", "no:cacheprovider"], plugins=[tally])
    build = strict_build()
    if build.returncode:
        print(build.stdout + build.stderr, file=sys.stderr)
    c = tally.counts
    parts = [
        f"{c['displays']} displays",
        f"{c['steps held']} steps hold",
        f"{c['examples']} examples pass",
        f"{c['fences run']} fences run",
        "build ok" if build.returncode == 0 else "BUILD FAILED",
    ]
    if tally.failed:
        parts.append("FAILED: " + ", ".join(tally.failed))
    print(f"{page.name}: {', '.join(parts)}")
    return 1 if status not in (0, 5) or build.returncode or tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
