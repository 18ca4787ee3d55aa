"""The sigmoid and its gradient, computed by autograd as the book does, and
three ways to evaluate the gradient in float32.

Run alone: python snippets/sigmoid.py --out DIR
"""

# --8<-- [start:gradient]
import torch

# The book's grid, in float64 so autograd and the formula can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))  # x.grad now holds sigma'(x) at each x

# The derivative by hand, e^{-x} / (1 + e^{-x})^2: not the y (1 - y) that
# autograd evaluates, so agreement also checks the algebra between them.
e = torch.exp(-x.detach())
analytic = e / (1 + e) ** 2
assert (x.grad - analytic).abs().max() <= 1e-12
# --8<-- [end:gradient]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, (left, right) = plt.subplots(1, 2, sharex=True)
    xs = x.detach()
    left.plot(xs, y.detach())
    left.set(title="σ(x)", xlabel="x")
    right.plot(xs, x.grad, label="autograd")
    right.plot(xs, analytic, "--", label="analytic")
    right.axhline(0.25, color="gray", linestyle=":", linewidth=1)
    right.set(title="σ'(x), at most 1/4", xlabel="x", ylim=(0, 0.4))
    right.legend(loc="upper left")
    fig.tight_layout()
    return fig
# --8<-- [end:plot]

# --8<-- [start:float32]
def naive(x):
    e = torch.exp(-x)  # overflows for x below about -88.7
    return e / (1 + e) ** 2


def stable(x):
    e = torch.exp(-x.abs())  # at most 1: nothing can overflow
    return e / (1 + e) ** 2


def autograd(x):
    x = x.clone().requires_grad_()
    torch.sigmoid(x).backward(torch.ones_like(x))
    return x.grad
# --8<-- [end:float32]

# --8<-- [start:float32-plot]
from plotting import draw_float32_gradients


def draw_float32():
    x32 = torch.arange(-110.0, 40.0, 0.25)  # float32
    ways = [(stable, "-"), (autograd, "--"), (naive, ":")]
    return draw_float32_gradients(x32, ways, "σ'(x) in float32")
# --8<-- [end:float32-plot]


if __name__ == "__main__":
    from plotting import main

    main({"sigmoid": draw, "sigmoid-float32": draw_float32})
