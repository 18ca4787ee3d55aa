r"""pagecheck/derivations/steps.py: steps marked ``% wrong`` must differ, and
``\approx`` steps hold to the digits shown or to a stated, honest tolerance."""

from tests.derivations.helpers import FORUM_SLIP, TANH, check, display, only_failure


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


def test_only_an_equals_step_can_be_marked_wrong(tmp_path):
    report, page = check(tmp_path, display(r"\sigma(x) < 2 % wrong"))
    assert only_failure(report) == (
        f"{page}2: step 1 → 2: cannot read: `% wrong` can only mark an = step"
    )


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


def test_an_approximation_needs_a_decimal_side_or_a_tolerance(tmp_path):
    report, _ = check(tmp_path, display(r"\sigma(x) \approx \frac{1}{2} + \frac{x}{4}"))
    assert only_failure(report).endswith(
        r"cannot read: a \approx step needs a decimal side or `% tolerance: T`"
    )


def test_a_right_page_decides_every_step(tmp_path):
    report, _ = check(tmp_path, TANH + FORUM_SLIP)
    assert [s.method for s in report.steps] == ["symbolic"] * 6 + ["differs"]
