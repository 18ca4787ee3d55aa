"""Small fixes to the HTML of every page: figures sized and loaded lazily,
and two template errors of the theme and of mkdocs-jupyter made valid.

Figures. Each ``<img>`` of a figure gets ``width`` and ``height`` (its SVG's
size, so the browser reserves its box before it arrives: no layout shift),
``loading="lazy"`` and ``decoding="async"``. Lazy loading is also what keeps
the palette that is not shown from being downloaded: the theme hides the
``#only-dark`` figure in the light palette with ``display: none``, and a lazy
image that is not rendered is not fetched until the reader switches palette.
An SVG figure also gets ``--figure-min-width``, the width at which its
smallest text is ``MIN_TEXT_PX`` CSS pixels: the stylesheet keeps the figure
at least that wide on narrow screens, where it then scrolls sideways.

Narrow variants. A wide figure ``NAME-light.svg`` may have a variant drawn
for phones, ``NAME-narrow-light.svg`` (snippets/plotting.py). Its ``<img>``
then goes in a ``<picture>`` whose ``<source>`` gives the narrow variant to
every screen too narrow for the wide figure's minimum width, and its
``--figure-min-width`` is the narrow variant's.

Template errors (Nu Html Checker):
- Material writes ``tabindex=""`` on the labels of navigation sections (an
  empty tabindex is not a number; browsers ignore it, so it is dropped).
- mkdocs-jupyter writes ``<clipboard-copy for="cell-1", aria-label="…">``:
  the comma makes an attribute named ``,``, and ``aria-label`` is not
  allowed on an element without a role. The element is a button (its script
  gives it ``role="button"`` and ``tabindex="0"`` once it runs); it gets them
  in the HTML, where the validator and screen readers see them at once.
"""

from __future__ import annotations

import base64
import math
import posixpath
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Smallest text of a figure, in CSS pixels, on any screen.
MIN_TEXT_PX = 9.0
PT = 4 / 3  # CSS pixels per point

IMG = re.compile(r"<img\b[^>]*>", re.S)
# A figure of a palette, and the name of its narrow variant.
PALETTE_FIGURE = re.compile(r"-(light|dark)\.svg$")
# How much narrower than the screen a figure's column can be: Material's
# margins on a phone (32 px) and two levels of list or admonition indent. A
# screen narrower than a wide figure's minimum width plus this gets the
# narrow variant, so a wide figure is shown only where it has its width.
COLUMN_MARGINS_PX = 96
ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Size:
    """A figure's size in CSS pixels and its smallest text, in the same units
    (0 when unknown, as for a bitmap)."""

    width: float
    height: float
    min_text: float = 0.0

    def min_width(self) -> int:
        """Width at which the smallest text is ``MIN_TEXT_PX`` (0: no minimum)."""
        if not self.min_text:
            return 0
        return math.ceil(self.width * MIN_TEXT_PX / self.min_text)


# --- figure sizes -------------------------------------------------------------

SVG_LENGTH = re.compile(r"^\s*([\d.]+)\s*(pt|px)?\s*$")
# Matplotlib draws text as paths: each text group is scaled by
# size / 100 (its glyphs are 100 units per point), flipped vertically.
TEXT_SCALE = re.compile(r"scale\(([\d.]+) -\1\)")
FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)(px|pt)?")


def _length(value: str) -> float:
    m = SVG_LENGTH.match(value)
    if not m:
        raise ValueError(f"unsupported SVG length {value!r} (use pt or px)")
    return float(m.group(1)) * (PT if m.group(2) == "pt" else 1.0)


def svg_size(svg: str) -> Size:
    """Size of an SVG document from its root's width and height (pt or px),
    and its smallest text from matplotlib's text paths or ``font-size``
    styles, scaled like the width."""
    root = re.search(r"<svg\b[^>]*>", svg, re.S)
    if not root:
        raise ValueError("no <svg> element")
    attrs = dict(ATTR.findall(" " + root.group(0)))
    if "width" not in attrs or "height" not in attrs:
        raise ValueError("the <svg> element has no width and height")
    width, height = _length(attrs["width"]), _length(attrs["height"])
    view = attrs.get("viewBox", "").split()
    units = float(view[2]) if len(view) == 4 else width  # user units across
    sizes = [100 * float(s) for s in TEXT_SCALE.findall(svg)]
    sizes += [float(v) * (PT if unit == "pt" else 1.0) for v, unit in FONT_SIZE.findall(svg)]
    min_text = min(sizes) * width / units if sizes else 0.0
    return Size(width, height, min_text)


