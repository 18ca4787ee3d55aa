r"""The derivation checker (tests/derivations.py) on small pages written here:
right steps pass, wrong ones fail and name their line."""

import re

import pytest

from pagecheck.derivations import check_page, summary

TANH = r"""# tanh

$$
\begin{aligned}
\frac{d}{dx}\tanh(x) &= 1 - \tanh^2(x) \\
&= 1 - \frac{(1 - e^{-2x})^2}{(1 + e^{-2x})^2} \\
&= \frac{(1 + e^{-2x})^2 - (1 - e^{-2x})^2}{(1 + e^{-2x})^2} \\
&= \frac{4 e^{-2x}}{(1 + e^{-2x})^2} = \operatorname{sech}^2(x)
\end{aligned}
$$
"""


def display(*lines: str) -> str:
    """A page holding one display, from line 1 (``$$``)."""
    return "\n".join(["$$", *lines, "$$"]) + "\n"


def check(tmp_path, text):
    page = tmp_path / "page.md"
    page.write_text(text)
    return check_page(page), f"{page}:"


def only_failure(report):
    assert len(report.failures) == 1, report.failures
    return report.failures[0]


def test_a_right_chain_passes(tmp_path):
    report, _ = check(tmp_path, TANH)
    assert report.failures == []
    labels = [f"step {i} → {i + 1}" for i in range(1, 6)]
    assert [s.label for s in report.steps] == labels
    assert {s.method for s in report.steps} == {"symbolic"}
    lines = [s.where.rsplit(":", 1)[1] for s in report.steps]
    assert lines == ["5", "6", "7", "8", "8"]


def test_a_wrong_chain_fails_naming_the_line_the_point_and_both_sides(tmp_path):
    text = TANH.replace(r"= \operatorname{sech}^2(x)", r"= \operatorname{sech}^3(x)")
    report, page = check(tmp_path, text)
    message = only_failure(report)
    expected = r"8: step 5 → 6 differ at x = -?\d+(\.\d)?: \S+ vs \S+"
    assert re.fullmatch(re.escape(page) + expected, message), message


def test_the_point_of_a_failure_shows_values_that_differ(tmp_path):
    report, _ = check(tmp_path, display(r"\sigma(0) = \frac{1}{3}"))
    assert only_failure(report).endswith("step 1 → 2 differ: 0.5 vs 0.33")


FORUM_SLIP = r"""
$$
% where u = e^{-2x}
\begin{aligned}
1 - \tanh^2(x) &= 1 - \frac{(1 - u)^2}{(1 + u)^2} \\
&= \frac{1 - (1 - u)^2}{(1 + u)^2} % wrong
\end{aligned}
$$
"""


def test_a_step_marked_wrong_must_differ(tmp_path):
    report, _ = check(tmp_path, FORUM_SLIP)
    assert report.failures == []
    assert [s.method for s in report.steps] == ["symbolic", "differs"]


def test_a_step_marked_wrong_that_is_right_fails(tmp_path):
    right = FORUM_SLIP.replace(r"\frac{1 - (1 - u)^2}", r"\frac{(1 + u)^2 - (1 - u)^2}")
    report, page = check(tmp_path, right)
    assert only_failure(report) == (
        f"{page}6: step 2 → 3 is marked `% wrong` but the two sides are equal (proved by SymPy)"
    )


def test_a_step_marked_wrong_at_a_point_must_differ_there(tmp_path):
    # the forum's slip: 1 at x = 0 (where u = 1), but 1/4 after the slip
    report, _ = check(tmp_path, FORUM_SLIP.replace("% wrong", "% wrong at x = 0"))
    assert report.failures == []
    assert report.steps[1].note == " differ at x = 0: 1.0 vs 0.25"
    report, page = check(tmp_path, FORUM_SLIP.replace("% wrong", "% wrong at x = 40"))
    assert only_failure(report) == (
        f"{page}6: step 2 → 3 is marked `% wrong at x = 40` but there the sides agree to 30 digits"
    )


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


def test_cases_are_checked_branch_by_branch_on_each_branch_domain(tmp_path):
    # x equals max(x, 0) only for x > 0, which is all its branch claims
    right = display(r"\max(x, 0) = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}")
    report, _ = check(tmp_path, right)
    assert report.failures == []
    report, page = check(tmp_path, right.replace(r"0 & x \le 0", r"x & x \le 0"))
    message = only_failure(report)
    assert message.startswith(f"{page}2: step 1 → 2 differ at x = -"), message


def test_cases_must_cover_the_line(tmp_path):
    text = display(r"\max(x, 0) = \begin{cases} x & x > 1 \\ 0 & x \le 0 \end{cases}")
    report, page = check(tmp_path, text)
    message = only_failure(report)
    assert message.startswith(f"{page}2: no case of this term holds at x = 0."), message


def test_cases_must_not_overlap(tmp_path):
    text = display(r"\max(x, 0) = \begin{cases} x & x > 0 \\ 0 & x < 1 \end{cases}")
    report, page = check(tmp_path, text)
    message = only_failure(report)
    assert message.startswith(f"{page}2: two cases hold at x = 0."), message


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


