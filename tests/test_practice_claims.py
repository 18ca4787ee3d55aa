"""The claims of the practice pages that come from random draws, checked over
the seeds the pages name (at least 0-19), with the pages' own code.

A figure shows seeds 0-9; its snippet checks them when it draws. The page
states bounds that hold for every one of seeds 0-19, and these tests are
where those bounds are checked: a bound that one seed breaks fails here,
naming the seed.
"""

from __future__ import annotations

import runpy

import pytest
import torch

from pagecheck.paths import SNIPPETS

# Trains networks over many seeds (make test-fast leaves it out), with the
# pages' snippets run as the snippet runner runs them: one thread.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]

SEEDS = range(20)


def snippet(name: str) -> dict:
    """The names snippets/NAME.py defines, without running its __main__ block."""
    return runpy.run_path(str(SNIPPETS / f"{name}.py"), run_name=f"snippet_{name}")


# -- docs/practice/initialisation.md ---------------------------------------------


@pytest.fixture(scope="module")
def initialisation():
    return snippet("initialisation")


@pytest.fixture(scope="module")
def depth_runs(initialisation):
    pairings = initialisation["MATCHED"] | initialisation["MISMATCHED"]
    return initialisation["measure"](pairings, SEEDS)


def test_initialisation_claims_hold_for_seeds_0_to_19(initialisation, depth_runs):
    """The bounds of the page's table, the medians, and the width → ∞ curves."""
    initialisation["check"](depth_runs, SEEDS)


def test_relu_log_spread_is_about_five_depth_over_width(initialisation):
    """One input, seeds 0-39: Var log(E[z²] 50/1) within 1.5× of 5 · 49 / 128."""
    relu, he = initialisation["MATCHED"]["ReLU, He"]
    logs = []
    for seed in range(40):
        forward, _ = initialisation["propagate"](relu, he, seed, batch=1)
        logs.append((forward[-1] / forward[0]).log())
    variance, predicted = torch.stack(logs).var().item(), 5 * 49 / 128
    assert predicted / 1.5 < variance < predicted * 1.5, (
        f"variance {variance:.3g}, predicted {predicted:.3g}"
    )


# -- docs/practice/dead-relus.md --------------------------------------------------


@pytest.fixture(scope="module")
def dead_relus():
    return snippet("dead-relus")


def test_dead_relu_training_claims_hold_for_seeds_0_to_19(dead_relus):
    """Learning rates, leaky units, He init and pReLU: the page's medians and bounds."""
    dead_relus["check"](dead_relus["run_all"](SEEDS), SEEDS)


def test_bias_shift_claims_hold_for_seeds_0_to_19(dead_relus):
    default = dead_relus["shift_curves"](None, SEEDS)
    he = dead_relus["shift_curves"](dead_relus["he_init"], SEEDS)
    dead_relus["check_shifts"](default, he)


def test_dead_first_layer_units_never_move_for_seeds_0_to_19(dead_relus):
    dead_relus["check_stays_dead"](SEEDS)
