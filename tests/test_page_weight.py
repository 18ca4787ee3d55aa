"""Page weight: a page's own HTML stays under 100 KB as served (gzip, as
GitHub Pages serves it) and a figure under 100 KB, so every page loads fast.
Static: reads the built site's files.

A page's HTML carries its typeset math (SVG, with MathML beside it for
screen readers), which compresses well: what a reader downloads is the
gzipped size.
"""

import gzip
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

KB = 1000
PAGE_LIMIT = 100 * KB  # gzipped
FIGURE_LIMIT = 100 * KB
FIGURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


def weights(site: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(bytes, path) of every page (gzipped) and every figure, heaviest first.
    Pages are the HTML files, figures the images, outside assets/ (the theme)."""
    pages, figures = [], []
    for path in site.rglob("*"):
        rel = path.relative_to(site)
        if not path.is_file() or rel.parts[0] == "assets":
            continue
        if path.suffix == ".html":
            pages.append((len(gzip.compress(path.read_bytes())), rel.as_posix()))
        elif path.suffix.lower() in FIGURE_SUFFIXES:
            figures.append((path.stat().st_size, rel.as_posix()))
    return sorted(pages, reverse=True), sorted(figures, reverse=True)


def too_heavy(site: Path) -> tuple[list[str], str]:
    """What exceeds its limit, and a table of the five heaviest of each kind."""
    pages, figures = weights(site)
    over = [
        f"page {p}: {size:,} bytes gzipped, over the limit of {PAGE_LIMIT:,}"
        for size, p in pages
        if size > PAGE_LIMIT
    ]
    over += [
        f"figure {p}: {size:,} bytes, over the limit of {FIGURE_LIMIT:,}"
        for size, p in figures
        if size > FIGURE_LIMIT
    ]
    table = "\n".join(
        f"heaviest {kind}:" + "".join(f"\n  {n / KB:7.1f} KB  {p}" for n, p in top[:5])
        for kind, top in (("pages", pages), ("figures", figures))
    )
    return over, table


def test_pages_and_figures_are_light(built_site):
    site = built_site.site
    over, table = too_heavy(site)
    print(table)
    assert not over, "\n".join(over) + "\n\n" + table


def test_a_heavy_page_or_figure_fails(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "light" / "index.html").parent.mkdir()
    # Random bytes do not compress: gzip adds its few bytes of framing.
    (tmp_path / "light" / "index.html").write_bytes(os.urandom(PAGE_LIMIT - 100))
    (tmp_path / "heavy.html").write_bytes(os.urandom(PAGE_LIMIT))
    (tmp_path / "compressible.html").write_bytes(b"x" * 10 * PAGE_LIMIT)
    (tmp_path / "figures" / "big-light.svg").write_bytes(b"x" * (FIGURE_LIMIT + 1))
    (tmp_path / "assets" / "theme.svg").write_bytes(b"x" * (FIGURE_LIMIT + 1))
    over, table = too_heavy(tmp_path)
    assert over == [
        f"page heavy.html: {len(gzip.compress((tmp_path / 'heavy.html').read_bytes())):,} "
        "bytes gzipped, over the limit of 100,000",
        "figure figures/big-light.svg: 100,001 bytes, over the limit of 100,000",
    ]
    assert table.splitlines()[1].endswith("heavy.html")
