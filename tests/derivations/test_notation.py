r"""pagecheck/derivations/notation.py: the registry's rows are usable, and a
new function, with parameters, a variant subscript or two arguments, is one
row."""

import math

import pytest
import sympy as sp

from pagecheck.derivations import notation
from pagecheck.derivations.errors import UnknownNotation
from pagecheck.derivations.notation import NOTATION, Registry, function, variable
from tests.derivations.helpers import check, display, only_failure

x = sp.Symbol("x", real=True)


def _sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def _elu(a, z):
    return sp.Piecewise((z, z > 0), (a * (sp.exp(z) - 1), True))


def _gelu_tanh(z):
    return z / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (z + sp.Rational(44715, 10**6) * z**3)))


# new rows of each kind (names no page uses): a parameter with a default, a
# variant subscript, required parameters, two arguments
NEW_ROWS = (
    function(r"\operatorname{NewELU}", _elu, "ELU", parameters=(r"\alpha",), defaults=(1,)),
    function(r"\operatorname{NewGELU}_{\tanh}", _gelu_tanh, "GELU, tanh approximation"),
    function(r"\operatorname{NewThreshold}", lambda t, v, z: sp.Piecewise((z, z > t), (v, True)),
             "Threshold", parameters=("t", "v"), defaults=None),
    function(r"\operatorname{NewGLU}", lambda a, b: a * _sigmoid(b), "GLU", arity=2),
)  # fmt: skip


@pytest.fixture
def extended(monkeypatch):
    monkeypatch.setattr(notation, "REGISTRY", Registry(NOTATION + NEW_ROWS))


def test_every_function_of_the_registry_evaluates_to_a_real_number():
    registry = notation.REGISTRY
    for entry in registry.functions:
        params = [sp.Rational(1, 2)] * len(entry.parameters)
        args = [sp.Rational(1, 3)] * (entry.arity or 2)
        assert entry.definition is not None
        value = complex(sp.N(entry.definition(*params, *args)))
        assert value.imag == 0 and math.isfinite(value.real), entry.spellings


@pytest.mark.parametrize(
    "identity",
    [
        r"\operatorname{log1p}(x) = \log(1 + x)",
        r"\operatorname{expm1}(x) = e^{x} - 1",
        r"\operatorname{erfc}(x) = 1 - \operatorname{erf}(x)",
        r"\operatorname{softplus}(x) = \operatorname{log1p}(e^{x})",
        r"\max(x, 0, -x) = \lvert x \rvert",
        r"\ln(e^{x}) = x",
        r"\operatorname{sgn}(x) \cdot x = \lvert x \rvert",
    ],
)
def test_the_standard_functions_are_read(tmp_path, identity):
    report, _ = check(tmp_path, display(identity))
    assert report.failures == [] and len(report.steps) == 1


@pytest.mark.parametrize(
    "wrong",
    [r"\operatorname{log1p}(x) = \log(x)", r"\operatorname{expm1}(x) = e^{x}",
     r"\operatorname{erfc}(x) = \operatorname{erf}(x)"],
)  # fmt: skip
def test_the_new_functions_mean_what_they_say(tmp_path, wrong):
    report, page = check(tmp_path, display(wrong))
    assert only_failure(report).startswith(f"{page}2: step 1 → 2 differ at x = ")


@pytest.mark.usefixtures("extended")
@pytest.mark.parametrize(
    "identity",
    [
        r"\operatorname{NewELU}(x) = \operatorname{NewELU}_1(x)",
        r"\operatorname{NewELU}_\alpha(x) = \max(0, x) + \min(0, \alpha(e^{x} - 1))",
        r"\operatorname{NewGELU}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh\left(\sqrt{\frac{2}{\pi}}"
        r"\left(x + 0.044715 x^3\right)\right)\right)",
        r"\operatorname{NewThreshold}_{0,0}(x) = \operatorname{ReLU}(x)",
        r"\operatorname{NewGLU}(a, b) = a \, \sigma(b)",
    ],
)
def test_a_new_row_is_read(tmp_path, identity):
    report, _ = check(tmp_path, display("% assume \\alpha > 0", identity))
    assert report.failures == [] and len(report.steps) == 1


@pytest.mark.usefixtures("extended")
def test_a_new_row_means_what_it_says(tmp_path):
    report, _ = check(tmp_path, display(r"\operatorname{NewELU}(x) = \operatorname{NewELU}_2(x)"))
    assert "differ at x = -" in only_failure(report)
    # the variant is a function of its own; plain GELU is still the exact one
    report, _ = check(
        tmp_path, display(r"\operatorname{NewGELU}_{\tanh}(x) = \operatorname{GELU}(x)")
    )
    assert "differ at x = " in only_failure(report)


@pytest.mark.usefixtures("extended")
def test_a_required_subscript_must_be_written(tmp_path):
    report, _ = check(tmp_path, display(r"\operatorname{NewThreshold}(x) = x"))
    assert only_failure(report).endswith(
        "cannot read this display: \\operatorname{NewThreshold} needs its subscript parameters "
        "(if it is not an identity, mark it `% nocheck: REASON`)"
    )


def test_a_spelling_registered_twice_is_refused():
    with pytest.raises(ValueError, match=r"notation.py: \\sigma is registered twice"):
        Registry((*NOTATION, function(r"\sigma", _sigmoid, "again")))


def test_a_parameter_must_be_a_registered_variable():
    row = function(r"\operatorname{Foo}", lambda w, z: w * z, "foo", parameters=(r"\omega",))
    with pytest.raises(ValueError, match=r"the parameter \\omega of \\operatorname\{Foo\}"):
        Registry((*NOTATION, row))


def test_a_new_variable_is_read_and_sampled_from_its_domain(monkeypatch, tmp_path):
    row = variable(r"\omega", "a frequency", domain=(1.0, 2.0), positive=True)
    monkeypatch.setattr(notation, "REGISTRY", Registry((*NOTATION, row)))
    report, _ = check(tmp_path, display(r"\sqrt{\omega^2} = \omega"))
    assert report.failures == [] and report.steps[0].method == "symbolic"
    assert notation.REGISTRY.symbol("omega") == sp.Symbol("omega", positive=True)


def test_an_unknown_symbol_names_where_to_register_it():
    with pytest.raises(UnknownNotation) as caught:
        notation.REGISTRY.symbol("omega")
    assert str(caught.value) == (
        "unknown symbol `\\omega`: register it in pagecheck/derivations/notation.py"
    )
