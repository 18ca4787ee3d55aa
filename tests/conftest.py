"""Fixtures: the site built once per test run, in a copy of the project.

With several pytest-xdist workers, the first to need the site builds it and
the others wait for it and use the same one (a file lock in the run's shared
temporary folder), so the run pays for one build.

And ``one_thread``, for the modules that train networks in the test process.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from filelock import FileLock

from tests.helpers import build
from tools.project import copy_project

# Served on loopback by the tests; the port is a placeholder each server
# replaces with its own in the sitemap (tests/site_server.py).
SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class BuiltSite:
    site: Path  # the built site
    log: str  # what the build printed
    project: Path  # the copy of the project it was built from (with its .cache/)
    site_url: str  # the URL it was built for (tests/site_server.py serves it anywhere)


def shared_folder(tmp_path_factory) -> Path:
    """A folder every worker of this run sees (the run's temporary root)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The whole site, built strictly as `make build` does, for a server on
    loopback. It is built from a copy of the project with a copy of its cache,
    so the tests never write to the project's own .cache/."""
    shared = shared_folder(tmp_path_factory)
    record = shared / "built-site.json"
    with FileLock(shared / "built-site.lock"):
        if not record.is_file():
            project = copy_project(shared / "project")
            status, log = build(project, project / "site", SITE_URL=SITE_URL)
            if status != 0:
                pytest.fail(f"mkdocs build failed:\n{log}", pytrace=False)
            data = {"site": str(project / "site"), "log": log, "project": str(project)}
            record.write_text(json.dumps(data))
        data = json.loads(record.read_text())
    return BuiltSite(Path(data["site"]), data["log"], Path(data["project"]), SITE_URL)


@pytest.fixture(scope="module")
def one_thread():
    """Torch on one thread for a module's tests, then the count it had.

    The snippet runner gives each snippet one thread (two share the two
    cores), so code of the snippets runs here as it runs there. A second
    thread would also only wait for a core the other test worker holds:
    training small networks that way took several times longer. The checked
    ranges have margins far above the last bits a thread count can change.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
