"""hooks/html_fixes.py: figures sized and lazy, template markup made valid."""

import base64
import struct
import zlib

import pytest

from hooks.html_fixes import (
    MIN_TEXT_PX,
    Size,
    fix_templates,
    png_size,
    site_path,
    size_images,
    svg_size,
)

SVG = """<?xml version="1.0"?>
<svg width="504pt" height="201.6pt" viewBox="0 0 504 201.6" xmlns="http://www.w3.org/2000/svg">
 <g id="text_1"><g transform="translate(10 20) scale(0.1 -0.1)"><use href="#g"/></g></g>
 <g id="text_2"><g transform="translate(10 40) scale(0.08 -0.08)"><use href="#g"/></g></g>
 <path d="M 0 0" transform="scale(0.015625)"/>
</svg>"""


def png(width, height):
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + header
        + zlib.crc32(b"").to_bytes(4)
    )


def test_svg_size_in_css_pixels_and_its_smallest_text():
    size = svg_size(SVG)
    assert size.width == pytest.approx(672) and size.height == pytest.approx(268.8)
    assert size.min_text == pytest.approx(8 * 4 / 3)  # 8 user units of a 504-unit, 672 px box
    # 9 px text at this width: 672 * 9 / (8 * 4/3)
    assert size.min_width() == 567
    assert Size(672, 268.8, 8 * 4 / 3).min_width() * size.min_text / 672 >= MIN_TEXT_PX


def test_svg_without_a_size_is_an_error():
    with pytest.raises(ValueError, match="no width and height"):
        svg_size('<svg viewBox="0 0 10 10"></svg>')
    with pytest.raises(ValueError, match="unsupported SVG length"):
        svg_size('<svg width="10em" height="5em"></svg>')


def test_png_size_from_its_header():
    assert png_size(png(559, 294)) == Size(559, 294)
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a" + bytes(20))


@pytest.mark.parametrize(
    "src, page, expected",
    [
        ("../../figures/tanh-light.svg#only-light", "activations/tanh/", "figures/tanh-light.svg"),
        ("figures/a.svg", "", "figures/a.svg"),
        ("figures/a%20b.svg", "404.html", "figures/a b.svg"),
        ("https://example.com/a.svg", "x/", None),
    ],
)
def test_site_path(src, page, expected):
    assert site_path(src, page) == expected


def test_images_get_their_size_lazy_loading_and_minimum_width(tmp_path):
    (tmp_path / "f-light.svg").write_text(SVG)
    files = {"figures/f-light.svg": tmp_path / "f-light.svg"}
    data = base64.b64encode(png(559, 294)).decode()
    html = (
        '<p><img alt="F" src="../../figures/f-light.svg#only-light" /></p>'
        f'<img alt="N" src="data:image/png;base64,{data}">'
        '<img alt="E" src="elsewhere.gif" loading="eager">'
    )
    out = size_images(html, "activations/tanh/", files.get)
    assert (
        '<img alt="F" src="../../figures/f-light.svg#only-light" loading="lazy" '
        'decoding="async" width="672" height="269" style="--figure-min-width: 567px"/>'
    ) in out
    assert 'decoding="async" width="559" height="294">' in out
    assert '<img alt="E" src="elsewhere.gif" loading="eager" decoding="async">' in out


def test_a_figure_with_a_narrow_variant_gets_it_on_small_screens(tmp_path):
    (tmp_path / "f-light.svg").write_text(SVG)
    # Half as wide, same text: its text reaches 9 px at half the width.
    narrow = SVG.replace('width="504pt"', 'width="252pt"').replace("0 0 504", "0 0 252")
    (tmp_path / "f-narrow-light.svg").write_text(narrow)
    files = {
        "figures/f-light.svg": tmp_path / "f-light.svg",
        "figures/f-narrow-light.svg": tmp_path / "f-narrow-light.svg",
        "figures/g.svg": tmp_path / "f-light.svg",
    }
    out = size_images(
        '<p><img alt="F" src="../figures/f-light.svg#only-light"></p>'
        '<p><img alt="G" src="../figures/g.svg#x"></p>',
        "activations/",
        files.get,
    )
    assert out.startswith(
        '<p><picture><source media="(max-width: 662px)" srcset="../figures/f-narrow-light.svg"'
        ' width="336" height="269"><img alt="F" src="../figures/f-light.svg#only-light"'
    )
    # The wide figure's size, and the narrow variant's minimum width (567 / 2).
    assert 'width="672" height="269" style="--figure-min-width: 284px"></picture></p>' in out
    assert out.count("<picture>") == 1  # g.svg is no palette figure: no variant


def test_an_unreadable_figure_names_the_image(tmp_path):
    (tmp_path / "bad.svg").write_text("<svg></svg>")
    with pytest.raises(ValueError, match=r"image figures/bad\.svg: .*no width and height"):
        size_images(
            '<img src="figures/bad.svg">', "", {"figures/bad.svg": tmp_path / "bad.svg"}.get
        )


def test_template_markup_is_made_valid():
    nav = '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="">'
    assert fix_templates(nav) == '<label class="md-nav__link" for="__nav_4" id="__nav_4_label">'
    kept = '<label class="md-nav__link" for="__nav_2" tabindex="0">'
    assert fix_templates(kept) == kept
    for copy in (
        '<clipboard-copy for="cell-1", aria-label="Copy to Clipboard">',
        '<clipboard-copy ,="" aria-label="Copy to Clipboard" for="cell-1">',
    ):
        fixed = fix_templates(copy)
        assert "," not in fixed and 'role="button" tabindex="0"' in fixed
        assert 'for="cell-1"' in fixed and 'aria-label="Copy to Clipboard"' in fixed