def png_size(data: bytes) -> Size:
    """Pixel size of a PNG from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return Size(float(width), float(height))


def data_uri_size(src: str) -> Size | None:
    """Size of a base64 PNG or SVG ``data:`` URI (notebook outputs), or None."""
    m = re.match(r"data:image/(png|svg\+xml);base64,", src)
    if not m:
        return None
    data = base64.b64decode(src[m.end() :])
    return png_size(data) if m.group(1) == "png" else svg_size(data.decode())


# --- rewriting <img> ------------------------------------------------------------


def site_path(src: str, page_url: str) -> str | None:
    """The site path (``figures/x.svg``) that ``src`` points to from the page
    at ``page_url`` (``activations/tanh/``), or None for another host."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    path = posixpath.normpath(posixpath.join("/" + base, unquote(parts.path)))
    return path.lstrip("/")


def size_images(html: str, page_url: str, resolve) -> str:
    """Give every ``<img>`` of ``html`` its size, lazy loading and, for an SVG,
    its minimum width. ``resolve(site_path)`` is the file on disk, or None.

    Raises ValueError naming the image if its file cannot be read.
    """

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(ATTR.findall(tag))
        src = attrs.get("src", "")
        path = urlsplit(src).path
        narrow_src = PALETTE_FIGURE.sub(r"-narrow-\1.svg", path)
        try:
            size = image_size(src, page_url, resolve)
            narrow = image_size(narrow_src, page_url, resolve) if narrow_src != path else None
        except (OSError, ValueError) as exc:
            raise ValueError(f"image {src[:80]}: {exc}") from None
        if narrow is None or size is None or not size.min_width():
            return with_attributes(tag, attrs, size)
        img = with_attributes(tag, attrs, size, min_width=narrow.min_width())
        below = size.min_width() + COLUMN_MARGINS_PX - 1
        source = (
            f'<source media="(max-width: {below}px)" srcset="{narrow_src}"'
            f' width="{round(narrow.width)}" height="{round(narrow.height)}">'
        )
        return f"<picture>{source}{img}</picture>"

    return IMG.sub(fix, html)


def site_files(files):
    """``resolve`` for :func:`size_images` over MkDocs' files: the path on disk
    of a site path, generated figures included."""

    def resolve(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return file.abs_src_path if file is not None else None

    return resolve


def image_size(src: str, page_url: str, resolve) -> Size | None:
    if src.startswith("data:"):
        return data_uri_size(src)
    path = site_path(src, page_url)
    file = resolve(path) if path else None
    if file is None:
        return None
    file = Path(file)
    if file.suffix == ".svg":
        return svg_size(file.read_text())
    if file.suffix == ".png":
        return png_size(file.read_bytes()[:24])
    return None


def with_attributes(
    tag: str, attrs: dict[str, str], size: Size | None, min_width: int | None = None
) -> str:
    """``tag`` with the attributes it lacks; what it has is kept. ``min_width``
    (CSS px) replaces the minimum width ``size`` implies."""
    extra = {"loading": "lazy", "decoding": "async"}
    if size is not None:
        extra["width"] = str(round(size.width))
        extra["height"] = str(round(size.height))
        least = size.min_width() if min_width is None else min_width
        if least:
            style = f"--figure-min-width: {least}px"
            extra["style"] = (
                f"{attrs['style'].rstrip('; ')}; {style}" if "style" in attrs else style
            )
    added = "".join(
        f' {name}="{value}"'
        for name, value in extra.items()
        if name not in attrs or name == "style"
    )
    if "style" in attrs and "style" in extra:
        tag = re.sub(r'\sstyle="[^"]*"', "", tag, count=1)
    end = -2 if tag.endswith("/>") else -1
    return tag[:end].rstrip() + added + tag[end:]


# --- template errors -------------------------------------------------------------

EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
CLIPBOARD_COPY = re.compile(r"<clipboard-copy\b([^>]*)>")
STRAY_COMMA = re.compile(r'\s,(="")?(?=[\s>])|(?<=")\s*,(?=\s)')


def _fix_clipboard_copy(match: re.Match) -> str:
    attrs = STRAY_COMMA.sub("", match.group(1))
    for name, value in (("role", "button"), ("tabindex", "0")):
        if f" {name}=" not in attrs:
            attrs += f' {name}="{value}"'
    return f"<clipboard-copy{attrs}>"


def fix_templates(html: str) -> str:
    """The page with the theme's and mkdocs-jupyter's invalid markup fixed."""
    html = EMPTY_TABINDEX.sub(r"\1", html)
    return CLIPBOARD_COPY.sub(_fix_clipboard_copy, html)
