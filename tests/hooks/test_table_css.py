"""hooks/table_css.py: Material's table rules, rewritten for the class of the
tables the build wraps."""

import tinycss2

from hooks.table_css import MATERIAL_TABLE, material_stylesheet, styles_for, with_table_styles


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
