"""pReLU and its two partial derivatives, computed by autograd as the book does.

Run alone: python snippets/prelu.py --out DIR
"""

# --8<-- [start:gradient]
import torch
import torch.nn.functional as F

# The book's grid, in float64 so autograd and the formulas can be
# compared to 1e-12.
x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64, requires_grad=True)
# F.prelu takes one alpha per channel (dimension 1). Making each grid point
# a channel gives each its own alpha, so alpha.grad holds d/d(alpha) at
# every x, not the sum over the grid that one shared alpha would receive.
alpha = torch.full_like(x, 0.25, requires_grad=True)
y = F.prelu(x[None], alpha)[0]
y.backward(torch.ones_like(x))

# The derivatives by hand: d/dx is 1 for x > 0 and alpha for x < 0
# (alpha at x = 0, PyTorch's choice); d/d(alpha) is min(0, x).
d_dx = torch.where(x > 0, 1.0, alpha).detach()
d_dalpha = x.detach().clamp(max=0)
assert (x.grad - d_dx).abs().max() <= 1e-12
assert (alpha.grad - d_dalpha).abs().max() <= 1e-12
# --8<-- [end:gradient]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, (f, dx, da) = plt.subplots(1, 3, sharex=True)
    xs = x.detach()
    f.plot(xs, y.detach())
    f.set(title="pReLU(x), α = 0.25", xlabel="x")
    for ax, grad, exact, title in [(dx, x.grad, d_dx, "∂/∂x"),
                                   (da, alpha.grad, d_dalpha, "∂/∂α")]:
        ax.plot(xs, grad, label="autograd")
        ax.plot(xs, exact, "--", label="analytic")
        ax.set(title=title, xlabel="x")
    dx.set_ylim(0, 1.1)
    da.legend(loc="lower right")
    fig.tight_layout()
    return fig
# --8<-- [end:plot]

# --8<-- [start:alphas]
LABELS = {0.0: "α = 0 (ReLU)", 1.0: "α = 1 (identity)", -1.0: "α = −1 (|x|)"}


def draw_alphas():
    xs = torch.linspace(-4, 4, 9)  # includes 0: pReLU is linear between points
    fig, (inside, outside) = plt.subplots(1, 2, sharex=True, sharey=True)
    for ax, alphas in [(inside, [0.0, 0.1, 0.25, 0.5, 1.0]),
                       (outside, [-1.0, -0.5, 1.5, 2.0])]:
        for a in alphas:
            ys = F.prelu(xs, torch.tensor([a]))
            ax.plot(xs, ys, label=LABELS.get(a, f"α = {a:g}".replace("-", "−")))
        ax.legend(loc="lower right", fontsize=8)
        ax.set(xlabel="x")
    inside.set_title("0 ≤ α ≤ 1: monotone, convex")
    outside.set_title("α < 0: not monotone; α > 1: concave")
    fig.tight_layout()
    return fig
# --8<-- [end:alphas]


if __name__ == "__main__":
    from plotting import main

    main({"prelu": draw, "prelu-alphas": draw_alphas})
