"""ReLU and its gradient, computed by autograd as the book does.

Run alone: python snippets/relu.py --out DIR
"""

# --8<-- [start:gradient]
import torch

# The book's grid, in float64 so autograd and the formula can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
y = torch.relu(x)
y.backward(torch.ones_like(x))  # x.grad now holds dReLU/dx at each x

# The derivative by hand: 1 for x > 0, 0 for x < 0 (and 0 at x = 0,
# PyTorch's choice).
analytic = (x > 0).to(x.dtype)
assert (x.grad - analytic).abs().max() <= 1e-12
# --8<-- [end:gradient]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, (left, right) = plt.subplots(1, 2, sharex=True)
    xs = x.detach()
    left.plot(xs, y.detach())
    left.set(title="ReLU(x)", xlabel="x")
    right.plot(xs, x.grad, label="autograd")
    right.plot(xs, analytic, "--", label="analytic")
    right.set(title="ReLU'(x)", xlabel="x", ylim=(-0.1, 1.1))
    right.legend(loc="upper left")
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"relu": draw})
