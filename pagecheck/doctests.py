"""Run a page's ``>>>`` examples and compare what they print with what the page shows.

Every ``pycon`` fence that renders as code, at any depth (blockquotes, lists,
admonitions, tabs, details), runs in page order in one namespace per page, like
a doctest file. The page starts from a fresh process's global state
(``pagecheck.isolation``) and every example runs even after one fails, so a
failing page lists all of its wrong examples, each as ``page:LINE``.

An example that draws from a global random generator before the page seeded
it prints numbers that change from run to run; when such a page fails, the
message says so.
"""

from __future__ import annotations

import doctest
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy
import torch

from pagecheck import isolation
from pagecheck.page import Fence, read
from pagecheck.paths import rel

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
NOT_RUN = "notest"


@dataclass
class Outcome:
    """What running one page's examples gave."""

    examples: int = 0
    failures: list[str] = field(default_factory=list)  # "page:LINE: …", in page order
    unseeded: list[str] = field(default_factory=list)  # "page:LINE (torch)"

    @property
    def message(self) -> str:
        text = "\n\n".join(self.failures)
        if self.failures and self.unseeded:
            text += (
                "\n\nThis page draws random numbers before seeding the generator it draws "
                f"from ({', '.join(self.unseeded)}), so its output changes from run to run: "
                "seed it on the page (torch.manual_seed(0), numpy.random.seed(0), "
                "random.seed(0)) before the first draw."
            )
        return text


def doctest_fences(path: Path, text: str | None = None) -> list[Fence]:
    """The page's ``pycon`` fences the runner runs (rendered as code, not ``notest``)."""
    return [f for f in read(path, text).fences if f.lang == "pycon" and NOT_RUN not in f.options]


class _Collecting(doctest.DocTestRunner):
    """A runner that records every failure and keeps going."""

    def __init__(self, outcome: Outcome, line_of):
        super().__init__(optionflags=FLAGS, verbose=False)
        self.outcome = outcome
        self.line_of = line_of

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        pass

    def report_failure(self, out, test, example, got):
        self.outcome.failures.append(
            f"{self.line_of(test, example)}: wrong output\n{_source(example)}"
            f"Expected:\n{_indent(example.want)}Got:\n{_indent(got)}"
        )

    def report_unexpected_exception(self, out, test, example, exc_info):
        exc_type, exc, _ = exc_info
        self.outcome.failures.append(
            f"{self.line_of(test, example)}: raised {exc_type.__name__}: {exc}\n{_source(example)}"
        )


def run_page(path: Path, fresh: isolation.State, text: str | None = None) -> Outcome:
    """Run every example of the page at ``path``, from the global state ``fresh``."""
    outcome = Outcome()
    label = rel(path)
    parser = doctest.DocTestParser()
    globs: dict = {"__name__": "__page__"}

    def line_of(test, example):
        # lineno is 0-based: the fence's first code line is line+1, 1-based.
        return f"{label}:{test.lineno + example.lineno + 1}"

    runner = _Collecting(outcome, line_of)
    isolation.restore(fresh)
    try:
        with _watching_seeds() as watch:
            for fence in doctest_fences(path, text):
                test = parser.get_doctest(fence.code, globs, fence.where, str(path), fence.line)
                if not test.examples:
                    outcome.failures.append(f"{fence.where}: a pycon fence with no >>> example")
                    continue
                for example in test.examples:
                    one = doctest.DocTest(
                        [example], globs, test.name, test.filename, test.lineno, test.docstring
                    )
                    one.globs = globs  # DocTest copies globs: share one namespace per page
                    before = _rng_states()
                    runner.run(one, clear_globs=False)
                    outcome.examples += 1
                    for source in watch.unseeded_draws(before):
                        outcome.unseeded.append(f"{line_of(test, example)} ({source})")
    finally:
        isolation.restore(fresh)
    return outcome


def _rng_states() -> dict:
    return {
        "torch": torch.get_rng_state(),
        "numpy": numpy.random.get_state(legacy=True)[1].copy(),  # type: ignore[index]
        "random": random.getstate(),
    }


class _SeedWatch:
    """Which global generators the page has seeded so far."""

    def __init__(self):
        self.seeded: set[str] = set()

    def unseeded_draws(self, before: dict) -> list[str]:
        after = _rng_states()
        changed = [
            name
            for name in before
            if not (
                torch.equal(before[name], after[name])
                if name == "torch"
                else numpy.array_equal(before[name], after[name])
                if name == "numpy"
                else before[name] == after[name]
            )
        ]
        return [name for name in changed if name not in self.seeded]


@contextmanager
def _watching_seeds() -> Iterator[_SeedWatch]:
    """Record calls that seed a global generator while the page runs."""
    watch = _SeedWatch()
    originals = {
        (torch, "manual_seed"): "torch",
        (torch.random, "manual_seed"): "torch",
        (numpy.random, "seed"): "numpy",
        (random, "seed"): "random",
    }
    saved = {key: getattr(*key) for key in originals}

    def recording(function, name):
        def seed(*args, **kwargs):
            watch.seeded.add(name)
            return function(*args, **kwargs)

        return seed

    for (module, attr), name in originals.items():
        setattr(module, attr, recording(saved[(module, attr)], name))
    try:
        yield watch
    finally:
        for (module, attr), function in saved.items():
            setattr(module, attr, function)


def _source(example) -> str:
    lines = example.source.rstrip("\n").splitlines()
    return "".join(f"    {'>>>' if i == 0 else '...'} {line}\n" for i, line in enumerate(lines))


def _indent(text) -> str:
    return "".join(f"    {line}\n" for line in (text or "(nothing)\n").splitlines())
