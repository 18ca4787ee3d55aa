"""Swish and its gradient for several beta, computed by autograd as the book does.

Run alone: python snippets/swish.py --out DIR
"""

# --8<-- [start:gradient]
import torch


def swish(x, beta):
    return x * torch.sigmoid(beta * x)


def swish_grad(x, beta):
    """The derivative derived above: s + beta x s (1 - s), with s = sigma(beta x)."""
    s = torch.sigmoid(beta * x)
    return s + beta * x * s * (1 - s)


# The book's grid, in float64 so autograd and the formula can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
BETAS = (0.0, 0.5, 1.0, 2.0, 10.0)
values, grads = {}, {}
for beta in BETAS:
    x.grad = None  # backward adds into x.grad: start each beta from nothing
    y = swish(x, beta)
    y.backward(torch.ones_like(x))
    values[beta], grads[beta] = y.detach(), x.grad.clone()
    assert (grads[beta] - swish_grad(x.detach(), beta)).abs().max() <= 1e-12
# --8<-- [end:gradient]

# --8<-- [start:limits]
xs = x.detach()
assert torch.equal(values[0.0], xs / 2)  # beta = 0: sigma(0) = 1/2
# Large beta: within 0.2785 / beta of ReLU everywhere (the bound derived above).
assert (values[10.0] - torch.relu(xs)).abs().max() <= 0.2785 / 10.0
# --8<-- [end:limits]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.0, 3.2))
    ink = plt.rcParams["text.color"]
    for beta in BETAS:
        left.plot(xs, values[beta], label=f"β = {beta:g}")
        right.plot(xs, grads[beta])
    # ReLU, the limit as beta grows, and the analytic derivatives: thin, on top.
    left.plot(xs, torch.relu(xs), "--", color=ink, lw=0.9, label="ReLU")
    for beta in BETAS:
        right.plot(xs, swish_grad(xs, beta), ":", color=ink, lw=0.9,
                   label="analytic" if beta == BETAS[0] else None)
    # Zoomed in where the curves differ: the dips below 0 are small.
    left.set(title=r"$\mathrm{Swish}_\beta(x)$", xlabel="x",
             xlim=(-4, 4), ylim=(-1, 4))
    right.set(title="its derivative (autograd)", xlabel="x", ylim=(-0.2, 1.2))
    left.legend(loc="upper left", fontsize=8)
    right.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"swish": draw})
