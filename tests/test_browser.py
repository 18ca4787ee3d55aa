"""Every page of the built site, in Chromium: it renders, typesets its math,
shows the figure of the current palette, requests nothing from another host
and has no serious accessibility violation. Then the same checks on a page
broken on purpose, to prove they fail and name the page.

The pages are checked in parts (``tests.site_server.part``), each a test
that loads its pages in turn in one tab and checks each in both palettes.
Each worker that runs tests of this module has its own browser and server.
"""

import re

import pytest

from tests.browser import (
    Report,
    chromium,
    new_context,
    search,
    toggle_palette,
    visit,
    walk,
)
from tests.site_server import PART_IDS, PARTS, SiteServer, page_paths, part, sitemap_paths

pytestmark = pytest.mark.browser


# Module scope: Playwright's sync API keeps an asyncio loop running in this
# thread until it stops, which would break code under test elsewhere that
# starts its own loop (the notebook runner calls asyncio.run).
@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def server(browser, built_site):
    with SiteServer(built_site.site, built_site.site_url) as served:
        yield served


def problems(reports, kind):
    return "\n".join(line for report in reports for line in getattr(report, kind))


def test_every_page_is_among_those_checked(server):
    checked = set(page_paths(server.root))
    assert {"/", "/404.html", "/activations/relu/"} <= checked
    assert set(sitemap_paths(server.root)) <= checked


# What each kind of problem a visit reports means (the fields of tests.browser.Report).
KINDS = {
    "console": "console errors, uncaught errors or failed loads",
    "images": "images that do not load or have no alt text",
    "math": "math not typeset at build time, or typeset in the browser",
    "foreign": "requests to another host",
    "palette": "figures in the wrong palette",
    "axe": "axe-core violations, serious and critical",
}


@pytest.mark.parametrize("index", range(PARTS), ids=PART_IDS)
def test_no_page_has_a_problem(browser, server, index):
    reports = visit(browser, server.base, part(page_paths(server.root), index))
    found = {kind: problems(reports, kind) for kind in KINDS}
    message = "\n\n".join(f"{KINDS[kind]}:\n{text}" for kind, text in found.items() if text)
    assert not message, message


def test_math_is_typeset_after_instant_navigation(browser, server):
    paths = sitemap_paths(server.root)
    reports = walk(browser, server.base, paths)
    assert [r.path for r in reports] == paths[1:]
    kinds = ("math", "console", "foreign")
    found = "\n".join(filter(None, (problems(reports, kind) for kind in kinds)))
    assert not found, f"after instant navigation:\n{found}"


@pytest.fixture(scope="module")
def home(browser, server):
    """The home page, in a tab kept open for the searches."""
    context, watch = new_context(browser, server.base)
    page = context.new_page()
    page.goto(server.base + "/")
    yield page, watch
    context.close()


@pytest.mark.parametrize(
    "query, page",
    [
        ("pReLU", "/activations/prelu/"),
        ("vanishing", "/exercises/vanishing-gradients/"),
        ("retain_graph", "/pitfalls/gradient-accumulation/"),
    ],
)
def test_search_finds_the_page(home, query, page):
    tab, watch = home
    results = search(tab, query)
    assert page in results[:3], f"{query!r}: {page} not in the top 3 of {results}"
    report = Report("/")
    watch.drain(report)
    trouble = report.console + report.foreign
    assert not trouble, "\n".join(trouble)


# hooks/page_blocks.py wraps tables when the site is built and gives them a
# class, so Material's script leaves them in place; hooks/theme_css.py gives
# that class Material's styles. A plain table added to the page is what
# Material would have styled: each data table must look the same.
TABLE_STYLE = """() => {
  const props = ["display", "font-size", "border-top-width", "border-top-style",
    "background-color", "max-width", "overflow-x", "border-radius"];
  const cellProps = ["padding-top", "padding-left", "vertical-align", "text-align",
    "border-top-width"];
  const pick = (el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el)[n]]));
  const styleOf = (table) => ({
    table: pick(table, props),
    th: pick(table.querySelector("th"), cellProps.concat(["font-weight"])),
    td: pick(table.querySelector("td"), cellProps),
    wrapper: [table.parentElement.className, table.parentElement.parentElement.className],
  });
  const plainCopy = (table) => {
    const plain = table.cloneNode(true);
    plain.removeAttribute("class");
    const holder = document.createElement("div");
    holder.className = "md-typeset__scrollwrap";
    holder.innerHTML = '<div class="md-typeset__table"></div>';
    holder.firstChild.append(plain);
    document.querySelector("article").append(holder);
    return plain;
  };
  const tables = [...document.querySelectorAll("article table.md-data-table")];
  const found = {
    unwrapped: document.querySelectorAll("article table:not([class])").length,
    nested: document.querySelectorAll(".md-typeset__scrollwrap .md-typeset__scrollwrap").length,
  };
  found.pairs = tables.map((table) => [styleOf(table), styleOf(plainCopy(table))]);
  return found;
}"""


