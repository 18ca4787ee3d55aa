r"""pagecheck/derivations/cases.py: terms given by ``\begin{cases}``, checked
branch by branch; cases that leave a gap or overlap fail."""

import sympy as sp

from pagecheck.derivations.cases import condition
from tests.derivations.helpers import check, display, only_failure


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
    report, _ = check(tmp_path, text.replace("0 & x > 0", "0 & x > 1"))
    assert only_failure(report).endswith(": 1.0 vs undefined")


def test_conditions_read_chains_commas_and_words():
    x = sp.Symbol("x", real=True)
    assert condition(r"0 < x < 1", {}) == sp.And(sp.Lt(0, x), sp.Lt(x, 1))
    assert condition(r"\text{if } x \ge 0, x \ne 2", {}) == sp.And(x >= 0, sp.Ne(x, 2))
    assert condition(r"\text{otherwise}", {}) is None
