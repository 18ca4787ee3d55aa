"""Claims the exercise pages make about random draws, checked on 20 seeds.

A page's seeded doctest shows one draw; a sentence such as "within a factor
of 20" or "training reaches the floor" is a claim about every draw. Each test
here runs the draw for seeds 0 to 19 and checks the page's statement on each
one (or on their median, where the page gives a median). The ranges on the
pages are the smallest and largest values measured here, rounded outward.
"""

import runpy
import statistics
from itertools import pairwise

import pytest
import torch
from torch import nn

from pagecheck.paths import SNIPPETS

SEEDS = range(20)

# Small networks, run as the snippet runner runs the pages' snippets: one thread.
pytestmark = pytest.mark.usefixtures("one_thread")


def median(values):
    return statistics.median(values)


# --- Exercise 7: vanishing gradients ------------------------------------------


@pytest.fixture(scope="module")
def vanishing():
    """The page's snippet (its own seed-0 checks run on loading) and its
    first-to-last ratio for every seed."""
    snippet = runpy.run_path(str(SNIPPETS / "vanishing-gradients.py"))
    norms, ratio = snippet["gradient_norms"], snippet["first_to_last"]
    runs = {
        "sigmoid": [norms(nn.Sigmoid, seed=s) for s in SEEDS],
        "relu": [norms(nn.ReLU, seed=s) for s in SEEDS],
        "relu_default": [norms(nn.ReLU, he_init=False, seed=s) for s in SEEDS],
    }
    ratios = {name: [ratio(n) for n in curves] for name, curves in runs.items()}
    return snippet, runs, ratios


def test_sigmoid_loses_more_than_8_orders_in_every_draw(vanishing):
    _, _, ratios = vanishing
    assert all(1e-11 < r < 1e-8 for r in ratios["sigmoid"]), ratios["sigmoid"]
    assert 5e-11 < median(ratios["sigmoid"]) < 2e-10  # "about 1e-10"


def test_relu_with_he_init_stays_within_a_factor_of_20(vanishing):
    _, _, ratios = vanishing
    assert all(0.06 < r < 4.1 for r in ratios["relu"]), ratios["relu"]
    assert 0.2 < median(ratios["relu"]) < 0.3  # "about 0.25"
    assert sum(r < 1 for r in ratios["relu"]) > len(SEEDS) / 2  # "most are below 1"


def test_relu_with_default_init_loses_5_to_7_orders(vanishing):
    _, _, ratios = vanishing
    assert all(1e-7 < r < 1e-5 for r in ratios["relu_default"]), ratios["relu_default"]
    assert 5e-7 < median(ratios["relu_default"]) < 1e-6  # "about 7e-7"


def test_sigmoid_shrinks_by_2_to_5_per_layer(vanishing):
    _, runs, _ = vanishing
    factors = []
    for curve in runs["sigmoid"]:
        assert all(a < b for a, b in pairwise(curve))  # shrinks at every layer
        factors += [b / a for a, b in pairwise(curve[1:])]
    assert all(2 < f < 5 for f in factors)
    assert any(f > 4 for f in factors) and any(f < 4 for f in factors)
    geometric_mean = statistics.geometric_mean(factors)
    assert 3.1 < geometric_mean < 3.3  # "about 3.2 on average"


def test_he_weights_have_spectral_norm_near_2_8():
    """'He weights have a spectral norm near 2.8': 64 x 64, variance 2/64, so
    about sqrt(2/64) (sqrt(64) + sqrt(64)) = 2 sqrt(2) for a large matrix."""
    norms = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        for _ in range(20):
            linear = nn.Linear(64, 64)
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            norms.append(torch.linalg.matrix_norm(linear.weight, ord=2).item())
    assert all(2.5 < n < 3.0 for n in norms), (min(norms), max(norms))


