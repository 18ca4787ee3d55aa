"""The offline copy (``OFFLINE=true``, zipped by ``make build``) opened from
disk: links land on pages, not on folder listings; search works without a
server; nothing is requested from another host or the network."""

import pytest

from tests.browser import chromium, search
from tests.helpers import build
from tools.project import copy_project

# One worker runs this module: the offline build (a module fixture) then runs once.
pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.xdist_group("offline")]


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory, built_site):
    """The offline build, from a copy of the session's project and its cache."""
    project = copy_project(tmp_path_factory.mktemp("offline"), source=built_site.project)
    status, log = build(project, project / "site", OFFLINE="true")
    if status != 0:
        pytest.fail(f"offline build failed:\n{log}", pytrace=False)
    return project / "site"


@pytest.fixture(scope="module")
def tab(offline_site):
    with chromium() as browser:
        context = browser.new_context()
        requested = []

        def only_files(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                requested.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", only_files)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((offline_site / "index.html").as_uri())
        yield page, requested, errors


def test_links_lead_to_pages(tab, offline_site):
    page, requested, errors = tab
    page.click("nav.md-nav--primary a[href$='activations/tanh.html']")
    page.wait_for_load_state()
    assert page.url == (offline_site / "activations" / "tanh.html").as_uri()
    assert page.locator("article h1").inner_text().startswith("tanh")
    # Every link of the page to another page names an HTML file.
    links = page.eval_on_selector_all(
        "a[href]:not([href^='#']):not([href^='http'])",
        "(links) => links.map((a) => new URL(a.href).pathname)",
    )
    folders = [link for link in links if link.endswith("/")]
    assert links and not folders, f"links to folders: {folders}"
    assert not requested and not errors, requested + errors


def test_search_works_from_disk(tab, offline_site):
    page, requested, errors = tab
    results = search(page, "retain_graph")
    expected = (offline_site / "pitfalls" / "gradient-accumulation.html").as_posix()
    assert expected in results[:3], results
    assert not requested and not errors, requested + errors
