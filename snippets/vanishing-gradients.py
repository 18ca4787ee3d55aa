"""Per-layer gradient norms of a deep MLP, with sigmoid and with ReLU.

Run alone: python snippets/vanishing-gradients.py --out DIR
"""

# --8<-- [start:norms]
import torch
from torch import nn

DEPTH, WIDTH = 20, 64


def gradient_norms(activation, he_init=True):
    """||dLoss/dW|| of each linear layer, input side first."""
    torch.manual_seed(0)  # the same weights and data for every curve
    modules = []
    for i in range(DEPTH + 1):
        linear = nn.Linear(WIDTH, WIDTH if i < DEPTH else 1)
        if he_init:  # keeps ReLU gradients at a steady scale
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            nn.init.zeros_(linear.bias)
        modules += [linear, activation()] if i < DEPTH else [linear]
    net = nn.Sequential(*modules)
    x, y = torch.randn(128, WIDTH), torch.randn(128, 1)
    nn.functional.mse_loss(net(x), y).backward()
    return [m.weight.grad.norm().item() for m in net if isinstance(m, nn.Linear)]


sigmoid, relu = gradient_norms(nn.Sigmoid), gradient_norms(nn.ReLU)
# PyTorch's default nn.Linear initialisation, smaller than He's.
relu_default = gradient_norms(nn.ReLU, he_init=False)
# --8<-- [end:norms]

# --8<-- [start:checks]
# First hidden layer against the last: sigmoid loses more than 8 orders of
# magnitude on the way down, ReLU with He initialisation stays within a
# factor of 10, ReLU with the default initialisation loses more than 5.
assert sigmoid[0] / sigmoid[DEPTH - 1] < 1e-8
assert 0.1 < relu[0] / relu[DEPTH - 1] < 10
assert relu_default[0] / relu_default[DEPTH - 1] < 1e-5
# With sigmoid every layer shrinks the gradient, and from the second layer on
# by a factor between 2 and 4 per layer.
assert all(a < b for a, b in zip(sigmoid, sigmoid[1:]))
assert all(2 < b / a < 4 for a, b in zip(sigmoid[1:], sigmoid[2:]))
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
           title=f"Gradient norm per layer, {DEPTH} hidden layers of {WIDTH}")
    ax.legend()
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"vanishing-gradients": draw})
