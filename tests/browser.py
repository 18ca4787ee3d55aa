"""The built site in a real browser: serve it, visit a page, say what is wrong.

Plain functions over a Playwright page, used by ``tests/test_browser.py``,
which also runs them on pages broken on purpose. Every problem is a line of
text that starts with the page's URL path.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from pagecheck.html import raw_tex, soup

# Debian's Chromium run headless as root in a container, without anything
# that calls home (updates, sync, QUIC probes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SERIOUS = ("serious", "critical")


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    return path if os.access(path, os.X_OK) else None


@contextlib.contextmanager
def chromium():
    """The system's Chromium, headless. Without one the test skips, and under
    ``CI=true`` fails: CI must run the browser tests."""
    path = chromium_path()
    if path is None:
        reason = "Chromium not found at $CHROMIUM or /usr/bin/chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- what a page must satisfy, in the page ------------------------------------

# A block past a page's first screen is drawn only near the viewport
# (extra.css, content-visibility: auto). Checks look at a page as a reader who
# has scrolled through all of it: every block drawn, with the containment that
# makes it clip what passes its edges (which tests/layout.py checks).
DRAW_EVERY_BLOCK = """() => {
  for (const el of document.querySelectorAll("article *")) {
    if (getComputedStyle(el).contentVisibility === "auto") {
      el.style.contentVisibility = "visible";
      el.style.contain = "layout style paint";
    }
  }
}"""

# scroll-regions.js has measured every region that scrolls sideways, drawn or not.
REGIONS_MEASURED = "() => document.documentElement.dataset.scrollRegions === 'measured'"

# Figures load lazily (the hidden palette's never, until shown): every image
# rendered now is made to load at once, wherever it is on the page.
IMAGES_SETTLED = """async () => {
  const shown = [...document.images].filter((img) => img.checkVisibility());
  shown.forEach((img) => { img.loading = "eager"; });
  const settled = Promise.all(shown.map((img) => img.complete ? null :
    new Promise((done) => { img.onload = img.onerror = done; })));
  await Promise.race([settled, new Promise((done) => setTimeout(done, 10000))]);
}"""

IMAGE_PROBLEMS = """() => {
  const problems = [];
  for (const img of document.images) {
    const src = img.src.replace(location.origin, "");
    if (!(img.getAttribute("alt") || "").trim()) {
      problems.push(`image ${src} has no alt text`);
    }
    if (img.checkVisibility() && (!img.complete || img.naturalWidth === 0)) {
      problems.push(`image ${src} did not load`);
    }
  }
  return problems;
}"""

# Math arrives typeset (hooks/typeset.py): each arithmatex element holds an
# <mjx-container> with an SVG, and no TeX outside it (its plain-text twin,
# .math-text, is TeX-free by construction). The SVG draws each glyph with a
# <use> of a path the page defines once: a glyph the page lacks draws nothing.
# No page loads a math script (MathJax, KaTeX): it would mean math typeset in
# the browser, raw TeX shown until it runs.
MATH_PROBLEMS = r"""() => {
  const problems = [];
  const short = (s) => s.replace(/\s+/g, " ").trim().slice(0, 80);
  const rawTex = /\\[()\[\]]|\\begin\{|\$\$|\\[a-zA-Z]{2,}/;
  for (const el of document.querySelectorAll(".arithmatex")) {
    const container = el.querySelector("mjx-container");
    const svg = container && container.querySelector("svg");
    const copy = el.cloneNode(true);
    copy.querySelectorAll("mjx-container, .math-text").forEach((c) => c.remove());
    if (!svg || rawTex.test(copy.textContent)) {
      problems.push(`raw TeX left, not typeset: ${short(el.textContent)}`);
      continue;
    }
    const label = short((el.querySelector(".math-text") || el).textContent);
    const missing = [...svg.querySelectorAll("use")]
      .map((use) => use.getAttribute("href") || use.getAttribute("xlink:href") || "")
      .filter((ref) => !document.getElementById(ref.slice(1)));
    const box = svg.getBoundingClientRect();
    const blank = el.checkVisibility() && (box.width === 0 || box.height === 0);
    if (missing.length || blank) {
      const glyphs = missing.length ? ` (no glyph ${missing.slice(0, 3).join(", ")})` : "";
      problems.push(`typeset but not drawn${glyphs}: ${label}`);
    }
    for (const err of svg.querySelectorAll('[data-mml-node="merror"]')) {
      problems.push(`MathJax error: ${short(err.getAttribute("data-mjx-error") || "")}`);
    }
  }
  const scripts = performance.getEntriesByType("resource").map((r) => r.name)
    .filter((url) => /mathjax|katex|tex-(chtml|svg|mml)/i.test(url));
  for (const url of new Set(scripts)) {
    problems.push(`loads a math runtime: ${url.replace(location.origin, "")}`);
  }
  if (window.MathJax || window.katex) problems.push("a math runtime is running");
  return problems;
}"""


def raw_tex_problems(page) -> list[str]:
    """TeX anywhere in the prose of the page as it is now (``pagecheck.html.raw_tex``):
    math no arithmatex element holds, so never typeset."""
    return [f"raw TeX in the text: {piece[:80]}" for piece in raw_tex(soup(page.content()))]


def math_problems(page) -> list[str]:
    return page.evaluate(MATH_PROBLEMS) + raw_tex_problems(page)


PALETTE_STATE = """() => ({
  scheme: document.body.getAttribute("data-md-color-scheme"),
  images: [...document.images]
    .filter((img) => /#only-(light|dark)$/.test(img.src))
    .map((img) => ({
      src: img.src.replace(location.origin, ""),
      shown: img.checkVisibility({visibilityProperty: true, opacityProperty: true})
        && img.getBoundingClientRect().width > 0,
    })),
})"""

SCHEMES = {"default": "light", "slate": "dark"}


def palette_problems(state: dict) -> list[str]:
    """In the light scheme, #only-light figures shown and #only-dark hidden;
    the reverse in the dark one."""
    mode = SCHEMES.get(state["scheme"])
    if mode is None:
        return [f"unknown colour scheme {state['scheme']!r}"]
    problems = []
    for img in state["images"]:
        wanted = img["src"].endswith(f"#only-{mode}")
        if img["shown"] != wanted:
            verb = "shows" if img["shown"] else "hides"
            problems.append(f"{mode} mode {verb} {img['src']}")
    return problems


AXE_SCRIPT = Axe().axe_script
# The palette toggle changes colours only (and which figure of a pair shows,
# which IMAGE_PROBLEMS covers): in the dark palette, the rules that read them.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_problems(page, scheme: str, rules: list[str] | None = None) -> list[str]:
    """Serious and critical axe-core violations: every rule, or ``rules``."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = rules
    found = []
    results = page.evaluate("(options) => axe.run(document, options)", options)
    for v in results["violations"]:
        if v["impact"] in SERIOUS:
            targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
            more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
            found.append(f"axe {v['id']} ({v['impact']}, {scheme}): {v['help']}: {targets}{more}")
    return found


# --- visiting ----------------------------------------------------------------


@dataclass
class Report:
    """What is wrong with one page, by kind. Each line names the page."""

    path: str
    console: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    palette: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)

    def add(self, kind: str, problems):
        getattr(self, kind).extend(f"{self.path}: {p}" for p in problems)


class Watch:
    """Listens to a browser context: aborts and lists every request to a host
    other than ``base``; lists console errors, uncaught errors, failed loads."""

    def __init__(self, context, base: str):
        self.base = base + "/"
        self.foreign: list[str] = []
        self.console: list[str] = []
        context.route("**/*", self._route)
        context.on("page", self.attach)

    def _local(self, url: str) -> bool:
        return url.startswith(self.base)

    def _route(self, route):
        url = route.request.url
        if self._local(url):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console.append(f"uncaught error: {exc}"))
        page.on("response", self._response)
        page.on("websocket", self._websocket)

    def _websocket(self, ws):
        if not self._local(ws.url.replace("ws", "http", 1)):
            self.foreign.append(ws.url)

    def _console(self, msg):
        # A blocked foreign request also logs "Failed to load resource": it is
        # reported once, as a foreign request.
        if msg.type == "error" and msg.location.get("url") not in self.foreign:
            self.console.append(f"console error: {msg.text}")

    def _response(self, response):
        if response.status >= 400:
            self.console.append(f"HTTP {response.status} for {response.url}")

    def drain(self, report: Report):
        report.add("console", self.console)
        report.add("foreign", [f"requested {url} (blocked)" for url in self.foreign])
        self.console, self.foreign = [], []