@pytest.mark.parametrize("path", ["/notation/", "/activations/compare/"])
def test_tables_wrapped_at_build_look_as_material_styles_them(browser, server, path):
    context, _ = new_context(browser, server.base)
    page = context.new_page()
    page.goto(server.base + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # Material's script has mounted the page's components
    found = page.evaluate(TABLE_STYLE)
    context.close()
    assert found["pairs"], f"{path} has no table"
    assert found["unwrapped"] == 0 and found["nested"] == 0
    for ours, plain in found["pairs"]:
        assert ours == plain
        assert plain["table"]["font-size"] == "12.8px"  # Material's .64rem


# Material's script marks <body> with data-md-color-switching at every load;
# a rule that names the mark would restyle every element as it comes and goes
# (hooks/theme_css.py). No stylesheet the page loads may name it, and the
# palette stylesheet must still be there, dark scheme and all.
# palette-switch.js keeps what the rule was for.
SWITCHING_RULES = """() => {
  const selectors = (rules) => [...rules].flatMap((rule) =>  // style rules have cssRules too
    rule.selectorText !== undefined ? [rule.selectorText] : selectors(rule.cssRules || []));
  const sheets = [...document.styleSheets];
  return {
    palette: sheets.filter((sheet) => /\\/palette\\.[^/]*\\.css$/.test(sheet.href || ""))
      .map((sheet) => selectors(sheet.cssRules).filter((s) => s.includes("slate")).length),
    switching: sheets.flatMap((sheet) => selectors(sheet.cssRules))
      .filter((s) => s.includes("data-md-color-switching")),
  };
}"""


def test_no_stylesheet_restyles_the_page_when_material_marks_a_palette_switch(browser, server):
    context, _ = new_context(browser, server.base)
    page = context.new_page()
    page.goto(server.base + "/notation/")
    found = page.evaluate(SWITCHING_RULES)
    assert found["switching"] == []
    assert len(found["palette"]) == 1 and found["palette"][0] > 0, found
    # The site's own mark stops transitions when the reader switches, as
    # Material's rule did: the colours change at once.
    page.wait_for_timeout(500)  # nothing left of the page's own load
    assert toggle_palette(page) == "slate"
    running = page.evaluate(
        "() => document.getAnimations().filter((a) => a instanceof CSSTransition).length"
    )
    context.close()
    assert running == 0, f"{running} transitions run after the palette switch"


# --- the checks fail, naming the page -------------------------------------------

# Math as a page would hold it if the build had not typeset it, had lost the
# glyphs, had let an error through, or left MathJax to the browser.
BROKEN_MATH = r"""
<p>
  <span class="arithmatex">\(\frac{1}{2}\)</span>
  Prose with \(\tanh(x)\) never marked up as math.
  <span class="arithmatex"><mjx-container class="MathJax" jax="SVG"><svg width="2ex"
    height="2ex" viewBox="0 -750 1000 1000"><use xlink:href="#MJX-NO-SUCH-GLYPH"></use>
    </svg></mjx-container></span>
  <span class="arithmatex"><mjx-container class="MathJax" jax="SVG"><svg width="2ex"
    height="2ex"><g data-mml-node="merror" data-mjx-error="Missing close brace"></g>
    </svg></mjx-container></span>
</p>
"""
MATH_RUNTIME = '<script src="/assets/mathjax/tex-chtml.js"></script>'

BROKEN = """
<div>
  <img src="/figures/{light}#only-light">
  <img alt="A figure that does not exist." src="/figures/no-such-figure.svg">
  <img alt="Dark, always shown." src="/figures/{dark}#only-dark"
       style="display: block !important">
  <button></button>
</div>
<script src="https://example.com/x.js"></script>
<script>console.error("broken on purpose"); null.boom();</script>
"""


def break_page(server, extra: str) -> str:
    """Serve a copy of a page with ``extra`` at the top of its content; the
    page's URL path. The lightest page but the home page: quick to check."""
    html_of = {
        p: server.root / p.strip("/") / "index.html" for p in sitemap_paths(server.root) if p != "/"
    }
    path = min(html_of, key=lambda p: html_of[p].stat().st_size)
    html = html_of[path].read_text()
    article = re.search(r'<article class="md-content__inner md-typeset">', html)
    assert article, f"{path}: no article element to break"
    server.overlay[path + "index.html"] = (
        html[: article.end()] + extra + html[article.end() :]
    ).encode()
    return path


@pytest.fixture
def overlay(server):
    kept = dict(server.overlay)
    yield server.overlay
    server.overlay.clear()
    server.overlay.update(kept)  # the sitemap, on this server's port


@pytest.fixture
def broken(server, overlay):
    figures = sorted(p.name for p in (server.root / "figures").glob("*-light.svg"))
    assert figures, "no figure to break a page with"
    light = figures[0]
    dark = light.removesuffix("-light.svg") + "-dark.svg"
    return break_page(server, BROKEN.format(light=light, dark=dark) + BROKEN_MATH + MATH_RUNTIME)


def test_checks_fail_on_a_broken_page(browser, server, broken):
    (report,) = visit(browser, server.base, [broken])
    expected = {
        "images": ["-light.svg#only-light has no alt text", "no-such-figure.svg did not load"],
        "math": [
            "raw TeX left, not typeset: \\(\\frac{1}{2}\\)",
            "raw TeX in the text: \\(\\tanh(x)\\) never marked up as math.",
            "typeset but not drawn (no glyph #MJX-NO-SUCH-GLYPH)",
            "MathJax error: Missing close brace",
            "loads a math runtime: /assets/mathjax/tex-chtml.js",
        ],
        "foreign": ["https://example.com/x.js"],
        "console": [
            "console error: broken on purpose",
            "uncaught error:",
            "HTTP 404 for",
            "no-such-figure.svg",
        ],
        "palette": ["light mode shows /figures/"],
        "axe": ["axe button-name (critical", "axe image-alt (critical"],
    }
    for kind, fragments in expected.items():
        lines = getattr(report, kind)
        assert lines, f"the {kind} check found nothing on {broken}"
        assert all(line.startswith(f"{broken}: ") for line in lines), lines
        text = "\n".join(lines)
        for fragment in fragments:
            assert fragment in text, f"{fragment!r} not in:\n{text}"


def test_instant_navigation_check_fails_on_broken_math(browser, server, overlay):
    broken = break_page(server, BROKEN_MATH)
    (report,) = walk(browser, server.base, ["/", broken])
    text = "\n".join(report.math)
    assert text.startswith(f"{broken}: after instant navigation from /: "), text
    for fragment in ("raw TeX left", "raw TeX in the text", "not drawn", "MathJax error"):
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def test_math_checks_fail_on_a_page_without_its_glyphs(browser, server, overlay):
    """Each page defines the glyphs its SVGs draw; without them math is blank,
    on load and after instant navigation (which swaps the page's content)."""
    path = "/activations/relu/"
    html = (server.root / path.strip("/") / "index.html").read_text()
    glyphs = re.compile(r'<svg class="mjx-glyphs".*?</svg>', re.S)
    assert len(glyphs.findall(html)) == 1, f"{path}: its glyphs are not where expected"
    overlay[path + "index.html"] = glyphs.sub("", html).encode()
    (loaded,) = visit(browser, server.base, [path], axe=False)
    (navigated,) = walk(browser, server.base, ["/", path])
    for report in (loaded, navigated):
        assert report.math, f"{path}: no math problem found without its glyphs"
        assert all(line.startswith(f"{path}: ") for line in report.math), report.math
        assert all("typeset but not drawn (no glyph #MJX-TEX-" in x for x in report.math)
