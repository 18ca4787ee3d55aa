"""Per-layer gradient norms of a deep MLP, with sigmoid and with ReLU.

Run alone: python snippets/vanishing-gradients.py --out DIR
"""

# --8<-- [start:norms]
from itertools import pairwise

import torch
from torch import nn

DEPTH, WIDTH, BATCH = 20, 64, 128
SEED = 0  # the figure's weights and data; other seeds are compared on the page


def gradient_norms(activation, he_init=True, seed=SEED, batch=BATCH):
    """||dLoss/dW|| of each linear layer, input side first."""
    torch.manual_seed(seed)  # the same weights and data for every curve
    modules = []
    for i in range(DEPTH + 1):
        linear = nn.Linear(WIDTH, WIDTH if i < DEPTH else 1)
        if he_init:  # keeps ReLU gradients at a steady scale
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            nn.init.zeros_(linear.bias)
        modules += [linear, activation()] if i < DEPTH else [linear]
    net = nn.Sequential(*modules)
    x, y = torch.randn(batch, WIDTH), torch.randn(batch, 1)
    nn.functional.mse_loss(net(x), y).backward()
    return [m.weight.grad.norm().item() for m in net if isinstance(m, nn.Linear)]


def first_to_last(norms):
    """Layer 1's gradient norm over the last hidden layer's (layer DEPTH)."""
    return norms[0] / norms[DEPTH - 1]


sigmoid, relu = gradient_norms(nn.Sigmoid), gradient_norms(nn.ReLU)
# PyTorch's default nn.Linear initialisation, smaller than He's.
relu_default = gradient_norms(nn.ReLU, he_init=False)
# --8<-- [end:norms]

# --8<-- [start:checks]
# Seed 0's ratios, inside the ranges the page gives for seeds 0-19: sigmoid
# loses more than 8 orders of magnitude, ReLU with He initialisation stays
# within a factor of 20, ReLU with the default initialisation loses 5 to 7.
assert first_to_last(sigmoid) < 1e-8
assert 1 / 20 < first_to_last(relu) < 20
assert 1e-7 < first_to_last(relu_default) < 1e-5
# With sigmoid every layer shrinks the gradient, and from the second layer on
# by a factor between 2 and 5 per layer.
assert all(a < b for a, b in pairwise(sigmoid))
assert all(2 < b / a < 5 for a, b in pairwise(sigmoid[1:]))
# --8<-- [end:checks]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, ax = plt.subplots()
    layers = range(1, DEPTH + 2)
    ax.semilogy(layers, sigmoid, "o-", markersize=3, label="sigmoid, He init")
    ax.semilogy(layers, relu, "s-", markersize=3, label="ReLU, He init")
    ax.semilogy(layers, relu_default, "^--", markersize=3,
                label="ReLU, default init")
    ax.set(xlabel="layer (1 = next to the input, 21 = output layer)",
           ylabel="‖∂loss/∂W‖", xticks=[1, 5, 10, 15, 20, 21],
           title=f"Gradient norm per layer, {DEPTH} hidden layers of {WIDTH}, "
                 f"seed {SEED}")
    ax.legend()
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"vanishing-gradients": draw})
