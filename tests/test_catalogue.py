"""The catalogue of torch.nn's activations: complete, checked, portable.

Its generated text comes out the same under every CPU kernel:
tests/test_portability.py compares what each capability's build writes with
the session's site build, which the tests here read.

The snippet's modules live in snippets/ (not a package); the tests import
them as the snippet does (tests.helpers.SnippetModules).
"""

import dataclasses
import importlib
import inspect
import json

import pytest
import torch
from torch import nn

from hooks import figures
from pagecheck.derivations import check_page
from pagecheck.paths import ROOT, SNIPPETS
from tests.helpers import SnippetModules

# Modules of torch.nn.modules.activation that are not elementwise, so the
# catalogue leaves them out.
NOT_ELEMENTWISE = {
    "Softmax",  # normalises over a dimension
    "Softmin",  # normalises over a dimension
    "LogSoftmax",  # normalises over a dimension
    "Softmax2d",  # Softmax over the channels of each position
    "GLU",  # halves a dimension: a(x) * sigmoid(b(x))
    "MultiheadAttention",  # a layer with weights
}


@pytest.fixture
def snippet():
    """``snippet("float_edges")``: a module of snippets/, imported as the
    snippet imports it."""
    with SnippetModules():
        yield importlib.import_module


@pytest.fixture(scope="module")
def generated(built_site):
    """The snippet's output, as the session's site build ran it."""
    snippet = SNIPPETS / "catalogue.py"
    return built_site.project / ".cache" / "figures" / figures.entry_name(snippet, SNIPPETS)


def torch_activations() -> set[str]:
    module = nn.modules.activation
    return {
        name
        for name, cls in vars(module).items()
        if inspect.isclass(cls) and issubclass(cls, nn.Module) and cls.__module__ == module.__name__
    }


def test_registry_lists_every_elementwise_activation(snippet):
    activations = snippet("activation_registry").ACTIVATIONS
    listed = {entry.module for entry in activations}
    missing = torch_activations() - NOT_ELEMENTWISE - listed
    assert not missing, f"add to snippets/activation_registry.py: {sorted(missing)}"
    assert not listed - torch_activations(), "the registry names a module torch.nn lacks"
    assert len(activations) == 24  # 23 modules, GELU twice (exact and tanh)


def test_a_wrong_derivative_fails_naming_the_entry(snippet):
    symbolic_facts = snippet("symbolic_facts")
    wrong = dataclasses.replace(
        snippet("activation_registry").by_anchor("elu"),
        derivative=r"\begin{cases} 1 & x > 0 \\ \alpha e^{2x} & x < 0 \end{cases}",
    )
    with pytest.raises(symbolic_facts.FactError, match=r"^elu: the derivative .* on \(-oo, 0\)"):
        symbolic_facts.analyse(wrong)


def test_a_notation_that_is_not_the_formula_fails_naming_the_entry(snippet):
    symbolic_facts = snippet("symbolic_facts")
    relu6 = snippet("activation_registry").by_anchor("relu6")
    wrong = dataclasses.replace(relu6, notation=r"\operatorname{ReLU}(x)")
    with pytest.raises(symbolic_facts.FactError, match=r"^relu6: the notation table's"):
        symbolic_facts.analyse(wrong)


@pytest.mark.parametrize("anchor", ["elu", "gelu", "hardsigmoid", "softsign"])
def test_autograd_matches_the_derivative(snippet, anchor):
    registry, torch_facts = snippet("activation_registry"), snippet("torch_facts")
    entry = registry.by_anchor(anchor)
    facts = snippet("symbolic_facts").analyse(entry)
    kinks = [k.at for k in facts.kinks]
    f64 = registry.module(entry, torch.float64)
    tolerance = entry.autograd[0] if entry.autograd else torch_facts.TOLERANCE
    assert torch_facts.autograd_matches(anchor, f64, facts.d, kinks, tolerance) > 200
    with pytest.raises(torch_facts.TorchFactError, match=rf"^{anchor}: autograd gives"):
        torch_facts.autograd_matches(anchor, f64, facts.d * 1.001, kinks, tolerance)


def test_hardsigmoid_needs_its_looser_tolerance(snippet):
    """Its float64 backward uses 1/6 rounded to float32: the registry's
    reason for 1e-7 is a fact, not slack."""
    registry, torch_facts = snippet("activation_registry"), snippet("torch_facts")
    entry = registry.by_anchor("hardsigmoid")
    facts = snippet("symbolic_facts").analyse(entry)
    f64 = registry.module(entry, torch.float64)
    with pytest.raises(torch_facts.TorchFactError, match=r"0\.1666666716337204"):
        torch_facts.autograd_matches("hardsigmoid", f64, facts.d, [k.at for k in facts.kinks])


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16, torch.float16])
def test_adjacent_ordinals_are_adjacent_floats(snippet, dtype):
    float_edges = snippet("float_edges")
    k = torch.tensor([0, 1, 1000, float_edges.top(dtype) - 1])
    for side, towards in (("+", float("inf")), ("-", float("-inf"))):
        x = float_edges.floats(dtype, side, k)
        step = torch.nextafter(x, torch.full_like(x, towards))
        assert torch.equal(step, float_edges.floats(dtype, side, k + 1))


def test_bisection_finds_what_a_scan_of_every_float_finds(snippet):
    """float16 has few enough floats to scan them all: the edge where
    torch.sigmoid becomes exactly 1 must be the first float of the scan
    from which every further float gives 1."""
    float_edges = snippet("float_edges")
    every = float_edges.floats(torch.float16, "+", torch.arange(float_edges.top(torch.float16)))
    is_one = torch.sigmoid(every) == 1
    first = int(torch.nonzero(~is_one).max()) + 1
    walk = float_edges.Side(torch.sigmoid, torch.float16, "+", "value")
    found = walk.settle(float_edges.Label("constant", 1.0), float_edges.top(torch.float16))
    assert found == first
    assert every[first].item() == 8.3203125  # the first float16 above ln(2^12 - 1)


@pytest.mark.build
def test_generated_page_displays_pass_the_derivation_checker(generated):
    page = ROOT / "docs/activations/catalogue.md"
    report = check_page(page, (generated / "catalogue.md").read_text())
    assert report.failures == []
    assert report.displays == 48


@pytest.mark.build
def test_kernel_dependent_edges_show_no_digits_of_this_machine(generated):
    entries = json.loads((generated / "catalogue.json").read_text())
    edges = [edge for entry in entries for edge in entry["edges"]]
    kinds = {edge["verdict"] for edge in edges}
    assert kinds <= {"everywhere", "closed", "output", "kernel"}
    allowed = {"dtype", "side", "quantity", "label", "target", "verdict", "exact"}
    closed = {"closed", "cause", "closed_value"}
    for edge in edges:
        assert set(edge) <= allowed | (closed if edge["verdict"] == "closed" else set()), edge
