"""tanh and its gradient, computed by autograd as the book does; the identity
tanh(x) + 1 = 2 sigmoid(2x); three ways to evaluate the gradient in float32.

Run alone: python snippets/tanh.py --out DIR
"""

# --8<-- [start:gradient]
import torch

# The book's grid, in float64 so autograd and the formula can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
y = torch.tanh(x)
y.backward(torch.ones_like(x))  # x.grad now holds tanh'(x) at each x

# The derivative by hand, sech^2(x) = 1 / cosh^2(x): not the 1 - y^2 that
# autograd evaluates, so agreement also checks the algebra between them.
analytic = 1 / torch.cosh(x.detach()) ** 2
assert (x.grad - analytic).abs().max() <= 1e-12
# --8<-- [end:gradient]

# --8<-- [start:identity]
xs = x.detach()
lhs = torch.tanh(xs) + 1
rhs = 2 * torch.sigmoid(2 * xs)
# Equal up to rounding: with tanh and exp accurate to one ulp, the sides
# differ by at most 5 units of 2^-52 (the tanh page derives the bound).
assert (lhs - rhs).abs().max() <= 5 * 2**-52
# --8<-- [end:identity]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, (left, right) = plt.subplots(1, 2, sharex=True)
    left.plot(xs, y.detach())
    left.set(title="tanh(x)", xlabel="x")
    right.plot(xs, x.grad, label="autograd")
    right.plot(xs, analytic, "--", label="analytic")
    right.set(title="tanh'(x)", xlabel="x", ylim=(0, 1.1))
    right.legend(loc="upper left")
    fig.tight_layout()
    return fig


def draw_identity():
    fig, (left, right) = plt.subplots(1, 2, sharex=True)
    left.plot(xs, lhs, label="tanh(x) + 1")
    left.plot(xs, rhs, "--", label="2σ(2x)")
    left.set(title="both sides", xlabel="x", xticks=[-8, -4, 0, 4, 8])
    left.legend(loc="upper left")
    right.plot(xs, (lhs - rhs) / 1e-16, ".", markersize=3)
    right.set(title="difference, in units of 1e-16", xlabel="x", ylim=(-10, 10))
    fig.tight_layout()
    return fig
# --8<-- [end:plot]

# --8<-- [start:float32]
def naive(x):
    e = torch.exp(-2 * x)  # (1 + e)**2 overflows for x below about -22.2
    return 4 * e / (1 + e) ** 2


def stable(x):
    e = torch.exp(-2 * x.abs())  # at most 1: nothing can overflow
    return 4 * e / (1 + e) ** 2


def autograd(x):
    x = x.clone().requires_grad_()
    torch.tanh(x).backward(torch.ones_like(x))
    return x.grad
# --8<-- [end:float32]

# --8<-- [start:float32-plot]
from plotting import draw_float32_gradients


def draw_float32():
    x32 = torch.arange(-48.0, 48.0, 0.25)  # float32
    ways = [(stable, "-"), (autograd, "--"), (naive, ":")]
    return draw_float32_gradients(x32, ways, "tanh'(x) in float32")
# --8<-- [end:float32-plot]


if __name__ == "__main__":
    from plotting import main

    main({"tanh": draw, "tanh-identity": draw_identity, "tanh-float32": draw_float32})
