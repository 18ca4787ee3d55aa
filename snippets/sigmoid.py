"""The sigmoid and its gradient, computed by autograd as the book does; three
ways to evaluate the gradient in float32; how positive inputs make SGD zig-zag.

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

# --8<-- [start:zigzag]
# One unit z = w·h learns w = (1, -1) by SGD, one example per step, from
# inputs h given by the layer below: sigmoid outputs, all positive, or tanh
# outputs, of either sign. The same four pre-activations feed both.
A = torch.tensor([[1.0, -1.0], [-0.5, 2.0], [2.0, 0.5], [0.3, -2.0]], dtype=torch.float64)
W_BEST = torch.tensor([1.0, -1.0], dtype=torch.float64)


def sgd(h, steps=200, lr=0.5):
    """The weights after each step on the loss (w·h - W_BEST·h)^2 / 2, and the
    sign patterns of the gradients."""
    w = torch.zeros(2, dtype=torch.float64)
    path, signs = [w], set()
    for n in range(steps):
        hn = h[n % len(h)]
        grad = (hn @ w - hn @ W_BEST) * hn  # dL/dz times each input
        signs.add(tuple(grad.sign().tolist()))
        w = w - lr * grad
        path.append(w)
    return torch.stack(path), signs


def steps_to(path, radius=0.1):
    """The first step after which w is within radius of W_BEST."""
    return int(((path - W_BEST).norm(dim=1) < radius).nonzero()[0])


def detour(path, radius=0.1):
    """Length of the path up to that step over the straight-line distance."""
    k = steps_to(path, radius)
    return ((path[1:k + 1] - path[:k]).norm(dim=1).sum() / (path[k] - path[0]).norm()).item()


positive, positive_signs = sgd(torch.sigmoid(A))
centred, centred_signs = sgd(torch.tanh(A))
# Positive inputs: every step moves both weights the same way, up or down,
# though w1 must rise and w2 fall. Inputs of either sign allow both.
assert positive_signs == {(1.0, 1.0), (-1.0, -1.0)}
assert {(1.0, -1.0), (-1.0, 1.0)} <= centred_signs
assert (steps_to(positive), steps_to(centred)) == (52, 5)
assert (round(detour(positive), 1), round(detour(centred), 1)) == (2.7, 1.1)
# --8<-- [end:zigzag]

# --8<-- [start:zigzag-plot]
def draw_zigzag():
    fig, ax = plt.subplots(figsize=(7.0, 3.4))
    k = steps_to(positive)
    ax.plot(*positive[: k + 1].T, ".-", label=f"sigmoid inputs: {k} steps")
    j = steps_to(centred)
    ax.plot(*centred[: j + 1].T, "s--", markersize=4, label=f"tanh inputs: {j} steps")
    ax.plot(*W_BEST, "*", markersize=12, color="gray", label="target w = (1, −1)")
    ax.set(title="SGD on one unit's weights, to within 0.1 of the target",
           xlabel="w₁", ylabel="w₂", aspect="equal")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8)
    fig.tight_layout()
    return fig
# --8<-- [end:zigzag-plot]


if __name__ == "__main__":
    from plotting import main

    main({"sigmoid": draw, "sigmoid-float32": draw_float32, "sigmoid-zigzag": draw_zigzag})