def test_the_figure_is_seed_0_as_the_table_says(vanishing):
    snippet, runs, ratios = vanishing
    assert snippet["SEED"] == 0
    assert abs(ratios["sigmoid"][0] - 3.0e-9) < 0.05e-9
    assert abs(ratios["relu"][0] - 2.8) < 0.05
    assert abs(ratios["relu_default"][0] - 8e-7) < 0.5e-7
    hidden = runs["relu"][0][: snippet["DEPTH"]]
    assert max(hidden) / min(hidden) < 4  # the alt text: "within a factor of 4"


def test_the_batch_sum_pulls_the_relu_ratio_below_1(vanishing):
    snippet, _, _ = vanishing
    norms, ratio = snippet["gradient_norms"], snippet["first_to_last"]

    def median_ratio(batch):
        return median([ratio(norms(nn.ReLU, seed=s, batch=batch)) for s in SEEDS])

    one, large = median_ratio(1), median_ratio(1024)
    assert 0.6 < one < 0.9  # "about 0.75 with one example per batch"
    assert 0.08 < large < 0.13  # "about 0.1 with 1024"


# --- Exercise 1: linear deep networks -------------------------------------------


def test_gradient_descent_reaches_the_floor_from_every_random_start():
    """The page's training (d = 8, k = 4, SGD with step 0.02 for 2000 steps on
    the data +-e_i) from PyTorch's default initialisation, for 20 seeds.

    The 20 networks train side by side as one batch of weights: their losses
    are independent, so the gradient of their sum with respect to one
    network's weights is that network's own gradient, and one SGD step on the
    stack is the page's step on each network.
    """
    d, k, steps, lr = 8, 4, 2000, 0.02
    X = torch.cat([torch.eye(d), -torch.eye(d)]).double()
    starts = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        net = nn.Sequential(nn.Linear(d, k), nn.Linear(k, d)).double()
        starts.append([p.detach() for p in net.parameters()])
    # (seeds, k, d), (seeds, k), (seeds, d, k), (seeds, d): nn.Linear's layout
    W1, b1, W2, b2 = (torch.stack(p).requires_grad_() for p in zip(*starts, strict=True))
    opt = torch.optim.SGD([W1, b1, W2, b2], lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        out = (X @ W1.mT + b1[:, None]) @ W2.mT + b2[:, None]
        losses = ((out - X) ** 2).sum(dim=(1, 2)) / 2
        losses.sum().backward()
        opt.step()
    assert [round(loss, 6) for loss in losses.tolist()] == [d - k] * len(SEEDS)
    W = (W1.mT @ W2.mT).detach()  # collapsed weight of each network
    projection = torch.tensor([1.0] * k + [0.0] * (d - k), dtype=torch.float64)
    assert torch.allclose(torch.linalg.svdvals(W), projection.expand(len(SEEDS), d), atol=1e-6)


# --- Exercise 4: piecewise linear MLPs ------------------------------------------


def test_random_relu_nets_have_a_quarter_of_the_bound_at_most():
    """The page's 1-8-8-1 network for seeds 0 to 19: its exact kinks, and the
    same count from autograd's slope on a grid of [-3, 3], as the page does."""
    snippet = runpy.run_path(str(SNIPPETS / "piecewise-linear.py"))
    counts = []
    for seed in SEEDS:
        net = snippet["random_net"](seed)
        points, _, kinks = snippet["pieces_and_kinks"](net)
        assert len(points) - 2 == len(kinks), seed  # every breakpoint is a kink
        counts.append(len(kinks))
        x = torch.linspace(-3, 3, 60001, dtype=torch.float64, requires_grad=True)
        net(x[:, None]).sum().backward()
        on_grid = int((x.grad.diff().abs() > 1e-9).sum())
        assert on_grid == sum(-3 < t < 3 for t in kinks), seed
    assert min(counts) == 11 and max(counts) == 21, counts
    assert median(counts) == 15.5  # against the bound 80: about a quarter at most
