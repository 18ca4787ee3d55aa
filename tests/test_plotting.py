"""snippets/plotting.py: no artist drawn in the dark style comes out black.

Matplotlib's SVG omits ``fill`` where it is black (SVG's default), so the
SVG is read the way a renderer reads it: each painted element's fill and
stroke are inherited from its groups, resolved through ``<use>``, and black
where nothing sets them.
"""

import importlib.util
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
from matplotlib import colors
from matplotlib.patches import Polygon, Rectangle

from hooks.html_fixes import svg_size
from pagecheck.paths import SNIPPETS

_spec = importlib.util.spec_from_file_location("plotting", SNIPPETS / "plotting.py")
assert _spec and _spec.loader
plotting = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(plotting)

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
PAINTED = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "use"}
NOT_PAINTED = {"defs", "clipPath", "mask", "metadata", "style", "title"}
# Relative luminance (WCAG) below which a colour counts as near-black: the
# dark palette's faintest colour on purpose, its grid, is 0.057.
NEAR_BLACK = 0.03


def luminance(colour) -> float:
    """WCAG relative luminance of a matplotlib colour, 0 (black) to 1 (white)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def declared(el) -> dict[str, str]:
    """Presentation attributes and ``style`` declarations of one element."""
    props = {k: v for k, v in el.attrib.items() if "fill" in k or "stroke" in k or k == "opacity"}
    for declaration in (el.get("style") or "").split(";"):
        if ":" in declaration:
            key, value = declaration.split(":", 1)
            props[key.strip()] = value.strip()
    return props


def paints(svg_text: str) -> list[tuple[str, str, str]]:
    """(element id or tag, "fill"/"stroke", "#rrggbb") of every visible paint."""
    root = ET.fromstring(svg_text)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    found: list[tuple[str, str, str]] = []

    def visible(props, what):
        return props.get(f"{what}-opacity", "1") != "0" and props.get("opacity", "1") != "0"

    def walk(el, inherited, where, referenced=False):
        tag = el.tag.removeprefix(SVG)
        if tag in NOT_PAINTED:
            return
        props = {**inherited, **declared(el)}
        if not referenced:  # name a shape by where it is drawn, not where it is defined
            where = el.get("id") or where
        if tag == "use":
            walk(by_id[el.get(HREF, "#")[1:]], props, where, referenced=True)
            return
        if tag in PAINTED:
            for what, default in (("fill", "#000000"), ("stroke", "none")):
                value = props.get(what, default)
                if value.startswith("#") and visible(props, what):
                    found.append((where, what, value))
        for child in el:
            walk(child, props, where)

    walk(root, {}, "svg")
    for pattern in root.iter(SVG + "pattern"):  # hatching, painted where a fill refers to it
        for child in pattern:
            walk(child, {}, pattern.get("id", "pattern"))
    return found


def near_black(svg_text: str) -> list[tuple[str, str, str]]:
    return [p for p in paints(svg_text) if luminance(colors.to_rgb(p[2])) < NEAR_BLACK]


def one_of_each():
    """Every kind of artist whose colour can default to black, none given a colour."""
    fig, (ax, bx) = plt.subplots(1, 2)
    ax.plot([0, 1], [0, 1], "o-", label="line")
    ax.set(title="title", xlabel="x", ylabel="y")
    ax.text(0.1, 0.8, "text")
    ax.text(0.1, 0.6, "boxed text", bbox={"boxstyle": "round"})
    for i, arrowprops in enumerate([{"arrowstyle": "->"}, {"arrowstyle": "-|>"}, {}]):
        ax.annotate(
            f"arrow {i}",
            (0.5 + 0.1 * i, 0.5),
            (0.2 + 0.1 * i, 0.3 - 0.1 * i),
            arrowprops=arrowprops,
        )
    ax.arrow(0, 0, 0.2, 0.1, width=0.01)
    ax.add_patch(Rectangle((0.7, 0.7), 0.1, 0.1))
    ax.add_patch(Polygon([[0.8, 0.1], [0.9, 0.1], [0.85, 0.2]], fill=False))
    ax.bar([0.2, 0.4], [0.1, 0.2], width=0.1, hatch="//")
    ax.bar([0.6], [0.1], width=0.1, hatch="xx", fill=False)
    ax.fill_between([0, 1], 0, 0.05, hatch="..", alpha=0.3)
    ax.errorbar([0.3, 0.5], [0.4, 0.45], yerr=0.05, xerr=0.02, capsize=3, fmt="s")
    ax.scatter([0.2, 0.3], [0.9, 0.95])
    ax.axhline(0.5)
    ax.axvspan(0.9, 0.95)
    ax.spines[["top", "right"]].set_visible(True)
    ax.legend(frameon=True, title="legend")
    bx.boxplot([[1, 2, 3, 4, 10], [2, 3, 4, 5, -5]], showmeans=True)
    bx.hist([1, 2, 2, 3], histtype="step")
    bx.stem([1, 2], [3, 4])
    bx.minorticks_on()
    return fig


def svg_of(rc, tmp_path) -> str:
    with plt.rc_context(rc):
        fig = one_of_each()
        path = tmp_path / "figure.svg"
        plotting.write_svg(fig, path)
        plt.close(fig)
    return path.read_text()


def test_dark_style_draws_nothing_near_black(tmp_path):
    assert near_black(svg_of(plotting.style("dark"), tmp_path)) == []


def test_the_check_finds_black_in_matplotlibs_own_style(tmp_path):
    found = near_black(svg_of({}, tmp_path))
    assert ("fill", "#000000") in {(what, c) for _, what, c in found}  # text, implicit fill
    assert ("stroke", "#000000") in {(what, c) for _, what, c in found}  # spines, edges


def test_implicit_black_fill_is_seen():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><path id="glyph" d="M0 0"/></defs>'
        '<g style="fill: #e6edf3"><use xlink:href="#glyph"/></g>'
        '<g id="bare"><use xlink:href="#glyph"/></g>'
        '<path id="hidden" d="M0 0" style="fill-opacity: 0"/>'
        "</svg>"
    )
    assert near_black(svg) == [("bare", "fill", "#000000")]


def test_no_rc_colour_of_the_dark_style_is_near_black():
    with plt.rc_context(plotting.style("dark")):
        for key, value in plt.rcParams.items():
            if isinstance(value, str) and colors.is_color_like(value) and value.lower() != "none":
                assert luminance(colors.to_rgb(value)) >= NEAR_BLACK, f"{key} = {value!r}"


def test_a_wide_figure_gets_a_narrow_variant_with_its_panels_stacked(tmp_path):
    def draw_wide():
        fig, (left, right) = plt.subplots(1, 2, sharey=True)
        left.plot([0, 1], [0, 1])
        right.plot([0, 1], [1, 0])
        left.set(title="left", xlabel="x")
        right.set(title="right", xlabel="x")
        fig.tight_layout()
        return fig

    def draw_small():
        fig, ax = plt.subplots(figsize=(3.6, 2.4))
        ax.plot([0, 1])
        return fig

    plotting.save(draw_wide, "wide", tmp_path)
    plotting.save(draw_small, "small", tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "small-dark.svg",
        "small-light.svg",
        "wide-dark.svg",
        "wide-light.svg",
        "wide-narrow-dark.svg",
        "wide-narrow-light.svg",
    ]
    wide = svg_size((tmp_path / "wide-light.svg").read_text())
    narrow = svg_size((tmp_path / "wide-narrow-light.svg").read_text())
    assert narrow.width < wide.width * 0.7 and narrow.height > wide.height * 1.5
    # A 390 px phone's column (364 CSS px) shows the narrow variant's text at 9 px or more.
    assert narrow.min_width() <= 364 < wide.min_width()

    fig = draw_wide()
    plotting.narrow(fig)
    top, bottom = sorted(fig.axes, key=lambda ax: -ax.get_position().y0)
    assert top.get_position().y0 > bottom.get_position().y1  # one above the other
    assert bottom.yaxis.get_ticklabels()[0].get_visible()  # the shared axis labelled on both
    plt.close(fig)
