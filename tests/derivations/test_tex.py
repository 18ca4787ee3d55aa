r"""pagecheck/derivations/tex.py: only registered names and TeX's own layout
are read; anything else fails, named as written, the same way on every run."""

import os
import subprocess
import sys

import pytest
import sympy as sp

from pagecheck.derivations.errors import UnknownNotation, Unreadable
from pagecheck.derivations.tex import expression
from pagecheck.paths import ROOT
from tests.derivations.helpers import check, display, only_failure

REGISTER = "register it in pagecheck/derivations/notation.py"
x = sp.Symbol("x", real=True)


def test_an_unparseable_unmarked_display_fails_naming_its_line(tmp_path):
    text = "# P\n\n" + display(r"\mathbf{H} = \sigma(\mathbf{X}\mathbf{W})")
    report, page = check(tmp_path, text)
    assert only_failure(report).startswith(f"{page}4: cannot read this display:")
    assert report.unread == [f"{page}4"]


def test_an_unknown_function_is_named_as_written(tmp_path):
    report, page = check(tmp_path, display(r"\operatorname{Mush}(x) = x"))
    assert only_failure(report) == f"{page}2: unknown function `\\operatorname{{Mush}}`: {REGISTER}"
    assert report.unread == [f"{page}2"]


def test_an_unknown_command_is_named_as_written(tmp_path):
    report, page = check(tmp_path, display(r"\foo(x) = x"))
    assert only_failure(report) == (
        f"{page}2: unknown command `\\foo`: {REGISTER} if it is a function or symbol, "
        "or mark the display `% nocheck: REASON` if it is not an identity"
    )


def test_an_unknown_letter_is_named(tmp_path):
    report, page = check(tmp_path, display(r"g \cdot x = x"))
    assert only_failure(report) == f"{page}2: unknown symbol `g`: {REGISTER}"
    report, page = check(tmp_path, display(r"f(x) = x"))
    assert only_failure(report) == f"{page}2: unknown function `f`: {REGISTER}"


def test_a_run_on_command_is_an_error_not_a_product_of_letters(tmp_path):
    # TeX reads \log1p as \log then 1p; SymPy made that log(1 * e^x * p)
    report, page = check(tmp_path, display(r"\log1p(e^{x}) = \operatorname{softplus}(x)"))
    assert only_failure(report) == (
        f"{page}2: `\\log1p` is not a command: TeX reads `\\log` followed by `1p`; "
        "for a function named log1p, write `\\operatorname{log1p}(…)`"
    )
    report, _ = check(
        tmp_path, display(r"\operatorname{log1p}(e^{x}) = \operatorname{softplus}(x)")
    )
    assert report.failures == [] and report.steps[0].method == "symbolic"


def test_a_run_on_of_an_unregistered_name_says_to_register_it():
    with pytest.raises(UnknownNotation) as caught:
        expression(r"\exp2m(x)", {})
    assert str(caught.value).endswith(f"write `\\operatorname{{exp2m}}(…)` and {REGISTER}")


def test_fractions_and_roots_take_digits_directly():
    assert expression(r"\frac12 + \sqrt2", {}) == sp.Rational(1, 2) + sp.sqrt(2)


def test_layout_and_differentials_are_read():
    tex = r"\frac{\mathrm{d}}{\mathrm{d}x} \left( x^2 \right) \, \cdot \bigl( 1 \bigr)"
    assert expression(tex, {}) == 2 * x


def test_a_letter_before_parentheses_multiplies_and_a_function_is_called():
    assert expression(r"x(1 - x)", {}) == x * (1 - x)
    assert expression(r"\alpha(x + 1)", {}) == sp.Symbol("alpha", real=True) * (x + 1)


def test_a_parse_error_is_unreadable_with_the_parser_s_reason():
    with pytest.raises(Unreadable) as caught:
        expression(r"\frac{1}{}", {})
    assert str(caught.value) == "SymPy cannot parse it: I expected something else here"


def test_parameters_subscripts_and_arguments_are_checked():
    with pytest.raises(Unreadable, match=r"\\operatorname\{ReLU\} takes no subscript parameter"):
        expression(r"\operatorname{ReLU}_2(x)", {})
    with pytest.raises(Unreadable, match=r"\\sigma takes 1 argument\(s\)"):
        expression(r"\sigma(x, x)", {})
    with pytest.raises(Unreadable, match=r"\\tanh needs its argument in parentheses"):
        expression(r"\tanh x", {})


PAGES = [r"\operatorname{Mush}(x) + \omega = x", r"h \cdot g \cdot q_1 = x"]
PROBE = """
import sys
from pathlib import Path
from pagecheck.derivations import check_page
page = Path(sys.argv[1])
for tex in sys.argv[2:]:
    page.write_text("$$\\n" + tex + "\\n$$\\n")
    print(check_page(page).failures)
"""


def test_the_same_page_gives_the_same_message_on_every_run(tmp_path):
    # set and dict order of names changes with the hash seed: messages must not
    page = tmp_path / "page.md"
    here = ""
    for tex in PAGES:
        report, _ = check(tmp_path, display(tex))
        here += f"{report.failures}\n"
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(page), *PAGES],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout == here
    assert "unknown function `\\\\operatorname{Mush}`" in here
    assert "unknown symbol `g`" in here
