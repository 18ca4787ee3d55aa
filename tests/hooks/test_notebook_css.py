"""hooks/notebook_css.py: the notebook stylesheet keeps only what pages use."""

from hooks import notebook_css


def test_css_is_pruned_to_used_classes_and_read_properties():
    css = (
        ".w{--a:1px;--b:var(--a);--unused:red}"
        ".w .used{margin:var(--b)}"
        ".w .unused-class{color:red}"
        ".w .used,.w .other{padding:0}"
        "@media (max-width: 10px){.w .unused-class{color:blue}.w .used{color:green}}"
        "pre{line-height:125%}"
    )
    pruned = notebook_css.prune_css(css, {"w", "used"})
    assert "--a:1px" in pruned and "--b:var(--a)" in pruned
    assert "--unused" not in pruned and "unused-class" not in pruned
    assert ".w .used,.w .other{padding:0}" in pruned
    assert "@media (max-width: 10px){.w .used{color:green}}" in pruned
    assert "pre{line-height:125%}" in pruned
