"""The strict build: it passes on the site as it is, and fails, naming the
file, on each kind of breakage an author can introduce."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from hooks import figures
from pagecheck.checks import image_problems
from pagecheck.html import code_blocks, images, raw_tex, soup
from pagecheck.page import Image
from pagecheck.paths import DOCS, rel
from tests.helpers import build, report_of, resources
from tools.project import copy_project

pytestmark = pytest.mark.build


def test_site_builds_with_figures_and_typeset_math(built_site):
    out = built_site.site
    relu = out / "activations" / "relu" / "index.html"
    assert relu.is_file()
    assert (out / "figures" / "relu-light.svg").is_file()
    assert (out / "figures" / "relu-dark.svg").is_file()
    assert '<mjx-container class="MathJax" jax="SVG"' in relu.read_text()
    assert not (out / "assets" / "mathjax").exists(), "no math runtime is shipped"
    report = report_of(built_site.project, out)
    assert report["status"] == "built"
    assert "relu.py" in {*report["figures"]["ran"], *report["figures"]["cached"]}
    formulas = report["formulas"]
    assert formulas["typeset"] + formulas["cached"] > 500


def test_no_page_loads_anything_from_another_host(built_site):
    out = built_site.site
    problems = []
    for html in sorted(out.rglob("*.html")):
        for url in resources(html.read_text()).fetched:
            if urlparse(url).netloc and not url.startswith("http://127.0.0.1"):
                problems.append(f"{html.relative_to(out)}: loads {url}")
    for css in sorted(out.rglob("*.css")):
        for url in re.findall(r"url\(['\"]?(https?:[^)'\"]+)", css.read_text()):
            problems.append(f"{css.relative_to(out)}: loads {url}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def copy_of_project(tmp_path, built_site):
    """The project copied with its warm caches, to break on purpose."""
    return copy_project(tmp_path, source=built_site.project)


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def failed_build(project):
    status, log = build(project, project / "site")
    assert status != 0, "the build should have failed"
    return log


@pytest.mark.parametrize(
    "link, named",
    [
        ("no-such-page.md", "no-such-page.md"),
        ("activations/relu.md#no-such-heading", "no-such-heading"),
    ],
    ids=["dead-link", "missing-anchor"],
)
def test_a_broken_link_fails_naming_the_page(copy_of_project, link, named):
    edit(
        copy_of_project / "docs" / "index.md",
        "## How to read it",
        f"See [this]({link}).\n\n## How to read it",
    )
    log = failed_build(copy_of_project)
    assert "index.md" in log and named in log


def test_include_of_a_missing_section_fails_naming_the_section(copy_of_project):
    edit(
        copy_of_project / "docs" / "activations" / "relu.md",
        '--8<-- "relu.py:plot"',
        '--8<-- "relu.py:plotting"',
    )
    log = failed_build(copy_of_project)
    assert "docs/activations/relu.md:" in log and "'plotting'" in log


def test_raising_snippet_fails_with_file_and_line(copy_of_project):
    snippet = copy_of_project / "snippets" / "relu.py"
    edit(
        snippet, "y = torch.relu(x)\n", "y = torch.relu(x)\nraise ValueError('broken on purpose')\n"
    )
    line = snippet.read_text().splitlines().index("raise ValueError('broken on purpose')") + 1
    log = failed_build(copy_of_project)
    assert f"relu.py:{line}: ValueError: broken on purpose" in log
    entry = figures.entry_name(snippet, snippet.parent)
    assert not (copy_of_project / ".cache" / "figures" / entry).exists()
    report = report_of(copy_of_project, copy_of_project / "site")
    assert report["status"] == "failed"
    assert f"relu.py:{line}: ValueError: broken on purpose" in report["error"]


def source_of(page: Path, site: Path) -> Path | None:
    """The source of a built page: docs/X.md or docs/notebooks/X.py."""
    parts = page.relative_to(site).parent.parts
    for candidate in (DOCS.joinpath(*parts).with_suffix(".md"), DOCS.joinpath(*parts, "index.md"),
                      DOCS.joinpath(*parts).with_suffix(".py")):  # fmt: skip
        if parts and candidate.is_file():
            return candidate
    return DOCS / "index.md" if not parts else None


def test_no_page_shows_raw_tex_or_a_snippet_marker(built_site):
    """What the reader gets, notebooks included: every formula typeset, and no
    section marker of a snippet in any code shown."""
    problems = []
    for page in sorted(built_site.site.rglob("index.html")):
        source = source_of(page, built_site.site)
        if source is None:
            continue
        html = soup(page.read_text())
        lines = source.read_text().splitlines()
        for piece in raw_tex(html):
            line = next((n for n, text in enumerate(lines, 1) if piece[:30] in text), None)
            problems.append(f"{rel(source)}:{line or '?'}: shows TeX as text: {piece[:80]}")
        for block in code_blocks(html):
            if "8<-" in block.code:
                problems.append(f"{rel(source)}: publishes a snippet section marker")
    assert not problems, "\n".join(problems)


def published_image_problems(source: Path, html: str) -> tuple[list[str], int]:
    """The image check over a built page's article; and how many figures it shows."""
    article = soup(html).find("article")
    found = [Image(source, None, img.alt, img.src) for img in images(article)] if article else []
    return image_problems(found), sum("figures/" in img.src for img in found)


def test_every_published_figure_has_alt_text_and_both_palettes(built_site):
    """The image check over what the reader gets, figures a snippet's Markdown
    inserted at build time (the catalogue's) included."""
    problems, shown = [], {}
    for page in sorted(built_site.site.rglob("index.html")):
        source = source_of(page, built_site.site)
        if source is not None:
            found, shown[rel(source)] = published_image_problems(source, page.read_text())
            problems += found
    assert not problems, "\n".join(problems)
    # The catalogue's figures come from its snippet's Markdown; dropping one
    # dark variant there is caught like anywhere else.
    catalogue = built_site.site / "activations" / "catalogue" / "index.html"
    html = catalogue.read_text()
    assert shown["docs/activations/catalogue.md"] == 2 * html.count("-light.svg#only-light")
    broken = re.sub(r"<img[^>]*catalogue-elu-dark\.svg#only-dark[^>]*>", "", html, count=1)
    found, _ = published_image_problems(DOCS / "activations/catalogue.md", broken)
    assert len(found) == 1 and "catalogue-elu-light.svg#only-light has no dark twin" in found[0]
