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


def autograd_slopes(x, betas):
    """d Swish_beta / dx at each entry of x, by autograd, for each beta."""
    x = x.clone().requires_grad_()
    values, grads = {}, {}
    for beta in betas:
        x.grad = None  # backward adds into x.grad: start each beta from nothing
        y = swish(x, beta)
        y.backward(torch.ones_like(x))
        values[beta], grads[beta] = y.detach(), x.grad.clone()
    return values, grads


BETAS = (0.0, 0.5, 1.0, 2.0, 10.0)
# The book's grid, in float64 so autograd and the formula can be
# compared to 1e-12.
xs = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64)
values, grads = autograd_slopes(xs, BETAS)
for beta in BETAS:
    assert (grads[beta] - swish_grad(xs, beta)).abs().max() <= 1e-12
# --8<-- [end:gradient]

# --8<-- [start:limits]
assert torch.equal(values[0.0], xs / 2)  # beta = 0: sigma(0) = 1/2
# Large beta: within 0.278465 / beta of ReLU everywhere (the bound derived above).
assert (values[10.0] - torch.relu(xs)).abs().max() <= 0.278465 / 10.0
# Negative beta: Swish_{-beta}(x) = x - Swish_beta(x) (to a few roundings of
# numbers up to 8), and within 0.278465 / beta of min(x, 0).
for beta in (0.5, 1.0, 2.0, 10.0):
    negative = swish(xs, -beta)
    assert (negative - (xs - values[beta])).abs().max() <= 1e-14
    assert (negative - xs.clamp(max=0)).abs().max() <= 0.278465 / beta
# --8<-- [end:limits]

# --8<-- [start:plot]
import matplotlib.pyplot as plt

# For the figure, a grid 20 times finer than the book's: with beta = 10
# the derivative rises from its dip to its peak within 0.5 (t = beta x
# runs from -2.4 to 2.4), which a step of 0.1 samples with 5 points.
fine = torch.linspace(-6, 6, 2401, dtype=torch.float64)
fine_values, fine_grads = autograd_slopes(fine, BETAS)
for beta in BETAS:
    assert (fine_grads[beta] - swish_grad(fine, beta)).abs().max() <= 1e-12


def draw():
    fig, (left, right) = plt.subplots(1, 2, sharex=True, figsize=(7.0, 3.2),
                                      layout="constrained")
    ink = plt.rcParams["text.color"]
    for beta in BETAS:
        left.plot(fine, fine_values[beta], label=f"β = {beta:g}")
        right.plot(fine, fine_grads[beta], label=f"β = {beta:g}")
    # ReLU, the limit as beta grows, and the analytic derivatives: thin, on top.
    left.plot(fine, torch.relu(fine), "--", color=ink, lw=0.9, label="ReLU")
    for beta in BETAS:
        right.plot(fine, swish_grad(fine, beta), ":", color=ink, lw=0.9,
                   label="formula" if beta == BETAS[0] else None)
    left.set(title=r"$\mathrm{Swish}_\beta(x)$", xlabel="x", xlim=(-6, 6),
             ylim=(-1.5, 4))
    right.set(title="its derivative (autograd)", xlabel="x", ylim=(-0.2, 1.2))
    left.legend(loc="upper left", fontsize=8)
    right.legend(loc="upper left", fontsize=8)
    return fig


def draw_negative():
    """Negative beta: the point reflection of Swish_beta, tending to min(x, 0)."""
    fig, ax = plt.subplots(figsize=(7.0, 3.0), layout="constrained")
    ink = plt.rcParams["text.color"]
    for beta in (0.5, 1.0, 2.0, 10.0):
        ax.plot(fine, swish(fine, -beta), label=f"β = −{beta:g}")
    ax.plot(fine, fine.clamp(max=0), "--", color=ink, lw=0.9, label="min(x, 0)")
    ax.set(title=r"$\mathrm{Swish}_\beta(x)$ for negative β", xlabel="x",
           xlim=(-6, 6), ylim=(-6, 1.2))
    ax.legend(loc="lower right", fontsize=8)
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"swish": draw, "swish-negative": draw_negative})
