"""The site's plotting conventions, shared by every snippet.

Each figure is drawn twice, once per palette of the site (light: Material's
``default`` scheme, dark: ``slate``), and written as an SVG that is identical
byte for byte on every run.
"""

import argparse
import os
import tempfile
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.layout_engine import ConstrainedLayoutEngine

# Colours chosen for contrast on a white and on a slate page.
PALETTES = {
    "light": {
        "text": "#1f2328",
        "grid": "#d0d7de",
        "cycle": ["#0b5cad", "#c2410c", "#1a7f37", "#8250df", "#9a6700"],
    },
    "dark": {
        "text": "#e6edf3",
        "grid": "#3d444d",
        "cycle": ["#79b8ff", "#ffab70", "#56d364", "#d2a8ff", "#e3b341"],
    },
}

# Fixed so that SVG element ids (and therefore the bytes) never change.
SVG_HASHSALT = "mlp-activations"


# Every rcParam whose default colour is black (matplotlib 3.11). Each takes
# the palette's text colour, so that no artist drawn without an explicit
# colour comes out black on the dark page: text, ticks, spines, the edges of
# patches (bars, boxes around text, annotation arrows, and their hatching,
# which follows the edge colour) and the lines of box plots.
# Two artists hard-code black instead of reading rcParams, so a snippet must
# give them a colour: quiver arrows and table cell edges.
BLACK_BY_DEFAULT = (
    "axes.edgecolor",
    "axes.labelcolor",
    "axes.titlecolor",
    "xtick.color",
    "ytick.color",
    "text.color",
    "patch.edgecolor",
    "boxplot.boxprops.color",
    "boxplot.capprops.color",
    "boxplot.whiskerprops.color",
    "boxplot.flierprops.color",
    "boxplot.flierprops.markeredgecolor",
)


def style(scheme):
    """rcParams for one palette: ``"light"`` or ``"dark"``."""
    p = PALETTES[scheme]
    return {
        "figure.figsize": (7.0, 2.8),
        "font.size": 10,
        "axes.prop_cycle": matplotlib.cycler(color=p["cycle"]),
        "axes.facecolor": "none",
        "figure.facecolor": "none",
        "figure.edgecolor": "none",
        "savefig.facecolor": "none",
        **dict.fromkeys(BLACK_BY_DEFAULT, p["text"]),
        "hatch.color": "edge",
        "legend.edgecolor": p["grid"],
        "legend.frameon": False,
        "axes.grid": True,
        "grid.color": p["grid"],
        "grid.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "lines.linewidth": 1.8,
        "svg.hashsalt": SVG_HASHSALT,
    }


def write_svg(fig, path):
    """Write ``fig`` to ``path`` atomically: a reader never sees half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        # The salt is set here too, so no style context can drop it.
        with plt.rc_context({"svg.hashsalt": SVG_HASHSALT}):
            fig.savefig(tmp, format="svg", bbox_inches="tight",
                        metadata={"Date": None, "Creator": None})
        os.chmod(tmp, 0o644)  # mkstemp creates it private; a figure is public
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


# Phones get a narrow variant of each wide figure (hooks/html_fixes.py picks
# it by screen width): drawn 4.2 in wide, it shows in a 390 px phone's column
# (about 364 CSS px) at about 0.87 of its size, so 8 pt text stays above
# 9 CSS px without scrolling. Panels side by side go one above the other.
NARROW_WIDTH = 4.2  # inches
PANEL_HEIGHT = 2.6  # inches, each panel of a narrow variant


def save(draw, name, out):
    """Call ``draw()`` once per palette and write NAME-light.svg, NAME-dark.svg,
    and for a figure wider than NARROW_WIDTH, NAME-narrow-light.svg and
    NAME-narrow-dark.svg."""
    for scheme in PALETTES:
        with plt.rc_context(style(scheme)):
            fig = draw()
            write_svg(fig, Path(out) / f"{name}-{scheme}.svg")
            if fig.get_figwidth() > NARROW_WIDTH:
                narrow(fig)
                write_svg(fig, Path(out) / f"{name}-narrow-{scheme}.svg")
            plt.close(fig)


def narrow(fig):
    """Lay ``fig`` out again NARROW_WIDTH wide, its panels in one column.

    A figure-level legend (``fig.legend``) keeps its place below the panels.
    """
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    column = fig.add_gridspec(len(panels), 1)
    for row, ax in enumerate(sorted(panels, key=lambda ax: ax.get_subplotspec().colspan.start)):
        ax.set_subplotspec(column[row])
        ax.tick_params(labelleft=True)  # a shared y axis showed its labels on the left panel only
        ax.title.set_wrap(True)  # a long title breaks instead of widening the figure
    legends = fig.legends
    fig.set_size_inches(NARROW_WIDTH, PANEL_HEIGHT * len(panels) + 0.6 * len(legends))
    if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        return  # it lays the figure out again when it is drawn
    bottom = 0.0
    if legends:
        renderer = fig.canvas.get_renderer()
        height = sum(legend.get_window_extent(renderer).height for legend in legends)
        bottom = height / fig.bbox.height + 0.02
    fig.tight_layout(rect=(0, bottom, 1, 1))


# --8<-- [start:float32-rows]
# Exact zeros and nans have no place on a logarithmic axis: they are drawn on
# two rows below the smallest positive float32, each curve slightly offset so
# that overlapping rows stay visible.
ZERO, NAN = 1e-50, 1e-60


def draw_float32_gradients(x32, ways, title):
    """One curve per gradient formula in ``ways``, [(function, linestyle), ...]."""
    fig, ax = plt.subplots(figsize=(7.0, 3.4))
    for i, (f, style) in enumerate(ways):
        g = f(x32).double()  # float64, where the rows below are representable
        shift = 10.0 ** (1 - 1.5 * i)
        g = g.masked_fill(g == 0, ZERO * shift)
        g = g.masked_fill(g.isnan(), NAN * shift)
        ax.plot(x32, g, style, label=f.__name__, linewidth=2.2)
    ax.axhline(1e-46, color="gray", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_yticks([NAN, ZERO, 1e-40, 1e-30, 1e-20, 1e-10, 1],
                  ["nan", "0", "1e-40", "1e-30", "1e-20", "1e-10", "1"])
    ax.minorticks_off()
    ax.set(title=title, xlabel="x", ylim=(NAN / 1e3, 10))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig
# --8<-- [end:float32-rows]


def main(figures):
    """Command line of every snippet: ``python snippets/NAME.py --out DIR``."""
    parser = argparse.ArgumentParser(description="Write this page's figures.")
    parser.add_argument("--out", default="figures", type=Path,
                        help="folder for the SVG files (default: ./figures)")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in figures.items():
        save(draw, name, out)
