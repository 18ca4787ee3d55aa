"""The MathJax 3 files the site serves itself, so no page loads MathJax from a CDN.

They come from the ``django-static-mathjax`` wheel, a plain copy of MathJax's
static files; nothing of Django is used.
"""

import importlib.util
from pathlib import Path

SITE_DIR = "assets/mathjax"
# The combined TeX-to-CHTML component, the fonts it loads, and the TeX
# extensions it can autoload (\require, \boldsymbol, ...), all by paths
# relative to tex-chtml.js.
PATTERNS = ("tex-chtml.js", "output/chtml/fonts/woff-v2/*.woff", "input/tex/extensions/*.js")


def mathjax_root() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or spec.origin is None:
        raise RuntimeError("MathJax is missing: install django-static-mathjax (requirements.txt)")
    return Path(spec.origin).parent / "static" / "mathjax" / "es5"


def mathjax_files() -> dict[str, Path]:
    """Site path -> file, for every file the site's MathJax needs."""
    root = mathjax_root()
    files = {}
    for pattern in PATTERNS:
        for path in sorted(root.glob(pattern)):
            files[f"{SITE_DIR}/{path.relative_to(root).as_posix()}"] = path
    return files
