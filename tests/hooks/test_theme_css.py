"""hooks/theme_css.py: Material's table rules, rewritten for the class of the
tables the build wraps, and its palette stylesheet without the rule that
restyles the page at load."""

import pytest
import tinycss2

from hooks.theme_css import (
    MATERIAL_TABLE,
    PALETTE_STYLESHEET,
    PALETTE_SWITCHING,
    material_stylesheet,
    palette_stylesheet,
    styles_for,
    with_table_styles,
    without_palette_switching,
)


def test_rules_keep_only_the_selectors_that_name_a_plain_table():
    css = (
        ".a table:not([class]) td, .b td, :is(p, table:not([class])) {color: red}"
        ".c {color: blue}"
        "@media print {.d table:not([class]) {display: table} .e {x: y}}"
        "@media screen {.f {x: y}}"
    )
    assert styles_for(css, "t").splitlines() == [
        ".a table.t td,:is(p, table.t)" + "{color: red}",
        "@media print{.d table.t{display: table}}",
    ]


def test_every_material_table_rule_has_its_counterpart():
    css = material_stylesheet().read_text(encoding="utf-8")
    ours = styles_for(css, "md-data-table")
    assert MATERIAL_TABLE not in ours
    assert ours.count("table.md-data-table") == css.count(MATERIAL_TABLE) > 5
    rules = tinycss2.parse_stylesheet(ours, skip_whitespace=True)
    assert not [rule for rule in rules if rule.type == "error"]


def test_the_site_stylesheet_comes_first():
    assert with_table_styles("a {b: c}\n", "t").startswith("a {b: c}\n\n/* Material's table styles")


def test_only_the_rules_naming_the_palette_switch_are_left_out():
    css = (
        "/* a comment */.a{b:c}"
        "@media screen{[data-md-color-switching] *,.x :after{d:e}.f{g:h}}"
        "[data-md-color-switching] .y{i:j}"
        "@media print{[data-md-color-switching] .z{k:l}}"
        "@font-face{font-family:m}"
    )
    assert without_palette_switching(css) == "\n".join(
        [".a{b:c}@media screen{.f{g:h}}@font-face{font-family:m}", ""]
    )


def test_a_stylesheet_without_the_palette_switch_is_a_change_to_look_at():
    with pytest.raises(ValueError, match="no rule names"):
        without_palette_switching(".a{b:c}")


def test_the_palette_stylesheet_keeps_everything_but_the_switching_rule():
    path, ours = palette_stylesheet()
    theirs = material_stylesheet(PALETTE_STYLESHEET).read_text(encoding="utf-8")
    assert path.startswith("assets/stylesheets/palette.") and theirs.count(PALETTE_SWITCHING) > 0
    assert PALETTE_SWITCHING not in ours
    rules = tinycss2.parse_stylesheet(ours, skip_comments=True, skip_whitespace=True)
    assert not [rule for rule in rules if rule.type == "error"]
    assert ours.count("{") == theirs.count("{") - 1  # one rule, of three selectors
