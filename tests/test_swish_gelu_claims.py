"""Claims of the Swish, GELU and MLP pages that a doctest cannot check.

Two kinds: claims that hold for every seed (checked over many seeds here, while
the page runs one), and the GELU page's table of what x86-64's CPU kernels
return, measured in the kernels this process runs (``tests/kernel_edges.py``;
``tests/test_portability.py`` runs it again under each other
``ATEN_CPU_CAPABILITY``) and compared with the page's numbers and with the
closed forms that explain them.
"""

from __future__ import annotations

import platform
import re

import mpmath
import pytest
import torch
import torch.nn.functional as F

from pagecheck.paths import DOCS
from tests import kernel_edges

SEEDS = range(10)
GELU_PAGE = (DOCS / "activations" / "gelu.md").read_text()


@pytest.mark.parametrize("seed", SEEDS)
def test_random_gate_averages_to_gelu_for_every_seed(seed):
    """docs/activations/gelu.md: a million draws of x * m, m ~ Bernoulli(Phi(x)),
    average to GELU(x) within four standard errors."""
    torch.manual_seed(seed)
    x = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64)
    m = (torch.randn(1_000_000, 1, dtype=torch.float64) <= x).to(x.dtype)
    estimate, standard_error = (x * m).mean(0), (x * m).std(0) / 1000
    misses = (estimate - F.gelu(x)).abs() / standard_error
    assert (misses <= 4).all(), f"seed {seed}: {misses.tolist()} standard errors off"


@pytest.mark.parametrize("seed", SEEDS)
def test_square_activation_network_is_a_quadratic_for_every_seed(seed):
    """docs/mlp.md: with t -> t**2 as activation, 100 random units sum to a
    polynomial of degree 2 (least squares fits it to rounding)."""
    torch.manual_seed(seed)
    width = 100
    w1, b1 = torch.randn(1, width, dtype=torch.float64), torch.randn(width, dtype=torch.float64)
    w2, b2 = torch.randn(width, 1, dtype=torch.float64), torch.randn(1, dtype=torch.float64)
    x = torch.linspace(-1, 1, 201, dtype=torch.float64).unsqueeze(1)
    g = (x @ w1 + b1).square() @ w2 + b2
    powers = torch.cat([x**0, x, x**2], dim=1)
    fit = powers @ torch.linalg.lstsq(powers, g).solution
    assert (fit - g).abs().max() <= 1e-9 * g.abs().max(), f"seed {seed}"


# -- the GELU page's table of x86-64 kernel edges ---------------------------------


def on_page(number: str) -> str:
    """``number``, which the GELU page must show (not as part of a longer one)."""
    shown = re.compile(rf"(?<![\d.]){re.escape(number)}(?!\d)")
    assert shown.search(GELU_PAGE), f"docs/activations/gelu.md no longer shows {number}"
    return number


def root(f, guess):
    return float(mpmath.findroot(f, guess))


LN2 = mpmath.log(2)


def cubic_root(u):
    """The x with c (x + k x^3) = u, the tanh form's inner function."""
    return root(lambda t: mpmath.sqrt(2 / mpmath.pi) * (t + 0.044715 * t**3) - u, -6)


def phi_inverse(log2_p):
    return root(lambda t: mpmath.log(mpmath.ncdf(t)) - log2_p * LN2, -6)


def between(pair, value, slack=0.0):
    zero, nonzero = pair
    return zero - slack <= value <= nonzero + slack


@pytest.mark.every_capability
@pytest.mark.skipif(
    platform.machine().lower() not in ("x86_64", "amd64"),
    reason="the GELU page tables x86-64's kernels; other CPUs are covered by its doctests",
)
def test_gelu_page_table_of_x86_kernels():
    """The row of the GELU page's kernel table for the kernels this process
    runs (tests/test_portability.py runs it under every capability this CPU has)."""
    found = kernel_edges.measure()
    capability = found["capability"].lower()
    where = f"ATEN_CPU_CAPABILITY={capability}"
    vectorised = capability != "default"

    # Exact form: correctly rounded edge alone, a ragged band in a tensor.
    edge32 = phi_inverse(-26)
    assert between(found["exact_float32_alone"], edge32), where
    band = found["exact_float32_band"]
    assert f"{band['smallest_nonzero']:.6f}" == on_page("-5.542593"), where
    assert f"{band['largest_zero']:.6f}" == on_page("-5.485835"), where
    assert 0.25 < band["share_near_edge"] < 0.4, f"{where}: 'about a third' {band}"
    assert band["share_beyond_-5.5"] < 0.01, f"{where}: 'fewer than one in a hundred' {band}"
    assert between(found["exact_float64"], phi_inverse(-55), 1e-12), where
    assert f"{phi_inverse(-55):.6f}" == on_page("-8.374389")

    # Tanh form: the vectorised tanh cuts at 12.5 ln 2 and 27 ln 2, the scalar
    # one where rounding does, at 13 ln 2 and 27.5 ln 2.
    cut32, cut64 = (12.5, 27.0) if vectorised else (13.0, 27.5)
    assert between(found["tanh_float32"], cubic_root(-cut32 * LN2), 1e-6), where
    assert between(found["tanh_float64"], cubic_root(-cut64 * LN2), 1e-9), where
    shown = ("-5.061380", "-7.145066") if vectorised else ("-5.157855", "-7.200041")
    assert f"{found['tanh_float32'][1]:.6f}" == on_page(shown[0]), where
    assert f"{found['tanh_float64'][1]:.6f}" == on_page(shown[1]), where

    # Position in the tensor: full blocks vectorised, the tail scalar.
    block = {"default": None, "avx2": 16, "avx512": 32}[capability]
    for row in found["tanh_zeros_in_17_and_33"]:
        expected = [1 if block and i < len(row) // block * block else 0 for i in range(len(row))]
        assert row == expected, f"{where}: zeros of F.gelu(-5.10) in a tensor of {len(row)}"

    # float16 just left of the edge: 0, except in avx2's and avx512's vector code.
    assert (found["exact_float16_at_-5.54296875"] == 0) == (not vectorised), where

    # Gradient of the exact form.
    grad = found["grad"]
    float64_edge = -float(mpmath.sqrt(2 * (1074 * LN2 - mpmath.log(1.5))))
    assert between(grad["float64"], float64_edge, 1e-12), where
    assert f"{float64_edge:.4f}" == on_page("-38.5755")
    float32_edge = root(lambda t: mpmath.log(-t * mpmath.npdf(t)) + 26 * LN2, -6)
    assert between(grad["float32"], float32_edge), where
    assert f"{float32_edge:.6f}" == on_page("-6.151351")
    assert between(grad["bfloat16"], float32_edge), where
    assert grad["bfloat16"][0] == float(on_page("-6.15625")), where
    float16_edge = root(lambda t: mpmath.log(-t * mpmath.npdf(t)) + 25 * LN2, -6)
    assert between(grad["float16"], float16_edge), where
    assert f"{float16_edge:.6f}" == on_page("-6.034438")
    assert f"{grad['float16'][0]:.6f}" == on_page("-6.035156"), where
