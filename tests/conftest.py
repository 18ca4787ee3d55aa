"""Fixtures: the site built once per test session, in a copy of the project."""

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import build
from tools.project import copy_project


@dataclass(frozen=True)
class BuiltSite:
    site: Path  # the built site
    log: str  # what the build printed
    project: Path  # the copy of the project it was built from (with its .cache/)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_port():
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> BuiltSite:
    """The whole site, built strictly as `make build` does, for this session's
    server. It is built from a copy of the project with a copy of its cache,
    so the tests never write to the project's own .cache/."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    site = project / "site"
    status, log = build(project, site, SITE_URL=f"http://127.0.0.1:{site_port}/")
    if status != 0:
        pytest.fail(f"mkdocs build failed:\n{log}", pytrace=False)
    return BuiltSite(site, log, project)
