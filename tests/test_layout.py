"""Every page on a phone (390 px, touch, no hover) and on a desktop (1280 px,
mouse): nothing is clipped, the page never scrolls sideways, a display never
scrolls on a desktop, every region that scrolls shows it and can be reached
by keyboard, figure text is 9 CSS px or more, touch targets are 24 px or
more. Then: the palette that is not shown costs no download. Then the same
checks on a page broken on purpose, to prove they fail.
"""

import pytest

from hooks.html_fixes import MIN_TEXT_PX, svg_size
from tests.browser import (
    DRAW_EVERY_BLOCK,
    IMAGES_SETTLED,
    REGIONS_MEASURED,
    axe_problems,
    chromium,
    toggle_palette,
)
from tests.layout import (
    DESKTOP,
    LAYOUT_STATE,
    PAGE_IDLE,
    PHONE,
    REQUESTED_FIGURES,
    SCROLL_TO_BOTTOM,
    layout_context,
    layout_problems,
)
from tests.site_server import PART_IDS, PARTS, SiteServer, page_paths, part

# The pages are checked in parts (tests.site_server.part), each a test; each
# worker that runs tests of this module has its own browser and server.
pytestmark = pytest.mark.browser

# axe-core's rules for what this module is about (WCAG 2.2 target size, and
# scrolling regions reachable by keyboard), and contrast as a checker finds it
# on a page not yet drawn whole, as Lighthouse loads it (test_browser.py
# checks contrast on the page drawn, in both palettes).
AXE_RULES = ["target-size", "scrollable-region-focusable", "color-contrast"]


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def server(built_site):
    with SiteServer(built_site.site, built_site.site_url) as served:
        yield served


@pytest.fixture(scope="module")
def figure_text(server):
    """Smallest text of each figure per CSS pixel of its width, by URL path."""
    sizes = {}
    for svg in (server.root / "figures").glob("*.svg"):
        size = svg_size(svg.read_text())
        sizes[f"/figures/{svg.name}"] = size.min_text / size.width
    assert sizes, "no figure in the built site"
    return sizes


def check_layout(browser, server, paths, figure_text, *, viewport, touch):
    """Each page's problems, each line starting with its URL path. (Console
    errors and requests to other hosts are test_browser.py's.)"""
    context, _ = layout_context(browser, server.base, viewport, touch)
    found = []
    try:
        page = context.new_page()
        for path in paths:
            page.goto(server.base + path, wait_until="load")
            # Keyboard access and contrast first, before any block is drawn
            # for the checks: a region must be reachable before a reader
            # scrolls to it, and a checker hit-tests the page as it loads.
            page.wait_for_function(REGIONS_MEASURED)
            problems = axe_problems(page, "light", AXE_RULES)
            page.evaluate(DRAW_EVERY_BLOCK)
            page.evaluate(IMAGES_SETTLED)
            page.evaluate(PAGE_IDLE)
            state = page.evaluate(LAYOUT_STATE)
            problems += layout_problems(state, figure_text, MIN_TEXT_PX)
            if state["hover"] == touch:
                problems.append(f"hover is {'on' if state['hover'] else 'off'}")
            found += [f"{path}: {p}" for p in problems]
    finally:
        context.close()
    return found


# Viewport and touch (a phone's touch events, no hover) of each device.
DEVICES = {"phone-touch": (PHONE, True), "desktop": (DESKTOP, False)}


@pytest.mark.parametrize("index", range(PARTS), ids=PART_IDS)
@pytest.mark.parametrize("device", DEVICES)
def test_every_page_fits(browser, server, figure_text, device, index):
    viewport, touch = DEVICES[device]
    paths = part(page_paths(server.root), index)
    found = check_layout(browser, server, paths, figure_text, viewport=viewport, touch=touch)
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found)


def requested(page):
    page.evaluate(SCROLL_TO_BOTTOM)
    page.evaluate(IMAGES_SETTLED)
    return set(page.evaluate(REQUESTED_FIGURES))


def test_the_hidden_palette_costs_no_download(browser, server):
    context, _ = layout_context(browser, server.base, DESKTOP, touch=False)
    try:
        page = context.new_page()
        page.goto(server.base + "/activations/tanh/", wait_until="load")
        light = requested(page)
        assert light and all(p.endswith("-light.svg") for p in light), light
        assert toggle_palette(page) == "slate"
        dark = requested(page) - light
        assert {p.replace("-light.svg", "-dark.svg") for p in light} == dark
        page.evaluate("() => localStorage.clear()")
    finally:
        context.close()


# --- the checks fail ----------------------------------------------------------------

BROKEN = """
<div class="arithmatex" style="overflow: hidden; white-space: nowrap">
  <span>x = {long}</span></div>
<div class="arithmatex" style="overflow-x: auto; background: none; white-space: nowrap">
  <span>y = {long}</span></div>
<div style="overflow-x: auto; width: 200px"><span style="white-space: nowrap">{long}</span></div>
<p style="width: 150px"><img alt="Small." src="/figures/{figure}"></p>
<p><a href="#" style="display: inline-block; width: 10px; height: 10px"></a><a href="#"
  style="display: inline-block; width: 10px; height: 10px"></a></p>
<div style="width: 3000px">wide</div>
<div class="contained" style="content-visibility: auto; width: 200px; white-space: nowrap">
  z = {long}</div>
"""


def test_layout_checks_fail_on_a_broken_page(browser, server, figure_text):
    figure = sorted(figure_text)[0].removeprefix("/figures/")
    html = BROKEN.format(long=" + ".join(["x"] * 300), figure=figure)
    path = "/"
    original = (server.root / "index.html").read_text()
    at = original.index('<article class="md-content__inner md-typeset">')
    at = original.index(">", at) + 1
    server.overlay["/index.html"] = (original[:at] + html + original[at:]).encode()
    try:
        found = check_layout(browser, server, [path], figure_text, viewport=DESKTOP, touch=False)
    finally:
        del server.overlay["/index.html"]
    text = "\n".join(found)
    for fragment in [
        "the page scrolls sideways",
        "clips",
        "of its content at 1280 px: <div.contained>",
        "display scrolls",
        "scrolls but a keyboard cannot reach it",
        "scrolls with no visible cue",
        f"(< 9) at 1280 px: /figures/{figure}",
        "axe target-size",
    ]:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    assert all(line.startswith(f"{path}: ") for line in found), text
