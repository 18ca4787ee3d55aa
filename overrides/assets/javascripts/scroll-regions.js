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
    ".md-typeset .jupyter-wrapper pre",
  ].filter((selector) => CSS.supports(`selector(${selector})`)).join(", ");

  const overflows = (el) => el.scrollWidth > el.clientWidth + 1;

  const update = (el) => {
    const ours = el.hasAttribute("data-scroll-focus");
    if (overflows(el) && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("data-scroll-focus", "");
    } else if (!overflows(el) && ours) {
      el.removeAttribute("tabindex");
      el.removeAttribute("data-scroll-focus");
    }
  };

  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) update(entry.target);
  });

  // Each page, including those reached by instant navigation.
  document$.subscribe(() => {
    observer.disconnect();
    for (const el of document.querySelectorAll(REGIONS)) observer.observe(el);
  });
})();
