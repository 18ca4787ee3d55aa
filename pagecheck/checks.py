"""The checks of one page that need no build: what ``::page`` and ``::derivations`` run."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests

from hooks import figures
from pagecheck import includes
from pagecheck.page import Image, pages, read
from pagecheck.paths import DOCS, SNIPPETS, rel

PYTHON = {"py", "python", "python3"}
FIGURE = re.compile(r"-(?P<file>light|dark)\.svg#only-(?P<scheme>light|dark)$")
TWIN = {"light": "dark", "dark": "light"}


def page_problems(path: Path) -> list[str]:
    """Everything wrong with a page that a reader would see, each naming its line."""
    page = read(path)
    return [
        *control_characters(path, page.text),
        *page.problems,
        *unrun_fences(path),
        *includes.check(path, page.text),
        *image_problems(page.images),
    ]


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def control_characters(path: Path, text: str) -> list[str]:
    """Control characters in the source: a Python string written without ``r``
    turns ``\\t`` and ``\\a`` in TeX into a tab and a bell."""
    return [
        f"{rel(path)}:{n}: control character {m.group()!r} in the source (a TeX command "
        "such as \\text or \\approx written through a Python string without r?)"
        for n, line in enumerate(text.splitlines(), 1)
        if (m := CONTROL.search(line))
    ]


def run_by_markdown_docs(path: Path) -> set[int]:
    """Opening lines of the fences pytest-markdown-docs executes."""
    tests = extract_fence_tests(
        MarkdownIt("commonmark"),
        path.read_text(encoding="utf-8"),
        0,
        path,
        fence_syntax=FenceSyntax.superfences,
    )
    # pytest-markdown-docs reports the 0-based fence line + 1: the opening line.
    return {t.start_line for t in tests}


def unrun_fences(path: Path) -> list[str]:
    """Python fences the reader sees that nothing runs and that do not say ``notest``."""
    executed = run_by_markdown_docs(path)
    problems = []
    for fence in read(path).fences:
        if "notest" in fence.options:
            continue
        if fence.lang in PYTHON and fence.line not in executed:
            problems.append(
                f"{fence.where}: this python fence is never run (pytest-markdown-docs runs "
                "only top-level fences). Make it a pycon doctest, move it to the top level, "
                "or mark it {.python notest}."
            )
        if fence.lang in PYTHON and includes.MARKER_TEXT in fence.code:
            problems.append(f"{fence.where}: a snippet include must be {{.python notest}}")
    return problems


def image_problems(images: list[Image]) -> list[str]:
    """Images without alt text; figures without their other palette's variant."""
    problems = []
    sources = {img.src for img in images}
    for img in images:
        if not (img.alt or "").strip():
            problems.append(f"{img.where}: image {img.src} has no alt text")
        if "figures/" not in img.src:
            continue
        m = FIGURE.search(img.src)
        if not m or m["file"] != m["scheme"]:
            problems.append(
                f"{img.where}: a figure is shown as NAME-light.svg#only-light and "
                f"NAME-dark.svg#only-dark, not {img.src}"
            )
            continue
        other = TWIN[m["scheme"]]
        twin = img.src[: m.start()] + f"-{other}.svg#only-{other}"
        if twin not in sources:
            problems.append(
                f"{img.where}: {img.src} has no {other} twin ({twin}): readers of the "
                f"{'dark' if other == 'dark' else 'light'} palette would see no figure"
            )
    return problems


def snippet_problems(snippets: Path = SNIPPETS, docs: Path = DOCS) -> list[str]:
    """One snippet per page, named after it and shown by it; sections paired everywhere."""
    problems = []
    site_pages = pages(docs)
    shown = {inc.file for page in site_pages for inc in includes.includes(page.read_text())}
    stems = {page.stem for page in site_pages}
    for path in sorted(snippets.glob("*.py")):
        problems += includes.sections(path)[1]
        if not figures.is_snippet(path):
            continue
        if path.stem not in stems:
            problems.append(f"{rel(path)}: no page named {path.stem}.md")
        if path.name not in shown:
            problems.append(f"{rel(path)}: no page includes any section of it")
    return problems
