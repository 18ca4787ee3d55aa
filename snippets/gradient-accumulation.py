"""The book's ReLU-gradient cell run twice, and three ways to avoid the doubling.

Run alone: python snippets/gradient-accumulation.py --out DIR
"""

# --8<-- [start:rerun]
import torch

# The book's cells (float32, as in the book).
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
y = torch.relu(x)

plotted = []
for _ in range(2):  # the gradient cell, run a first and a second time
    y.backward(torch.ones_like(x), retain_graph=True)
    plotted.append(x.grad.clone())  # what that run's plot shows

# The second run adds the same gradient again: 2 where x > 0.
assert torch.equal(plotted[0], (x > 0).float())
assert torch.equal(plotted[1], 2 * plotted[0])
# --8<-- [end:rerun]

# --8<-- [start:fixes]
# 1. Zero the gradient in place before each backward.
x.grad.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
assert torch.equal(x.grad, plotted[0])

# 2. Drop it: the next backward stores a fresh one.
x.grad = None
y.backward(torch.ones_like(x), retain_graph=True)
assert torch.equal(x.grad, plotted[0])

# 3. Ask for the gradient instead: it is returned, x.grad is left alone.
x.grad = None
(grad,) = torch.autograd.grad(y, x, torch.ones_like(x), retain_graph=True)
assert torch.equal(grad, plotted[0]) and x.grad is None
# --8<-- [end:fixes]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, ax = plt.subplots()
    xs = x.detach()
    ax.plot(xs, plotted[1], color="C1", label="second run: 2 for x > 0")
    ax.plot(xs, plotted[0], "--", color="C0", label="first run (correct)")
    ax.set(title="grad of relu, plotted by the book's cell", xlabel="x",
           ylim=(-0.1, 2.3))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"gradient-accumulation": draw})
