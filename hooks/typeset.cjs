// Typesets TeX to SVG with MathJax 3, for hooks/typeset.py, which starts it
// once per build: `node typeset.cjs MATHJAX_ES5_DIR`.
//
// Protocol: one JSON request per line on stdin, {"items": [{"tex", "display"}]},
// answered by one JSON line on stdout, {"results": [...]}, one result per item:
// {"svg": "<mjx-container>…</mjx-container>", "glyphs": {"MJX-TEX-I-1D465": "M52 289…"}}
// or {"error": "Undefined control sequence \\foo"}. The first line written is
// {"ready": "MATHJAX_VERSION"}. The process ends when stdin closes.
//
// Glyphs: with the SVG "global" font cache each formula refers to its glyphs by
// id (<use xlink:href="#MJX-TEX-I-1D465">) instead of repeating their paths, and
// the page holds each glyph once; `glyphs` lists the paths a formula refers to.
"use strict";

const path = require("node:path");
const readline = require("node:readline");

const ES5 = process.argv[2] && path.resolve(process.argv[2]);

// stdout carries the answers only: whatever MathJax logs goes to stderr.
console.log = console.info = console.warn = console.error;

const CONFIG = {
  loader: {
    paths: { mathjax: ES5 },
    // tex-full bundles every TeX extension: nothing is loaded while typesetting.
    load: ["adaptors/liteDOM", "input/tex-full", "output/svg", "a11y/assistive-mml"],
  },
  tex: {
    // noundefined and noerrors would typeset an undefined macro or a TeX error
    // as red text; without them both are errors, which fail the build.
    packages: { "[-]": ["noundefined", "noerrors"] },
    formatError(jax, error) {
      throw error;
    },
  },
  svg: { fontCache: "global" },
  startup: { typeset: false },
};

function glyphsOf(adaptor, defs) {
  const glyphs = {};
  for (const path of adaptor.childNodes(defs)) {
    glyphs[adaptor.getAttribute(path, "id")] = adaptor.getAttribute(path, "d");
  }
  return glyphs;
}

// MathJax's own word for the first error in the output, if any (belt and braces:
// formatError already throws on TeX errors).
function errorIn(adaptor, node) {
  const merror = adaptor.tags(node, "g").find(
    (g) => adaptor.getAttribute(g, "data-mml-node") === "merror",
  );
  return merror ? adaptor.getAttribute(merror, "data-mjx-error") || "TeX error" : null;
}

async function typeset(MathJax, { tex, display }) {
  const adaptor = MathJax.startup.adaptor;
  const fontCache = MathJax.startup.output.fontCache;
  fontCache.clearCache(); // so its defs hold this formula's glyphs only
  try {
    MathJax.texReset(); // equation numbers and labels start afresh
    const node = await MathJax.tex2svgPromise(tex, { display });
    const error = errorIn(adaptor, node);
    if (error) return { error };
    return { svg: adaptor.outerHTML(node), glyphs: glyphsOf(adaptor, fontCache.defs) };
  } catch (error) {
    return { error: error.message || String(error) };
  }
}

async function serve(MathJax) {
  process.stdout.write(`${JSON.stringify({ ready: MathJax.version })}\n`);
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const results = [];
    for (const item of JSON.parse(line).items) {
      results.push(await typeset(MathJax, item));
    }
    process.stdout.write(`${JSON.stringify({ results })}\n`);
  }
}

if (!ES5) {
  process.stderr.write("usage: node typeset.cjs MATHJAX_ES5_DIR\n");
  process.exit(2);
}
require(`${ES5}/node-main.js`)
  .init(CONFIG)
  .then(serve)
  .catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