def new_context(browser, base: str):
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    return context, Watch(context, base)


def toggle_palette(page) -> str | None:
    """Click the header's palette toggle; the new scheme, or None if none."""
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    toggle = page.locator("form[data-md-component=palette] label:visible")
    if toggle.count() != 1:
        return None
    toggle.click()
    page.wait_for_function(
        "(s) => document.body.getAttribute('data-md-color-scheme') !== s", arg=before
    )
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def check(page, watch: Watch, base: str, path: str, axe: bool = True) -> Report:
    """Load one page and check it, in the light palette and then the dark."""
    report = Report(path)
    try:
        inspect(page, report, base, path, axe)
    except PlaywrightError as exc:  # a page that hangs or crashes
        report.add("console", [f"could not be checked: {exc.message.splitlines()[0]}"])
    watch.drain(report)
    return report


def inspect(page, report: Report, base: str, path: str, axe: bool):
    page.goto(base + path, wait_until="load")
    page.evaluate(DRAW_EVERY_BLOCK)
    page.evaluate(IMAGES_SETTLED)
    report.add("images", page.evaluate(IMAGE_PROBLEMS))
    report.add("math", math_problems(page))
    light = page.evaluate(PALETTE_STATE)
    report.add("palette", palette_problems(light))
    if axe:
        report.add("axe", axe_problems(page, SCHEMES.get(light["scheme"], "?")))
    scheme = toggle_palette(page)
    if scheme is None or scheme == light["scheme"]:
        report.add("palette", ["no palette toggle switches the colour scheme"])
    else:
        report.add("palette", palette_problems(page.evaluate(PALETTE_STATE)))
        page.evaluate(IMAGES_SETTLED)  # the other palette's figures, now shown
        seen = set(report.images)
        again = page.evaluate(IMAGE_PROBLEMS)
        report.add("images", [p for p in again if f"{path}: {p}" not in seen])
        if axe:
            dark = axe_problems(page, SCHEMES.get(scheme, "?"), COLOUR_RULES)
            report.add("axe", dark)
    # Material keeps the chosen palette in localStorage: forget it, so the
    # next page starts in the light one.
    page.evaluate("() => localStorage.clear()")


