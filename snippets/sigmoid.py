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
# Exact zeros and nans are drawn on two rows below the smallest positive
# float32, each curve slightly offset so that overlapping rows stay visible.
ZERO, NAN = 1e-50, 1e-60


def draw_float32():
    x32 = torch.arange(-110.0, 40.0, 0.25)  # float32
    fig, ax = plt.subplots(figsize=(7.0, 3.4))
    ways = [(stable, "-"), (autograd, "--"), (naive, ":")]
    for i, (f, style) in enumerate(ways):
        g = f(x32).double()  # float64, where the rows below are representable
        shift = 10.0 ** (1 - 1.5 * i)
        g = torch.where(g == 0, ZERO * shift, g)
        g = torch.where(g.isnan(), NAN * shift, g)
        ax.plot(x32, g, style, label=f.__name__, linewidth=2.2)
    ax.axhline(1e-46, color="gray", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_yticks([NAN, ZERO, 1e-40, 1e-30, 1e-20, 1e-10, 1],
                  ["nan", "0", "1e-40", "1e-30", "1e-20", "1e-10", "1"])
    ax.minorticks_off()
    ax.set(title="σ'(x) in float32", xlabel="x", ylim=(NAN / 1e3, 10))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig
# --8<-- [end:float32-plot]


if __name__ == "__main__":
    from plotting import main

    main({"sigmoid": draw, "sigmoid-float32": draw_float32})
