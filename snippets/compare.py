"""The six activations and their derivatives, side by side.

Run alone: python snippets/compare.py --out DIR
"""

# --8<-- [start:gradient]
import math

import torch
import torch.nn.functional as F

ALPHA = torch.tensor([0.25], dtype=torch.float64)  # nn.PReLU's initial slope


def phi(x):
    """The standard normal density."""
    return torch.exp(-x**2 / 2) / math.sqrt(2 * math.pi)


# name: (function, its derivative as derived on its page)
ACTIVATIONS = {
    "ReLU": (torch.relu, lambda x: (x > 0).to(x.dtype)),
    "pReLU": (lambda x: F.prelu(x, ALPHA),
              lambda x: torch.where(x > 0, 1.0, ALPHA).to(x.dtype)),
    "sigmoid": (torch.sigmoid, lambda x: torch.sigmoid(x) * torch.sigmoid(-x)),
    "tanh": (torch.tanh, lambda x: 1 - torch.tanh(x)**2),
    "Swish (β = 1)": (F.silu,
                      lambda x: torch.sigmoid(x) * (1 + x * torch.sigmoid(-x))),
    "GELU": (F.gelu, lambda x: (1 + torch.erf(x / math.sqrt(2))) / 2 + x * phi(x)),
}

# The book's grid, in float64 so autograd and the formulas can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
xs = x.detach()
values, grads = {}, {}
for name, (f, derivative) in ACTIVATIONS.items():
    x.grad = None  # backward adds into x.grad: start each function from nothing
    y = f(x)
    y.backward(torch.ones_like(x))
    values[name], grads[name] = y.detach(), x.grad.clone()
    assert (grads[name] - derivative(xs)).abs().max() <= 1e-12, name
# --8<-- [end:gradient]

# --8<-- [start:plot]
import matplotlib.pyplot as plt

# ReLU and pReLU share a colour (pReLU dashed): the palette has five.
STYLES = {"ReLU": ("C0", "-"), "pReLU": ("C0", "--"), "sigmoid": ("C1", "-"),
          "tanh": ("C2", "-"), "Swish (β = 1)": ("C3", "-"), "GELU": ("C4", "-")}


def draw(curves, title, ylim):
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    for name, y in curves.items():
        colour, style = STYLES[name]
        ax.plot(xs, y, style, color=colour, label=name)
    ax.set(title=title, xlabel="x", xlim=(-5, 5), ylim=ylim)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return fig


def draw_functions():
    return draw(values, "The six activations", (-1.5, 3))


def draw_derivatives():
    return draw(grads, "Their derivatives (autograd)", (-0.3, 1.2))
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"compare-functions": draw_functions,
          "compare-derivatives": draw_derivatives})
