"""Helpers shared by the tests of the hooks and of the build: copy the
project, start a build, read a built page's resources."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from hooks import build_report
from pagecheck.paths import SNIPPETS


def start_build(project: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    """``mkdocs build --strict`` of ``project`` into ``out``, started; its log on stdout."""
    command = ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *command],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def build(project: Path, out: Path, **env: str) -> tuple[int, str]:
    """A whole build: (exit status, log)."""
    process = start_build(project, out, **env)
    log, _ = process.communicate(timeout=600)
    return process.returncode, log


class Resources(HTMLParser):
    """What a page makes the browser fetch, and the links it shows."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and "src" in a:
            self.fetched.append(a["src"] or "")
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.fetched.append(a["href"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")


def resources(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


def report_of(project: Path, out: Path) -> dict:
    """The build report of ``project``'s build into ``out``.

    Fails if the report is another build's (one that ran since, over the same
    cache, for example ``mkdocs serve``).
    """
    path = build_report.report_path(project / ".cache")
    report = build_report.read(path)
    assert report["site_dir"] == str(out), (
        f"{path} is the report of a build into {report['site_dir']}, not {out}: "
        "another build of this project ran meanwhile"
    )
    return report


class SnippetModules(importlib.abc.MetaPathFinder):
    """Finds the modules of ``snippets/`` by name, as Python finds a script's
    siblings, while installed (a context manager): the tests import a snippet's
    modules without putting the folder on ``sys.path``."""

    def __init__(self, folder: Path = SNIPPETS):
        self.folder = folder
        self.loaded: list[str] = []

    def find_spec(self, name, path=None, target=None):
        if path is not None or not (self.folder / f"{name}.py").is_file():
            return None
        self.loaded.append(name)
        return importlib.machinery.PathFinder.find_spec(name, [str(self.folder)])

    def __enter__(self):
        sys.meta_path.insert(0, self)
        return self

    def __exit__(self, *exc):
        sys.meta_path.remove(self)
        for name in self.loaded:
            sys.modules.pop(name, None)
