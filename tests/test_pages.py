"""Static checks of the pages: every example runs, every include resolves,
every figure has alt text and both palette variants."""

import re

from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests

from hooks import includes
from pagecheck.page import fences, images, pages
from pagecheck.paths import DOCS, SNIPPETS, rel

PYTHON = {"py", "python", "python3"}


def run_by_markdown_docs(page):
    """First code lines of the fences pytest-markdown-docs will execute."""
    tests = extract_fence_tests(
        MarkdownIt("commonmark"),
        page.read_text(),
        0,
        page,
        fence_syntax=FenceSyntax.superfences,
    )
    return {t.start_line for t in tests}


def test_every_python_fence_runs_or_says_notest():
    problems = []
    for page in pages():
        executed = run_by_markdown_docs(page)
        for fence in fences(page):
            if fence.lang not in PYTHON or "notest" in fence.options:
                continue
            # pytest-markdown-docs reports 0-based fence line + 1 = opening line.
            if fence.line not in executed:
                problems.append(
                    f"{fence.where}: this python fence is never run (pytest-markdown-docs "
                    "skips fences inside admonitions and tabs). Move it out, make it a "
                    "pycon doctest, or mark it {.python notest}."
                )
    assert not problems, "\n".join(problems)


def test_include_fences_are_marked_notest():
    """Snippet sections run in the figure build, not as page code."""
    problems = []
    for page in pages():
        for fence in fences(page):
            if fence.lang in PYTHON and "--8<--" in fence.code and "notest" not in fence.options:
                problems.append(f"{fence.where}: a snippet include must be {{.python notest}}")
    assert not problems, "\n".join(problems)


def test_every_include_names_an_existing_section():
    problems = []
    for page in pages():
        problems += includes.check_page(page, rel(page), [SNIPPETS, DOCS / "includes"])
    assert not problems, "\n".join(problems)


def test_snippet_sections_are_paired():
    problems = []
    for snippet in sorted(SNIPPETS.glob("*.py")):
        problems += includes.sections(snippet)[1]
    assert not problems, "\n".join(problems)


def test_each_snippet_is_shown_by_its_page():
    """One snippet per page, named after the page, and the page includes it."""
    problems = []
    shown = {inc.file for page in pages() for inc in includes.includes(page.read_text())}
    by_stem = {page.stem: page for page in pages()}
    from hooks import figures  # hooks/figures.py

    for snippet in figures.find_snippets(SNIPPETS):
        if snippet.stem not in by_stem:
            problems.append(f"{rel(snippet)}: no page named {snippet.stem}.md")
        if snippet.name not in shown:
            problems.append(f"{rel(snippet)}: no page includes any section of it")
    assert not problems, "\n".join(problems)


def test_figures_have_alt_text_and_both_palettes():
    problems = []
    for page in pages():
        imgs = images(page)
        srcs = {img.src for img in imgs}
        for img in imgs:
            where = f"{rel(page)}:{img.line}"
            if not img.alt.strip():
                problems.append(f"{where}: image {img.src} has no alt text")
            m = re.search(r"-(light|dark)\.svg#only-(light|dark)$", img.src)
            if "figures/" in img.src:
                if not m or m[1] != m[2]:
                    problems.append(
                        f"{where}: figures are shown as NAME-light.svg#only-light "
                        f"and NAME-dark.svg#only-dark, not {img.src}"
                    )
                    continue
                other = {"light": "dark", "dark": "light"}[m[1]]
                twin = img.src.replace(f"-{m[1]}.svg#only-{m[1]}", f"-{other}.svg#only-{other}")
                if twin not in srcs:
                    problems.append(f"{where}: {img.src} has no {other} twin {twin}")
    assert not problems, "\n".join(problems)
