"""Fixtures: the site built once per test session."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pagecheck.paths import ROOT


def mkdocs_build(project: Path, out: Path, site_url: str | None = None):
    """``mkdocs build`` of ``project`` into ``out``; its log is in ``.stdout``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_port():
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port):
    """The whole site, built strictly as `make build` does, for this session's server."""
    out = tmp_path_factory.mktemp("site")
    done = mkdocs_build(ROOT, out, site_url=f"http://127.0.0.1:{site_port}/")
    if done.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{done.stdout}", pytrace=False)
    return out, done.stdout
