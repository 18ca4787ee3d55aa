// No transitions while the reader switches the palette, as Material means.
//
// Material's palette script also marks <body> while it sets the palette at
// every page load, and its stylesheet's rule for that mark made each load
// restyle every element twice; the site leaves that rule out
// (hooks/theme_css.py). This mark is set only when the reader switches, for
// the frames that draw the new colours, and extra.css stops transitions
// while it is there.
(() => {
  const MARK = "data-palette-switching";
  const root = document.documentElement;
  document.addEventListener("change", (event) => {
    // Capture phase: before Material's listener on the input sets the colours.
    if (!event.target.closest("[data-md-component=palette]")) return;
    root.setAttribute(MARK, "");
    requestAnimationFrame(() => requestAnimationFrame(() => root.removeAttribute(MARK)));
  }, true);
})();
