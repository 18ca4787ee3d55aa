"""pytest plugin: everything about a page, collected per page.

``pytest docs/activations/tanh.md`` runs that page's checks as three items:

- ``::page``: the source agrees with the rendering (every fence renders as
  code, every display is typeset, no TeX shows as text), every Python fence is
  run or marked ``notest``, every include resolves as the build resolves it,
  every image has alt text and every figure both palette variants;
- ``::doctests``: its ``>>>`` examples (``pagecheck.doctests``);
- ``::derivations``: every step of its displayed derivations
  (``pagecheck.derivations``).

A companion notebook (``docs/notebooks/NAME.py``) has a ``::derivations``
item too, over its Markdown cells (``pagecheck.notebook``): the notebooks
execute their code, and assert what it computes, when the site is built.

pytest-markdown-docs collects the page's ``python`` fences beside these. Every
item of a page starts from a fresh process's global state.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pagecheck import checks, derivations, doctests, isolation, notebook
from pagecheck.page import read
from pagecheck.paths import DOCS, rel

FRESH = pytest.StashKey[isolation.State]()
DOCS_DIR = pytest.StashKey[Path]()


KINDS = ("page", "doctests", "derivations")


def pytest_addoption(parser):
    parser.addini("pagecheck_docs", "the folder of the site's pages", default=str(DOCS))
    parser.addoption(
        "--page-items",
        default=",".join(KINDS),
        help=f"which checks of each page to collect, of {', '.join(KINDS)} (default: all)",
    )


def pytest_configure(config):
    # Before any test runs: the state every page starts from.
    config.stash[FRESH] = isolation.snapshot()
    config.stash[DOCS_DIR] = (config.rootpath / config.getini("pagecheck_docs")).resolve()


def in_docs(path: Path, config) -> bool:
    return config.stash[DOCS_DIR] in Path(path).resolve().parents


def pytest_collect_file(file_path, parent):
    docs = parent.config.stash[DOCS_DIR]
    if (
        file_path.suffix == ".md"
        and in_docs(file_path, parent.config)
        and "includes" not in file_path.resolve().relative_to(docs).parts
    ):
        return PageFile.from_parent(parent, path=file_path)
    return None


def pytest_collect_directory(path, parent):
    if Path(path).resolve() == parent.config.stash[DOCS_DIR] / "notebooks":
        return NotebookFolder.from_parent(parent, path=path)
    return None


def pytest_ignore_collect(collection_path, config):
    # .py files in docs/ are notebooks, executed by the site build: no plugin may
    # import them (pytest-markdown-docs would, to read docstrings).
    # NotebookFolder collects their derivations without importing them.
    if collection_path.suffix == ".py" and in_docs(collection_path, config):
        return True
    return None


def pytest_runtest_setup(item):
    if Path(item.path).suffix == ".md" and in_docs(item.path, item.config):
        isolation.restore(item.config.stash[FRESH])


def pytest_runtest_teardown(item, nextitem):
    if Path(item.path).suffix == ".md" and in_docs(item.path, item.config):
        isolation.restore(item.config.stash[FRESH])


class PageFailure(Exception):
    """A page check failed; the message names every page line at fault."""


class PageFile(pytest.File):
    def collect(self):
        kinds = set(self.config.getoption("--page-items").split(","))
        if unknown := kinds - set(KINDS):
            raise pytest.UsageError(f"--page-items: unknown {sorted(unknown)}, known {KINDS}")
        if "page" in kinds:
            yield PageItem.from_parent(self, name="page")
        if "doctests" in kinds and doctests.doctest_fences(self.path):
            yield DoctestItem.from_parent(self, name="doctests")
        checked = read(self.path).displays and not derivations.is_draft(self.path)
        if "derivations" in kinds and checked:
            yield DerivationItem.from_parent(self, name="derivations")


class NotebookFolder(pytest.Directory):
    """``docs/notebooks/``: a derivations item for each notebook script."""

    def collect(self):
        for script in notebook.notebooks(self.config.stash[DOCS_DIR]):
            yield NotebookFile.from_parent(self, path=script)


class NotebookFile(pytest.File):
    """A notebook script: collected for its Markdown's derivations, never imported."""

    def collect(self):
        kinds = set(self.config.getoption("--page-items").split(","))
        if "derivations" in kinds:
            yield DerivationItem.from_parent(self, name="derivations")


class _Item(pytest.Item):
    what = ""

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, PageFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.what} of {rel(self.path)}"


class PageItem(_Item):
    what = "page checks"

    def runtest(self):
        problems = checks.page_problems(self.path)
        if problems:
            raise PageFailure("\n".join(problems))


class DoctestItem(_Item):
    what = "doctests"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_marker("page_example")  # also run under every CPU kernel (portability)

    def runtest(self):
        outcome = doctests.run_page(self.path, self.config.stash[FRESH])
        self.user_properties.append(("examples", outcome.examples - len(outcome.failures)))
        if outcome.failures:
            raise PageFailure(outcome.message)


class DerivationItem(_Item):
    what = "derivations"

    def runtest(self):
        text = notebook.markdown(self.path) if self.path.suffix == ".py" else None
        report = derivations.check_page(self.path, text)
        self.user_properties.append(("displays", report.displays))
        self.user_properties.append(("steps held", len(report.held)))
        if report.failures:
            raise PageFailure("\n".join(report.failures))
