"""The claims of the practice pages that come from random draws, checked over
the seeds the pages name (at least 0-19), with the pages' own code.

A figure shows seeds 0-9; its snippet checks them when it draws. The page
states bounds that hold for every one of seeds 0-19, and these tests are
where those bounds are checked: a bound that one seed breaks fails here,
naming the seed.
"""

from __future__ import annotations

import math
import runpy

import pytest
import torch

from pagecheck.paths import SNIPPETS

SEEDS = range(20)


def snippet(name: str) -> dict:
    """The names snippets/NAME.py defines, without running its __main__ block."""
    return runpy.run_path(str(SNIPPETS / f"{name}.py"), run_name=f"snippet_{name}")


def outside(values: torch.Tensor, low: float, high: float, seeds=SEEDS) -> list[str]:
    """'seed N: value' for each seed whose value is not strictly inside (low, high)."""
    return [
        f"seed {seed}: {value:.3g}"
        for seed, value in zip(seeds, values.tolist(), strict=True)
        if not low < value < high
    ]


# -- docs/practice/initialisation.md ---------------------------------------------


@pytest.fixture(scope="module")
def initialisation():
    return snippet("initialisation")


@pytest.fixture(scope="module")
def depth_runs(initialisation):
    pairings = initialisation["MATCHED"] | initialisation["MISMATCHED"]
    return initialisation["measure"](pairings, SEEDS)


# The table of the page: E[z²] at layer 50 over layer 1, and the gradient's
# second moment at layer 1 over layer 50, strictly between these bounds.
DEPTH_BOUNDS = {
    "ReLU, He": ((1 / 30, 30), (1 / 10, 10)),
    "pReLU 0.25, He with a = 0.25": ((1 / 30, 30), (1 / 10, 10)),
    "tanh, Xavier (gain 1)": ((1 / 200, 1 / 50), (1 / 200, 1 / 40)),
    "tanh, Xavier (gain 5/3)": ((0.424 * 0.9, 0.424 * 1.1), (3e3, 2e4)),
    "ReLU, Xavier (gain 1)": ((1e-17, 1e-14), (1e-17, 1e-14)),
    "ReLU, nn.Linear's default": ((1e-40, 1e-37), (1e-40, 1e-37)),
    "sigmoid, Xavier (gain 1)": ((0.2, 0.4), (0.0, 1e-60)),
}


@pytest.mark.parametrize("name", list(DEPTH_BOUNDS))
def test_depth_ratios_stay_in_the_pages_bounds(name, initialisation, depth_runs):
    ratio = initialisation["ratio"]
    forward, backward = depth_runs[name]
    (f_low, f_high), (b_low, b_high) = DEPTH_BOUNDS[name]
    problems = [f"E[z²] 50/1, {p}" for p in outside(ratio(forward, 1, 50), f_low, f_high)]
    problems += [f"gradient 1/50, {p}" for p in outside(ratio(backward, 50, 1), b_low, b_high)]
    assert not problems, f"{name}: outside the page's bounds:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", ["ReLU, He", "pReLU 0.25, He with a = 0.25"])
def test_he_median_drifts_down(name, initialisation, depth_runs):
    """The page: the mean over weights is kept, a typical draw ends lower."""
    forward = initialisation["ratio"](depth_runs[name][0], 1, 50)
    assert forward.quantile(0.5) < 1, f"{name}: median ratio {forward.quantile(0.5):.3g}"


def test_tanh_pairings_follow_the_infinite_width_prediction(initialisation, depth_runs):
    """Within a factor of 1.5 of the width → ∞ recursion at every layer, both ways."""
    problems = []
    for name, theory in initialisation["MEAN_FIELD"].items():
        pairs = zip(("E[z²]", "gradient"), depth_runs[name], theory, strict=True)
        for direction, runs, limit in pairs:
            median = runs.quantile(0.5, dim=0)
            off = (median / torch.as_tensor(limit)).log().abs()
            if off.max() >= math.log(1.5):
                layer = int(off.argmax()) + 1
                problems.append(f"{name}, {direction}, layer {layer}: {math.exp(off.max()):.3g}×")
    assert not problems, "\n".join(problems)


def test_relu_log_spread_is_about_five_depth_over_width(initialisation):
    """One input, seeds 0-39: Var log(E[z²] 50/1) within 1.5× of 5 · 49 / 128."""
    relu, he = initialisation["MATCHED"]["ReLU, He"]
    logs = torch.stack(
        [
            initialisation["ratio"](
                initialisation["propagate"](relu, he, seed, batch=1)[0][None], 1, 50
            ).log()[0]
            for seed in range(40)
        ]
    )
    predicted = 5 * 49 / 128
    assert predicted / 1.5 < logs.var() < predicted * 1.5, (
        f"variance {logs.var():.3g}, predicted {predicted:.3g}"
    )