def visit(browser, base: str, paths: list[str], axe: bool = True) -> list[Report]:
    """Check each page, loaded in turn by one tab (a warm cache: fast)."""
    context, watch = new_context(browser, base)
    try:
        page = context.new_page()
        return [check(page, watch, base, path, axe) for path in paths]
    finally:
        context.close()


def follow_link(page, base: str, path: str) -> list[str]:
    """Click a link of the current page to ``path`` and wait for its content.

    Problems: no such link, or the click reloaded the page instead of
    Material's instant navigation (which swaps the content in place).
    """
    clicked = page.evaluate(
        """(target) => {
          const link = [...document.querySelectorAll("a[href]")].find((a) =>
            a.href === target);
          if (!link) return false;
          window.__samePage = true;
          document.querySelector("article").__old = true;
          link.click();
          return true;
        }""",
        base + path,
    )
    if not clicked:
        return [f"no link to it on {urlsplit(page.url).path}"]
    try:
        page.wait_for_url(base + path)
        page.wait_for_function(
            """() => { const a = document.querySelector("article");
                       return a && !a.__old; }""",
            timeout=10_000,
        )
    except PlaywrightError:
        return ["its content never replaced the previous page's"]
    if not page.evaluate("() => window.__samePage === true"):
        return ["the link reloaded the page: no instant navigation"]
    return []


def walk(browser, base: str, paths: list[str]) -> list[Report]:
    """Load the first page, then reach each next one by instant navigation
    from the previous; check math, console and requests on each."""
    reports = []
    context, watch = new_context(browser, base)
    try:
        page = context.new_page()
        # Material follows links instantly once it has read the sitemap.
        page.goto(base + paths[0], wait_until="networkidle")
        for previous, path in itertools.pairwise(paths):
            report = Report(path)
            found = follow_link(page, base, path) or math_problems(page)
            report.add("math", [f"after instant navigation from {previous}: {p}" for p in found])
            watch.drain(report)
            reports.append(report)
    finally:
        context.close()
    return reports


def search(page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the URL paths of the result
    pages, best first (each result item is a page; its sections are nested)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    # The worker answers each keystroke; the meta line then gives a count.
    page.wait_for_function(
        """() => /\\d|No matching/.test(
          document.querySelector(".md-search-result__meta").textContent)"""
    )
    results, previous = None, []
    while results != previous:  # until the answer to the last keystroke is in
        previous = results
        page.wait_for_timeout(250)
        results = page.eval_on_selector_all(
            ".md-search-result__item > a.md-search-result__link",
            "(links) => links.map((a) => new URL(a.href).pathname)",
        )
    return list(dict.fromkeys(results))  # a page's sections follow the page