def test_cases_with_otherwise_and_words(tmp_path):
    text = display(
        r"\frac{d}{dx}\operatorname{ReLU}(x) = \begin{cases} 1 & \text{if } x > 0 \\",
        r"\text{undefined} & x = 0 \\ 0 & \text{otherwise} \end{cases}",
    )
    report, _ = check(tmp_path, text)
    assert report.failures == []


def test_cases_inside_an_expression(tmp_path):
    text = display(
        r"\frac{d}{dx}\operatorname{pReLU}(x)",
        r"= \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
        r"+ \alpha \begin{cases} 0 & x > 0 \\ 1 & x < 0 \end{cases}",
    )
    report, _ = check(tmp_path, text)
    assert report.failures == []
    report, page = check(tmp_path, text.replace("0 & x > 0", "0 & x > 1"))
    assert only_failure(report).endswith(": 1.0 vs undefined")


def test_an_inequality_that_fails_names_a_point(tmp_path):
    report, page = check(tmp_path, display(r"0 < \tanh'(x) \le \frac{1}{2}"))
    message = only_failure(report)
    assert message.startswith(f"{page}2: step 2 → 3 ≤ fails at x = "), message


def test_an_inequality_violated_between_grid_points_fails(tmp_path):
    # false only for |x - 1/300| < 10^-4, between two points of the grid
    tiny = r"\left(x - \frac{1}{300}\right)^2 + 10^{-8} > 2 \cdot 10^{-8}"
    report, page = check(tmp_path, display("% loose: a test", tiny))
    message = only_failure(report)
    assert message.startswith(f"{page}3: step 1 → 2 > fails at x = 0.00333"), message


def test_an_inequality_must_be_tight_unless_marked_loose(tmp_path):
    report, page = check(tmp_path, display(r"\sigma(x) < 2"))
    assert "< is not tight: the sides come no closer than 0.5" in only_failure(report)
    report, _ = check(tmp_path, display("% loose: a crude bound", r"\sigma(x) < 2"))
    assert report.failures == []


def test_an_inequality_is_checked_at_the_claimed_maximiser(tmp_path):
    # the maximum of -(x - 1/3)^2 is off the grid: only the marker finds it
    inequality = r"-\left(x - \frac{1}{3}\right)^2 \le 0"
    report, _ = check(tmp_path, display(r"% attained at x = \frac{1}{3}", inequality))
    assert report.failures == []
    report, page = check(tmp_path, display("% attained at x = 0.3", inequality))
    expected = f"{page}3: no ≤ or ≥ of this chain is attained at x = 0.3"
    assert only_failure(report) == expected


def test_approximations_to_the_digits_shown_or_to_a_tolerance(tmp_path):
    report, _ = check(tmp_path, display(r"\sigma(1) \approx 0.7311"))
    assert report.failures == []
    report, _ = check(tmp_path, display(r"\sigma(1) \approx 0.7312"))
    assert "differ: 0.7311 vs 0.7312 (tolerance 5e-05)" in only_failure(report)
    gelu = [
        r"\operatorname{GELU}(x) \approx 0.5 x \left(1 + ",
        r"\tanh\left(\sqrt{2/\pi}\,(x + 0.044715 x^3)\right)\right)",
    ]
    report, _ = check(tmp_path, display("% tolerance: 1e-3", *gelu))
    assert report.failures == []
    report, _ = check(tmp_path, display("% tolerance: 1", *gelu))
    assert "is loose" in only_failure(report)


def test_an_assumption_restricts_the_domain(tmp_path):
    identity = r"\max(0, \alpha x) = \alpha \max(0, x)"
    report, _ = check(tmp_path, display(r"% assume \alpha \ge 0", identity))
    assert report.failures == []
    report, page = check(tmp_path, display(identity))
    assert only_failure(report).startswith(f"{page}2: step 1 → 2 differ at α = -")


def test_an_unparseable_unmarked_display_fails_naming_its_line(tmp_path):
    text = "# P\n\n" + display(r"\mathbf{H} = \sigma(\mathbf{X}\mathbf{W})")
    report, page = check(tmp_path, text)
    assert only_failure(report).startswith(f"{page}4: cannot read this display:")
    assert report.unread == [f"{page}4"]


def test_nocheck_exempts_a_display_and_needs_a_reason(tmp_path):
    shape = r"\mathbf{H} \in \mathbb{R}^{n \times h}"
    report, page = check(tmp_path, display("% nocheck: matrix shapes", shape))
    assert report.failures == [] and report.steps == []
    assert report.exempt == [(f"{page}1", "matrix shapes")]
    report, _ = check(tmp_path, display("% nocheck", shape))
    assert only_failure(report).endswith("`% nocheck` needs a reason")


def test_displays_in_code_fences_are_not_checked(tmp_path):
    report, _ = check(tmp_path, "````markdown\n" + display("1 = 2") + "````\n")
    assert report.displays == 0 and report.failures == []


def test_summary_says_how_each_step_was_decided(tmp_path):
    report, _ = check(tmp_path, TANH + FORUM_SLIP)
    text = summary(report, ["docs/draft.md"])
    assert "6 equalities hold: 6 proved by SymPy, 0 decided numerically" in text
    assert "1 steps marked % wrong, each shown to differ:" in text
    wrong = r"page.md:16: step 2 → 3 differ at x = -?[\d.]+: \S+ vs \S+"
    assert re.search(wrong, text), text
    assert "draft pages not checked: docs/draft.md" in text
