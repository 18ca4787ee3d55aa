// Every region of a page that scrolls sideways can be reached by keyboard,
// on any device (axe: scrollable-region-focusable). Material makes an
// overflowing code block focusable only where the primary pointer can
// hover, so on phones and tablets a keyboard could not scroll it; displays,
// tables, figures and notebook outputs are not handled at all.
//
// A region gets tabindex="0" while its content overflows it, and loses it
// when it fits again (a resize, a rotation). Regions given a tabindex by
// someone else (Material, on hover devices) are left alone.
(() => {
  const REGIONS = [
    ".md-typeset div.arithmatex",
    ".md-typeset pre > code",
    ".md-typeset__scrollwrap",
    ".md-typeset p:has(> img)",
    ".md-typeset p:has(> picture > img)",
    ".md-typeset .jupyter-wrapper pre",
  ].filter((selector) => CSS.supports(`selector(${selector})`)).join(", ");

  const overflows = (el) => el.scrollWidth > el.clientWidth + 1;

  const update = (el, overflowing) => {
    if (overflowing && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("data-scroll-focus", "");
    } else if (!overflowing && el.hasAttribute("data-scroll-focus")) {
      el.removeAttribute("tabindex");
      el.removeAttribute("data-scroll-focus");
    }
  };

  // All sizes are read before any attribute is written: a write between
  // two reads would make the browser lay the page out again for each.
  const observer = new ResizeObserver((entries) => {
    const measured = entries.map((entry) => [entry.target, overflows(entry.target)]);
    for (const [el, overflowing] of measured) update(el, overflowing);
  });

  // Each page, including those reached by instant navigation, once the
  // browser is idle: measuring every region forces a layout, which must not
  // delay the page's first paint. A region in a block not drawn yet
  // (content-visibility: auto, extra.css) has no size the observer would
  // report until a reader scrolls to it, yet a keyboard must reach it before
  // that: each region is also measured once, a few per idle period. When all
  // are, <html data-scroll-regions="measured"> says so.
  const root = document.documentElement;
  const idle = window.requestIdleCallback
    || ((work) => setTimeout(() => work({didTimeout: true, timeRemaining: () => 0}), 200));
  let current = null;
  document$.subscribe(() => {
    observer.disconnect();
    delete root.dataset.scrollRegions;
    const pending = [...document.querySelectorAll(REGIONS)];
    current = pending;
    const measure = (deadline) => {
      if (current !== pending) return; // a newer page has replaced this one
      // At least a few per call: after its timeout an idle callback has no time left.
      const measured = [];
      while (pending.length && (measured.length < 8 || deadline.timeRemaining() > 2)) {
        const el = pending.shift();
        measured.push([el, overflows(el)]);
      }
      for (const [el, overflowing] of measured) update(el, overflowing);
      if (pending.length) idle(measure, {timeout: 2000});
      else root.dataset.scrollRegions = "measured";
    };
    idle(() => {
      for (const el of pending) observer.observe(el);
      idle(measure, {timeout: 2000});
    }, {timeout: 2000});
  });
})();
