"""hooks/main.py, through whole builds: notebook pages, downloads, failures,
the report, and two builds at once over one cache."""

import json
import re
import shutil
import time
from urllib.parse import urlparse

import pytest

from hooks import notebook_html
from hooks.notebook_pages import STYLESHEET
from pagecheck.paths import DOCS
from tests.helpers import build, report_of, resources, start_build
from tests.hooks.conftest import small_site, write_snippet
from tools.project import copy_project

pytestmark = pytest.mark.build


def test_notebook_pages(built_site):
    out = built_site.site
    report = report_of(built_site.project, out)
    pages = sorted((out / "notebooks").glob("*/index.html"))
    sources = sorted(p.stem for p in (DOCS / "notebooks").glob("*.py"))
    assert [p.parent.name for p in pages] == sources
    assert sorted({*report["notebooks"]["executed"], *report["notebooks"]["cached"]}) == [
        f"notebooks/{name}.py" for name in sources
    ]
    assert (out / STYLESHEET).stat().st_size < 50_000
    for page in pages:
        name = page.parent.name
        html = page.read_text()
        # (their weight: tests/test_page_weight.py, as for every page)
        assert "<style" not in html.split("</head>", 1)[1], name
        assert "arithmatex" in html and "$$" not in html, name
        assert notebook_html.PLACEHOLDER_ALT not in html, f"{name}: a figure has no alt text"
        found = resources(html)
        for url in found.fetched:  # no other host, and no src="" (the page itself)
            assert url and not urlparse(url).netloc, f"{name}: loads {url!r}"
        assert f"../../{STYLESHEET}" in found.fetched
        download = page.parent / f"{name}.ipynb"
        assert f"{name}.ipynb" in found.links and download.is_file()
        assert json.loads(download.read_text())["cells"]
        for href in found.links:  # relative links between pages resolve
            target = urlparse(href).path
            if target and not urlparse(href).netloc and not href.startswith("#"):
                resolved = (page.parent / target).resolve()
                assert resolved.is_file() or (resolved / "index.html").is_file(), (
                    f"{name}: dead link {href}"
                )


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)")


def test_downloaded_notebooks_link_the_published_site(built_site):
    out = built_site.site
    site_url = next(
        line.split('"')[3]
        for line in (out / "index.html").read_text().splitlines()
        if 'rel="canonical"' in line
    )
    site_url = site_url[: site_url.index("/", len("http://")) + 1]
    checked = 0
    for download in sorted((out / "notebooks").glob("*/*.ipynb")):
        cells = json.loads(download.read_text())["cells"]
        for cell in (c for c in cells if c["cell_type"] == "markdown"):
            for url in MARKDOWN_LINK.findall("".join(cell["source"])):
                if url.startswith("#"):
                    continue
                assert urlparse(url).scheme, f"{download.name}: relative link {url}"
                if url.startswith(site_url):  # a page of this site: it exists
                    path = out / url[len(site_url) :]
                    assert path.is_file() or (path / "index.html").is_file(), url
                    checked += 1
    assert checked >= len(list((DOCS / "notebooks").glob("*.py")))


def test_raising_cell_fails_the_build_naming_the_notebook(tmp_path, built_site):
    project = copy_project(tmp_path, source=built_site.project)
    source = project / "docs" / "notebooks" / "tanh-to-sigmoid.py"
    anchor = "sigmoid_net = tanh_to_sigmoid(tanh_net)\n"
    text = source.read_text().replace(anchor, anchor + "1 / 0\n", 1)
    source.write_text(text)
    line = text.splitlines().index("1 / 0") + 1
    status, log = build(project, project / "site")
    assert status != 0
    assert f"docs/notebooks/tanh-to-sigmoid.py:{line}: cell " in log
    assert "raised ZeroDivisionError: division by zero" in log
    report = report_of(project, project / "site")
    assert report["status"] == "failed" and "tanh-to-sigmoid.py" in report["error"]
    assert report["notebooks"]["executed"] == {}  # the others did not run
    assert "notebooks/bottleneck.py" in report["notebooks"]["cached"]


