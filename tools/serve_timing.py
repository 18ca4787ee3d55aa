"""What an author waits for under ``make serve``: edit, then see the page change.

:class:`Served` runs ``mkdocs serve --dirty`` (as ``make serve`` does) over a
copy of the project on a free loopback port. :func:`page_edit` appends a
paragraph to a page and :func:`snippet_edit` a comment to the section of a
snippet its page shows; each polls the served page until the edit shows and
returns the seconds it took, with what the rebuild ran (from its build
report).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from hooks import build_report
from tools.project import append_to_section, mount_path

POLL = 0.01  # seconds between two requests for the page
TIMEOUT = 300  # seconds an edit may take to show before the measurement fails


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Edit:
    seconds: float  # from the edit to the served page showing it
    snippets_run: list[str]
    notebooks_executed: int
    served_after_snippet: float | None = None  # seconds from the snippet's end to the page


class Served:
    """``mkdocs serve --dirty`` of ``project``, started and stopped as a context."""

    def __init__(self, project: Path):
        self.project = project
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.mount = mount_path(project)
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop(build_report.ENVIRONMENT, None)  # the report goes to the copy's cache
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{self.port}",
             "-f", str(self.project / "mkdocs.yml")],
            cwd=self.project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.wait_for("/", "</html>")
        return self

    def __exit__(self, *exc):
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=60)

    def page(self, path: str) -> str:
        """The page at ``path``, a path of the site (``/activations/relu/``)
        below where the server mounts it (its ``site_url``'s path), whatever
        its status."""
        url = f"{self.base}{self.mount.rstrip('/')}{path}"
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()
        except OSError:
            return ""

    def wait_for(self, path: str, text: str) -> float:
        """Poll ``path`` until it shows ``text``; return when it did (monotonic)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve stopped:\n{self.process.stderr.read()}")
            if text in self.page(path):
                return time.monotonic()
            time.sleep(POLL)
        raise TimeoutError(f"{path} did not show {text!r} within {TIMEOUT} s")

    def report(self) -> dict:
        return build_report.read(self.project / ".cache" / build_report.FILE)


def page_edit(served: Served, page: str, url: str, n: int) -> Edit:
    """Append a paragraph to ``page`` (``docs/…md``) and time it to ``url``."""
    marker = f"servedpageedit{n}"
    start = time.monotonic()
    with (served.project / page).open("a", encoding="utf-8") as f:
        f.write(f"\n\n{marker}\n")
    seen = served.wait_for(url, marker)
    report = served.report()
    return Edit(
        seen - start, sorted(report["figures"]["ran"]), len(report["notebooks"]["executed"])
    )


def snippet_edit(served: Served, snippet: str, section: str, url: str, n: int) -> Edit:
    """Add a comment to ``section`` of ``snippet`` and time it to ``url``, its page."""
    marker = f"servedsnippetedit{n}"
    start, started = time.monotonic(), time.time()
    append_to_section(served.project / snippet, section, f"# {marker}")
    seen, seen_at = served.wait_for(url, marker), time.time()
    report = served.report()
    finished = report["figures"]["finished"].get(Path(snippet).name)
    return Edit(
        seen - start,
        sorted(report["figures"]["ran"]),
        len(report["notebooks"]["executed"]),
        None if finished is None or finished < started else seen_at - finished,
    )
