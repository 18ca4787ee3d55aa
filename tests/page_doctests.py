"""pytest plugin: run the ``>>>`` examples of every page and compare output.

pytest-markdown-docs runs ``python`` fences but never compares what they
print, and skips fences inside admonitions and tabs. Doctests close that hole:
every ``pycon`` fence of a page, at any depth, is run in order in one
namespace per page (like a doctest file), and each example's output must match
what the page shows. A failure names the page and the line of the example.
"""

from __future__ import annotations

import doctest

import pytest

from pagecheck.page import fences
from pagecheck.paths import DOCS, rel

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".md" and DOCS in file_path.resolve().parents:
        return PageDoctests.from_parent(parent, path=file_path)
    return None


def pytest_ignore_collect(collection_path, config):
    # .py files in docs/ are notebooks, executed by the site build, never imported.
    if collection_path.suffix == ".py" and DOCS in collection_path.resolve().parents:
        return True
    return None


class PageDoctests(pytest.File):
    def collect(self):
        blocks = [f for f in fences(self.path) if f.lang == "pycon" and "notest" not in f.options]
        if blocks:
            yield PageDoctestItem.from_parent(self, name="doctests", blocks=blocks)


class DoctestPageFailure(Exception):
    def __init__(self, where, message):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class PageDoctestItem(pytest.Item):
    def __init__(self, *, blocks, **kwargs):
        super().__init__(**kwargs)
        self.blocks = blocks

    def runtest(self):
        globs = {"__name__": "__page__"}
        parser = doctest.DocTestParser()
        runner = doctest.DebugRunner(optionflags=FLAGS, verbose=False)
        for block in self.blocks:
            name = f"{rel(self.path)}:{block.line}"
            # lineno is 0-based: the block's first code line is line+1, 1-based.
            test = parser.get_doctest(block.code, globs, name, str(self.path), block.line)
            test.globs = globs  # DocTest copies globs: share one namespace per page
            if not test.examples:
                raise DoctestPageFailure(block.where, "a pycon fence with no >>> example")
            try:
                runner.run(test, clear_globs=False)
            except doctest.DocTestFailure as f:
                raise DoctestPageFailure(
                    self.line_of(test, f.example),
                    f"wrong output\n{source(f.example)}Expected:\n{indent(f.example.want)}"
                    f"Got:\n{indent(f.got)}",
                ) from None
            except doctest.UnexpectedException as u:
                exc_type, exc, tb = u.exc_info
                raise DoctestPageFailure(
                    self.line_of(test, u.example),
                    f"raised {exc_type.__name__}: {exc}\n{source(u.example)}",
                ) from None

    def line_of(self, test, example):
        return f"{rel(self.path)}:{test.lineno + example.lineno + 1}"

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, DoctestPageFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"doctests of {rel(self.path)}"


def source(example):
    lines = example.source.rstrip("\n").splitlines()
    return "".join(f"    {'>>>' if i == 0 else '...'} {line}\n" for i, line in enumerate(lines))


def indent(text):
    return "".join(f"    {line}\n" for line in (text or "(nothing)\n").splitlines())
