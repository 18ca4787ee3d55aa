"""Page weight: a page's own HTML stays under 200 KB and a figure under
100 KB, so every page loads fast. Static: reads the built site's files."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.build

KB = 1000
PAGE_LIMIT = 200 * KB
FIGURE_LIMIT = 100 * KB
FIGURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


def weights(site: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(bytes, path) of every page and every figure, heaviest first. Pages are
    the HTML files, figures the images, outside assets/ (theme and MathJax)."""
    pages, figures = [], []
    for path in site.rglob("*"):
        rel = path.relative_to(site)
        if not path.is_file() or rel.parts[0] == "assets":
            continue
        if path.suffix == ".html":
            pages.append((path.stat().st_size, rel.as_posix()))
        elif path.suffix.lower() in FIGURE_SUFFIXES:
            figures.append((path.stat().st_size, rel.as_posix()))
    return sorted(pages, reverse=True), sorted(figures, reverse=True)


def too_heavy(site: Path) -> tuple[list[str], str]:
    """What exceeds its limit, and a table of the five heaviest of each kind."""
    pages, figures = weights(site)
    over = [
        f"page {p}: {size:,} bytes, over the limit of {PAGE_LIMIT:,}"
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
    (tmp_path / "light" / "index.html").write_bytes(b"x" * PAGE_LIMIT)
    (tmp_path / "heavy.html").write_bytes(b"x" * (PAGE_LIMIT + 1))
    (tmp_path / "figures" / "big-light.svg").write_bytes(b"x" * (FIGURE_LIMIT + 1))
    (tmp_path / "assets" / "theme.svg").write_bytes(b"x" * (FIGURE_LIMIT + 1))
    over, table = too_heavy(tmp_path)
    assert over == [
        "page heavy.html: 200,001 bytes, over the limit of 200,000",
        "figure figures/big-light.svg: 100,001 bytes, over the limit of 100,000",
    ]
    assert table.splitlines()[1].endswith("heavy.html")
