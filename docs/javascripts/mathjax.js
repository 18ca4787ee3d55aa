// MathJax 3 configuration for pymdownx.arithmatex (generic mode). MathJax
// itself is served by this site (assets/mathjax/), never from a CDN.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};

// Instant navigation swaps the page content without reloading scripts, so
// typeset again on every page change after the first (MathJax's own startup
// typesets the first page; clearing its cache then would blank the math it
// has just rendered). Material replaces the <head>, which drops MathJax's
// stylesheet, so the output cache is cleared to make MathJax write a new one.
// Chaining on startup.promise keeps two typesets from overlapping.
let firstPage = true;
document$.subscribe(() => {
  if (firstPage) {
    firstPage = false;
    return;
  }
  const mathjax = window.MathJax;
  mathjax.startup.promise = mathjax.startup.promise.then(() => {
    mathjax.startup.output.clearCache();
    mathjax.typesetClear();
    mathjax.texReset();
    return mathjax.typesetPromise();
  });
});