def test_a_warm_build_runs_and_renders_nothing(tmp_path):
    site = small_site(tmp_path / "small")
    status, log = build(site, site / "site")
    assert status == 0, log
    cold = report_of(site, site / "site")
    assert list(cold["figures"]["ran"]) == ["one.py"]
    assert list(cold["notebooks"]["executed"]) == ["notebooks/small.py"]
    assert list(cold["notebook_pages"]["rendered"]) == ["notebooks/small.py"]
    assert "one.py: ran in " in log and "notebooks/small.py: executed in " in log
    assert "notebooks/small.py: rendered in " in log

    status, log = build(site, site / "site")
    assert status == 0, log
    warm = report_of(site, site / "site")
    assert warm["figures"]["ran"] == {} and warm["figures"]["cached"] == ["one.py"]
    assert warm["notebooks"]["executed"] == {}
    assert warm["notebook_pages"] == {
        "rendered": {},
        "cached": ["notebooks/small.py"],
        "seconds": warm["notebook_pages"]["seconds"],
    }
    assert "figures: 1 cached; notebooks: 1 cached; notebook pages: 1 cached" in log
    assert len([line for line in log.splitlines() if " cached" in line]) == 1, log  # one line
    page = (site / "site" / "notebooks" / "small" / "index.html").read_text()
    assert '<mjx-container class="MathJax" jax="SVG"' in page  # notebook math, typeset


GATE = """\
import os
import time
from pathlib import Path

from one import draw

if __name__ == "__main__":
    from plotting import main

    gate = Path(os.environ["GATE"])
    (gate / "waiting").touch()
    deadline = time.monotonic() + 300
    while not (gate / "open").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never opened the gate")
        time.sleep(0.05)
    main({"gate": draw})
"""


def wait_for(condition, what, seconds=300):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_two_builds_at_once_over_one_cache_keep_each_others_entries(tmp_path):
    """Build B runs a new snippet and waits, holding a fresh entry, while build
    A finishes and would prune it; both must succeed, each site complete."""
    cache = tmp_path / "cache"
    a, b = small_site(tmp_path / "a"), small_site(tmp_path / "b")
    for site in (a, b):
        (site / ".cache").symlink_to(cache, target_is_directory=True)
    cache.mkdir()
    status, log = build(a, a / "site")
    assert status == 0, log

    write_snippet(b / "snippets", "one", slope=2)  # an entry A does not use
    (b / "snippets" / "gate.py").write_text(GATE)
    gate = tmp_path / "gate"
    gate.mkdir()
    second = start_build(b, b / "site", GATE=str(gate))
    try:
        wait_for((gate / "waiting").exists, "build B to run its gate snippet")
        wait_for(lambda: len(list((cache / "figures").glob("one-*"))) == 2, "B's one.py entry")
        status, log = build(a, a / "site")
        assert status == 0, log
        assert report_of(a, a / "site")["pruned"] is None  # B was using the cache
        assert len(list((cache / "figures").glob("one-*"))) == 2
    finally:
        (gate / "open").touch()
        log_b, _ = second.communicate(timeout=600)
    assert second.returncode == 0, log_b

    for site, figures in ((a, {"one"}), (b, {"one", "gate"})):
        out = site / "site"
        assert {p.name for p in (out / "figures").iterdir()} == {
            f"{name}{width}-{variant}.svg"
            for name in figures
            for width in ("", "-narrow")  # 7 in wide: a narrow variant each
            for variant in ("light", "dark")
        }
        assert (out / "notebooks" / "small" / "index.html").is_file()
        assert (out / "notebooks" / "small" / "small.ipynb").is_file()
        assert (out / STYLESHEET).is_file()
        assert (
            '<mjx-container class="MathJax"'
            in (out / "notebooks" / "small" / "index.html").read_text()
        )
    one_a = (a / "site" / "figures" / "one-light.svg").read_bytes()
    assert one_a != (b / "site" / "figures" / "one-light.svg").read_bytes()  # slope 1, slope 2

    # Alone again, a build prunes what only B used.
    shutil.rmtree(a / "site")
    status, log = build(a, a / "site")
    assert status == 0, log
    pruned = report_of(a, a / "site")["pruned"]
    assert sorted(p.split("-")[0] for p in pruned) == ["figures/gate", "figures/one"]
    assert len(list((cache / "figures").glob("one-*"))) == 1
