"""What a build did, as JSON for tools and tests, and as lines for people.

Each build writes ``.cache/build-report.json`` (or the file named by the
``SITE_BUILD_REPORT`` environment variable) atomically when it ends::

    {
      "format": 1,
      "status": "built",                 # or "failed", with "error"
      "site_dir": "/abs/path/site",
      "execution": true,                 # false under SITE_SKIP_EXECUTION=1
      "seconds": 2.1,                    # the hooks' whole build, first event to last
      "figures": {"ran": {"relu.py": 3.1}, "finished": {"relu.py": 1795000000.2},
                  "cached": ["gelu.py"], "seconds": 3.4},
      "notebooks": {"executed": {"notebooks/x.py": 14.3}, "cached": [],
                    "not_executed": [], "seconds": 14.5},
      "notebook_pages": {"rendered": {"notebooks/x.py": 1.2}, "cached": [],
                         "seconds": 0.3},
      "formulas": {"typeset": 12, "cached": 640, "seconds": 1.1},
      "pruned": ["figures/relu-0123abcd"]  # null: another build was running
    }

"built" means the hooks' part of the build ended well; a strict build can
still stop after it, on warnings MkDocs counts at its very end.
``ran``, ``executed`` and ``rendered`` give seconds per item (``finished``:
when each snippet's figures were ready, in seconds since the epoch); each section's
``seconds`` is its total, including cache look-ups. ``notebook_pages.seconds``
is the time spent fitting pages to the site, besides rendering. Tools read it
with :func:`read`; the log says the same in one line per thing that ran and
one summary line for what was cached (:func:`cached_summary`).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from hooks.build_cache import write_atomically

FORMAT = 1
FILE = "build-report.json"  # in the cache folder
ENVIRONMENT = "SITE_BUILD_REPORT"


def report_path(cache_root: Path) -> Path:
    """Where a build whose cache is ``cache_root`` writes its report."""
    override = os.environ.get(ENVIRONMENT)
    return Path(override) if override else cache_root / FILE


class BuildReport:
    """The report of one build, filled in as the build goes."""

    def __init__(self, site_dir: str, execution: bool):
        self.start = time.perf_counter()
        self.data: dict[str, Any] = {
            "format": FORMAT,
            "status": "building",
            "site_dir": str(site_dir),
            "execution": execution,
            "seconds": None,
            "figures": {"ran": {}, "finished": {}, "cached": [], "seconds": 0.0},
            "notebooks": {"executed": {}, "cached": [], "not_executed": [], "seconds": 0.0},
            "notebook_pages": {"rendered": {}, "cached": [], "seconds": 0.0},
            "formulas": {"typeset": 0, "cached": 0, "seconds": 0.0},
            "pruned": None,
        }

    def figures(
        self, ran: dict[str, float], finished: dict[str, float], cached: list[str], seconds: float
    ):
        self.data["figures"] = {
            "ran": dict(ran),
            "finished": dict(finished),
            "cached": list(cached),
            "seconds": seconds,
        }

    def notebooks(self, executed, cached, not_executed, seconds: float):
        self.data["notebooks"] = {
            "executed": dict(executed),
            "cached": list(cached),
            "not_executed": list(not_executed),
            "seconds": seconds,
        }

    def notebook_pages(self, rendered: dict[str, float], cached: list[str], seconds: float):
        self.data["notebook_pages"] = {
            "rendered": dict(rendered),
            "cached": sorted(cached),
            "seconds": seconds,
        }

    def formulas(self, typeset: int, cached: int, seconds: float):
        """Distinct formulas typeset by MathJax, and taken from the cache."""
        self.data["formulas"] = {"typeset": typeset, "cached": cached, "seconds": seconds}

    def pruned(self, removed: list[str] | None):
        self.data["pruned"] = removed

    def cached_summary(self) -> str | None:
        """``figures: 9 cached; notebooks: 5 cached; notebook pages: 5 cached``, or
        None when nothing came from the cache."""
        parts = [
            f"{label}: {len(self.data[section]['cached'])} cached"
            for section, label in (
                ("figures", "figures"),
                ("notebooks", "notebooks"),
                ("notebook_pages", "notebook pages"),
            )
            if self.data[section]["cached"]
        ]
        formulas = self.data["formulas"]
        if formulas["cached"]:
            parts.append(f"formulas: {formulas['cached']} cached")
        return "; ".join(parts) or None

    def finish(self, path: Path, error: str | None = None):
        """Write the report: the build ends, built or failed with ``error``."""
        self.data["status"] = "failed" if error is not None else "built"
        if error is not None:
            self.data["error"] = error
        self.data["seconds"] = time.perf_counter() - self.start
        write_atomically(path, json.dumps(self.data, indent=2) + "\n")


def read(path: Path) -> dict[str, Any]:
    """A build report, checked to be one this module writes.

    Raises ValueError naming the file when it is not.
    """
    data = json.loads(path.read_text())
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a build report of format {FORMAT}; rebuild the site")
    return data
