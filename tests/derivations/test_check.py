r"""pagecheck/derivations/check.py: a page's displays checked step by step;
a changed coefficient, sign or exponent fails on the line it changed."""

import re

import pytest

from tests.derivations.helpers import TANH, check, display, only_failure


def test_a_wrong_chain_fails_naming_the_line_the_point_and_both_sides(tmp_path):
    text = TANH.replace(r"= \operatorname{sech}^2(x)", r"= \operatorname{sech}^3(x)")
    report, page = check(tmp_path, text)
    message = only_failure(report)
    expected = r"8: step 5 → 6 differ at x = -?\d+(\.\d)?: \S+ vs \S+"
    assert re.fullmatch(re.escape(page) + expected, message), message


# One page with every kind of step; each mutation below changes one coefficient,
# sign or exponent, and the checker must fail on the line it changed.
KINDS = r"""# Kinds

$$
\begin{aligned}
\sigma'(x) &= \frac{e^{-x}}{(1 + e^{-x})^2} \\
&= \sigma(x)\bigl(1 - \sigma(x)\bigr)
\end{aligned}
$$

$$
\tanh(x) + 1 = 2\sigma(2x)
$$

$$
\operatorname{Swish}_\beta'(x)
= \sigma(\beta x) + \beta x \, \sigma(\beta x)\,(1 - \sigma(\beta x))
$$

$$
\frac{\partial}{\partial \alpha} \operatorname{pReLU}(x) = \min(0, x)
$$

$$
\frac{d}{dx}\operatorname{pReLU}(x)
= \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}
$$

$$
% attained at x = 0
0 < \sigma'(x) \le \frac{1}{4}
$$

$$
\operatorname{GELU}(x) = x \, \Phi(x)
$$

$$
\frac{d}{dx} \left(x^3 - 0.5 x^2\right) = 3x^2 - x
$$
"""

MUTATIONS = [
    # (kind, line, old, new)
    ("exponent", 5, r"(1 + e^{-x})^2", r"(1 + e^{-x})^3"),
    ("sign", 5, r"\frac{e^{-x}}", r"\frac{e^{x}}"),
    ("sign", 6, r"\bigl(1 - \sigma(x)\bigr)", r"\bigl(1 + \sigma(x)\bigr)"),
    ("coefficient", 11, r"2\sigma(2x)", r"2\sigma(3x)"),
    ("coefficient", 11, r"\tanh(x) + 1", r"\tanh(x) + 2"),
    ("coefficient", 16, r"+ \beta x \,", r"+ 2\beta x \,"),
    ("sign", 16, r"(1 - \sigma(\beta x))", r"(1 + \sigma(\beta x))"),
    ("sign", 20, r"\min(0, x)", r"\min(0, -x)"),
    ("coefficient", 25, r"\alpha & x < 0", r"2\alpha & x < 0"),
    ("sign", 25, r"1 & x > 0", r"-1 & x > 0"),
    ("condition", 25, r"1 & x > 0", r"1 & x > 1"),
    ("coefficient", 30, r"\le \frac{1}{4}", r"\le \frac{1}{3}"),
    ("coefficient", 30, r"0 < \sigma'(x)", r"-1 < \sigma'(x)"),
    ("exponent", 30, r"\le \frac{1}{4}", r"\le \frac{1}{4^2}"),
    ("coefficient", 34, r"x \, \Phi(x)", r"x \, \Phi(2x)"),
    ("coefficient", 38, r"0.5 x^2", r"0.6 x^2"),
    ("exponent", 38, r"= 3x^2", r"= 3x^3"),
]


def test_the_page_of_every_kind_passes(tmp_path):
    report, _ = check(tmp_path, KINDS)
    assert report.failures == []
    assert len(report.steps) == 10


@pytest.mark.parametrize("kind, line, old, new", MUTATIONS)
def test_changing_a_coefficient_sign_or_exponent_fails_on_its_line(tmp_path, kind, line, old, new):
    assert KINDS.count(old) == 1
    text = KINDS.replace(old, new)
    assert new in text.splitlines()[line - 1]
    report, page = check(tmp_path, text)
    assert report.failures, f"{kind} change not caught: {old} → {new}"
    # a changed term also breaks the step after it, which names the next line
    assert report.failures[0].startswith(f"{page}{line}:"), report.failures


def test_a_failure_names_the_line_of_the_term_that_disagrees(tmp_path):
    rows = [r"\begin{aligned}", r"& \frac{d}{dx} \left(x^4\right) \\", r"&= 3x^2"]
    # the first term disagrees with the second, which agrees with the third
    end = r"\end{aligned}"
    report, page = check(tmp_path, display(*rows, r"\\ &= 3x \cdot x", end))
    assert only_failure(report).startswith(f"{page}3: step 1 → 2 differ at x = ")
    # with two terms, either may be the wrong one
    report, page = check(tmp_path, display(*rows, end))
    message = only_failure(report)
    assert message.startswith(f"{page}4: step 1 → 2 (lines 3–4) differ"), message


def test_an_assumption_restricts_the_domain(tmp_path):
    identity = r"\max(0, \alpha x) = \alpha \max(0, x)"
    report, _ = check(tmp_path, display(r"% assume \alpha \ge 0", identity))
    assert report.failures == []
    report, page = check(tmp_path, display(identity))
    assert only_failure(report).startswith(f"{page}2: step 1 → 2 differ at α = -")


def test_displays_in_code_fences_are_not_checked(tmp_path):
    report, _ = check(tmp_path, "````markdown\n" + display("1 = 2") + "````\n")
    assert report.displays == 0 and report.failures == []


def test_a_display_with_an_unknown_marker_fails_and_is_not_checked(tmp_path):
    # unchecked, the misspelt marker would let a non-tight bound through as `% loose`
    report, page = check(tmp_path, display("% lose: a crude bound", r"\sigma(x) < 2"))
    assert only_failure(report).startswith(f"{page}2: unknown marker `% lose: a crude bound`")
    assert report.steps == [] and report.displays == 1


def test_a_display_without_a_relation_fails(tmp_path):
    report, page = check(tmp_path, display(r"\sigma(x)"))
    assert only_failure(report) == (
        f"{page}1: a display with no relation to check: add `% nocheck: REASON`"
    )


def test_a_wrong_marker_needs_a_step_on_its_row(tmp_path):
    text = display(r"\begin{aligned}", r"x &= x \\", r"y % wrong", r"\end{aligned}")
    report, page = check(tmp_path, text)
    assert only_failure(report) == (f"{page}1: a `% wrong` marker is on a row with no step to mark")
