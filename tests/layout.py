"""The built site's layout in a real browser, at a phone's and a desktop's
width: what clips, what scrolls sideways and whether it shows it, how large
figure text is drawn, and which figures were downloaded. Plain functions over
a Playwright page, used by ``tests/test_layout.py``.
"""

from __future__ import annotations

from tests.browser import Watch

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def layout_context(browser, base: str, viewport: dict, touch: bool):
    """A context at ``viewport``; with ``touch``, a phone's: touch events and
    no hover (CSS ``(hover: none)``), as phones and tablets report."""
    context = browser.new_context(
        color_scheme="light", viewport=viewport, has_touch=touch, is_mobile=touch
    )
    context.set_default_timeout(15_000)
    return context, Watch(context, base)


# What overflows in the article: the page's own sideways scroll, every box
# that clips its content (overflow hidden or clip), and every box that
# scrolls sideways, with what it holds, whether a keyboard can reach it and
# whether it shows a cue (a gradient background: the scroll shadows). The
# figures shown, with their rendered width. Inline boxes have no scroll size.
LAYOUT_STATE = """() => {
  const article = document.querySelector("article") || document.body;
  const describe = (el) => {
    const cls = [...el.classList].slice(0, 2).map((c) => "." + c).join("");
    const text = (el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 50);
    return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
  };
  const kind = (el) =>
    el.closest(".arithmatex") ? "display"
    : el.querySelector("table") || el.closest("table") ? "table"
    : el.querySelector("img") ? "figure"
    : el.closest("pre") ? "code" : "other";
  const focusable = (el) => el.tabIndex >= 0 || !!el.querySelector(
    "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
  // Visually hidden on purpose (the copy for screen readers, or for search).
  const hidden = (el) => {
    const style = getComputedStyle(el);
    return style.clip !== "auto" || style.clipPath === "inset(50%)";
  };
  // How far what a box shows passes its right edge, leaving out what is
  // visually hidden (laid out at full width, but never seen) and what a box
  // inside it clips or scrolls (checked as that box).
  const shownOver = (el) => {
    const inner = [...el.querySelectorAll("*")];
    const hiddenRoots = inner.filter(hidden);
    const scrollers = inner.filter((d) => getComputedStyle(d).overflowX !== "visible");
    const edge = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
    const shown = (d) => !hiddenRoots.some((r) => r.contains(d))
      && !scrollers.some((r) => r !== d && r.contains(d));
    let right = edge;
    for (const d of inner.filter(shown)) right = Math.max(right, d.getBoundingClientRect().right);
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let t = texts.nextNode(); t; t = texts.nextNode()) {
      if ([...hiddenRoots, ...scrollers].some((r) => r.contains(t))) continue;
      range.selectNodeContents(t);
      right = Math.max(right, range.getBoundingClientRect().right);
    }
    return Math.round(right - edge);
  };
  // A block with paint containment (content-visibility: auto, or drawn by
  // DRAW_EVERY_BLOCK) clips like overflow: clip unless it scrolls, and what
  // it clips counts in neither its scrollWidth nor the page's width.
  const contained = (style) => !["auto", "scroll"].includes(style.overflowX)
    && (style.contentVisibility === "auto" || /paint|content|strict/.test(style.contain));
  const clipped = [], scrolling = [];
  for (const el of article.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.display.startsWith("inline") && !style.display.includes("-")) continue;
    const over = el.scrollWidth - el.clientWidth;
    if ((over <= 1 && !contained(style)) || !el.checkVisibility() || hidden(el)) continue;
    const box = {what: describe(el), kind: kind(el), over};
    if (["hidden", "clip"].includes(style.overflowX) || contained(style)) {
      const shown = shownOver(el);
      if (shown > 1) clipped.push({...box, over: shown});
    }
    if (["auto", "scroll"].includes(style.overflowX)) {
      scrolling.push({...box, focusable: focusable(el),
                      cue: style.backgroundImage.includes("gradient")});
    }
  }
  const figures = [...document.images]
    .filter((img) => img.checkVisibility())
    .map((img) => ({src: new URL(img.currentSrc || img.src).pathname,
                    width: img.getBoundingClientRect().width}));
  return {
    pageWidth: document.documentElement.scrollWidth,
    windowWidth: window.innerWidth,
    hover: matchMedia("(hover: hover)").matches,
    clipped, scrolling, figures,
  };
}"""


def layout_problems(state: dict, min_text: dict[str, float], min_px: float) -> list[str]:
    """What is wrong with one page at one width.

    ``min_text`` maps a figure's URL path to its smallest text per CSS pixel
    of its width; a figure's text must come to ``min_px`` or more as drawn.
    At desktop widths (1000 px and more) no display may scroll; at any width
    a region that scrolls must be reachable by keyboard and show a cue.
    """
    width = state["windowWidth"]
    problems = []
    if state["pageWidth"] > width:
        problems.append(f"the page scrolls sideways: {state['pageWidth']} px in {width} px")
    for box in state["clipped"]:
        problems.append(f"clips {box['over']} px of its content at {width} px: {box['what']}")
    for box in state["scrolling"]:
        if box["kind"] == "display" and width >= 1000:
            problems.append(f"display scrolls {box['over']} px at {width} px: {box['what']}")
        if not box["focusable"]:
            problems.append(f"scrolls but a keyboard cannot reach it: {box['what']}")
        if not box["cue"]:
            problems.append(f"scrolls with no visible cue: {box['what']}")
    for figure in state["figures"]:
        ratio = min_text.get(figure["src"])
        if ratio is not None and figure["width"] * ratio < min_px - 1e-6:
            size = figure["width"] * ratio
            problems.append(
                f"figure text {size:.1f} px (< {min_px:g}) at {width} px: {figure['src']}"
            )
    return problems


# Resolves once the page's idle-time work is done (scroll-regions.js sets up
# when the browser is first idle; idle callbacks run in the order they were
# asked for) and the next frame, with its resize observers, has run.
PAGE_IDLE = """() => new Promise((done) => requestIdleCallback(
  () => requestAnimationFrame(() => setTimeout(done, 0)), {timeout: 5000}))"""

# Which figures the page downloaded: the hidden palette's must not be.
REQUESTED_FIGURES = """() => performance.getEntriesByType("resource")
  .map((r) => new URL(r.name).pathname)
  .filter((p) => /\\/figures\\/[^/]+\\.svg$/.test(p))"""

SCROLL_TO_BOTTOM = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
  }
}"""
