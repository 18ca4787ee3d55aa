"""GELU, exact and tanh approximation, and their gradients by autograd.

Run alone: python snippets/gelu.py --out DIR
"""

# --8<-- [start:gradient]
import math

import torch
import torch.nn.functional as F

C = math.sqrt(2 / math.pi)  # the tanh approximation's scale
K = 0.044715  # and its cubic coefficient


def gelu(x):
    """Exact: x Phi(x), with Phi written through erf."""
    return x * (1 + torch.erf(x / math.sqrt(2))) / 2


def gelu_grad(x):
    """Phi(x) + x phi(x), phi the standard normal density."""
    phi = torch.exp(-x**2 / 2) / math.sqrt(2 * math.pi)
    return (1 + torch.erf(x / math.sqrt(2))) / 2 + x * phi


def gelu_tanh(x):
    return x / 2 * (1 + torch.tanh(C * (x + K * x**3)))


def gelu_tanh_grad(x):
    t = torch.tanh(C * (x + K * x**3))
    return (1 + t) / 2 + x / 2 * (1 - t**2) * C * (1 + 3 * K * x**2)


# The book's grid, in float64 so autograd and the formulas can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
xs = x.detach()
curves = {}
for approximate, formula, derivative in [("none", gelu, gelu_grad),
                                         ("tanh", gelu_tanh, gelu_tanh_grad)]:
    x.grad = None  # backward adds into x.grad: start each curve from nothing
    y = F.gelu(x, approximate=approximate)
    y.backward(torch.ones_like(x))
    # PyTorch's forward and backward are the formulas above.
    assert (y.detach() - formula(xs)).abs().max() <= 1e-12
    assert (x.grad - derivative(xs)).abs().max() <= 1e-12
    curves[approximate] = (y.detach(), x.grad.clone(), derivative(xs))
# --8<-- [end:gradient]

# --8<-- [start:plot]
import matplotlib.pyplot as plt

LABELS = {"none": "exact (erf)", "tanh": "tanh approximation"}


def draw():
    fig, (left, right) = plt.subplots(1, 2, sharex=True, figsize=(7.0, 3.0))
    ink = plt.rcParams["text.color"]
    for approximate, (y, grad, _) in curves.items():
        style = "-" if approximate == "none" else "--"
        left.plot(xs, y, style, label=LABELS[approximate])
        right.plot(xs, grad, style, label=LABELS[approximate])
    # Both analytic derivatives, thin on top: they hide under the curves.
    for approximate, (_, _, analytic) in curves.items():
        right.plot(xs, analytic, ":", color=ink, lw=0.9,
                   label="formula" if approximate == "none" else None)
    left.set(title="GELU(x)", xlabel="x", xlim=(-4, 4), ylim=(-0.5, 4))
    right.set(title="GELU'(x), autograd", xlabel="x", ylim=(-0.2, 1.2))
    left.legend(loc="upper left", fontsize=8)
    right.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def draw_gap():
    """Approximation minus exact: for the function and for the derivative."""
    fig, (left, right) = plt.subplots(1, 2, sharex=True, figsize=(7.0, 2.8))
    (y, grad, _), (y_tanh, grad_tanh, _) = curves["none"], curves["tanh"]
    left.plot(xs, y_tanh - y)
    right.plot(xs, grad_tanh - grad, color="C1")
    left.set(title="GELU: tanh approximation − exact", xlabel="x")
    right.set(title="GELU': tanh approximation − exact", xlabel="x")
    for ax in (left, right):
        ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"gelu": draw, "gelu-gap": draw_gap})
