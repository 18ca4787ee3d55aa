# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Swish across β, negative β included
#
# $\operatorname{Swish}_\beta(x) = x\sigma(\beta x)$ is the identity scaled by
# a sigmoid gate of steepness $\beta$. Positive $\beta$ is the usual case:
# $\beta = 1$ is SiLU (`F.silu`), $\beta = 0$ is $x/2$, and as
# $\beta \to \infty$ Swish tends to ReLU. A learnt $\beta$ can also become
# negative, and then Swish turns over: since $\sigma(-u) = 1 - \sigma(u)$,
#
# $$
# \operatorname{Swish}_{-\beta}(x) = x\sigma(-\beta x) = x - \operatorname{Swish}_\beta(x)
# $$
#
# so negative $\beta$ mirrors positive $\beta$ through the line $y = x/2$,
# and as $\beta \to -\infty$ Swish tends to $x - \operatorname{ReLU}(x) = \min(x, 0)$.
# This notebook sweeps $\beta$, checks these facts, and finds each curve's
# extremum, which has a closed form.
#
# This notebook accompanies
# [exercise 3](../../exercises/swish-derivative/).
#
# **Knobs.** Change them and run the notebook again: every check below is
# derived from them.

# %%
betas = [-4.0, -1.0, -0.25, 0.0, 0.25, 1.0, 4.0]  # the sweep
lo, hi = -6.0, 6.0  # the interval of x
points = 12001  # grid points on it
steep = 50.0  # |beta| used for the two limits

# %%
from itertools import pairwise

import matplotlib.pyplot as plt
import mpmath
import torch

torch.set_default_dtype(torch.float64)
x = torch.linspace(lo, hi, points, requires_grad=True)
spacing = (hi - lo) / (points - 1)


def swish(x, beta):
    return x * torch.sigmoid(beta * x)


def with_slope(beta):
    """Swish_beta on the grid, and its derivative by autograd."""
    x.grad = None
    y = swish(x, beta)
    y.sum().backward()  # each y depends on its own x only: x.grad is the slope
    return y.detach(), x.grad.clone()


curves = {beta: with_slope(beta) for beta in betas}

# %% [markdown]
# ## The mirror identity and the slope at 0
#
# The identity above, and its derivative
# $\frac{d}{dx}\operatorname{Swish}_{-\beta}(x) = 1 - \frac{d}{dx}\operatorname{Swish}_\beta(x)$,
# hold for every $\beta$ on the grid, to rounding. The slope at 0 is
# $\sigma(0) = \frac12$ for every $\beta$, negative ones too, because the
# second term of the derivative, $\beta x\sigma'(\beta x)$, vanishes at 0.

# %%
xs = x.detach()
for beta in betas:
    y, slope = curves[beta]
    y_mirror, slope_mirror = with_slope(-beta)
    assert (y_mirror - (xs - y)).abs().max() <= 1e-15 * (1 + xs.abs().max())
    assert (slope_mirror - (1 - slope)).abs().max() <= 1e-12
    x0 = torch.zeros((), requires_grad=True)
    swish(x0, beta).backward()
    assert x0.grad.item() == 0.5
print(f"mirror identity and slope 1/2 at 0 hold for beta in {betas}")

# %% alt="Swish and its derivative for each beta: negative betas mirror positive ones through x/2"
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5), sharex=True)
for i, beta in enumerate(betas):
    y, slope = curves[beta]
    style = "--" if beta < 0 else ":" if beta == 0 else "-"
    left.plot(xs, y, style, color=f"C{i}", label=f"β = {beta:g}")
    right.plot(xs, slope, style, color=f"C{i}")
left.set(xlabel="x", ylabel="Swish_β(x)", title="value")
right.set(xlabel="x", ylabel="d/dx Swish_β(x)", title="derivative")
left.legend(ncol=2, loc="upper left")  # the quadrant no curve enters
fig.tight_layout()
plt.show()

# %% [markdown]
# ## The extremum has a closed form
#
# With $u = \beta x$, $\operatorname{Swish}_\beta(x) = u\sigma(u)/\beta$. The
# function $u\sigma(u)$ has its minimum where its derivative
# $\sigma(u)(1 + u(1 - \sigma(u)))$ vanishes, at $u_* = -1 - W(1/e)$, with
# value $u_* + 1 = -W(1/e)$, where $W$ is the Lambert W function
# ($W(1/e) = 0.2784\ldots$). So for $\beta > 0$ Swish has its minimum
# $-W(1/e)/\beta$ at $x = u_*/\beta$; for $\beta < 0$ the mirror turns it into
# a maximum, $W(1/e)/|\beta|$ at $x = u_*/\beta > 0$. The grid finds each one
# within its spacing (where it lies inside the interval):

# %%
omega = float(mpmath.lambertw(mpmath.exp(-1)))  # W(1/e)
u_star = -1 - omega
print(f"W(1/e) = {omega:.15f}, u* = {u_star:.15f}")
for beta in betas:
    if beta == 0 or not lo < u_star / beta < hi:
        continue
    y, _ = curves[beta]
    at = int(y.argmin()) if beta > 0 else int(y.argmax())
    value, where = y[at].item(), xs[at].item()
    exact_value, exact_where = -omega / beta, u_star / beta
    print(f"beta = {beta:5g}: {'min' if beta > 0 else 'max'} {value:+.6f} at x = {where:+.4f}"
          f"   closed form {exact_value:+.6f} at x = {exact_where:+.4f}")
    assert abs(where - exact_where) <= spacing
    # near the extremum the curve is flat: off by at most its curvature times
    # the squared spacing (|d2/dx2 Swish| <= |beta| / 2 everywhere)
    assert abs(value - exact_value) <= abs(beta) * spacing**2

# %% [markdown]
# ## The limits in β
#
# $|\operatorname{Swish}_\beta(x) - \operatorname{ReLU}(x)| = |x|\sigma(-\beta|x|)$
# for $\beta > 0$, and the largest value of $v\sigma(-\beta v)$ over $v \ge 0$
# is $W(1/e)/\beta$ by the same closed form. So Swish is within
# $W(1/e)/|\beta|$ of ReLU for large positive $\beta$, and, by the mirror, of
# $\min(x, 0)$ for large negative $\beta$:

# %%
relu_gap = (swish(xs, steep) - torch.relu(xs)).abs().max().item()
min_gap = (swish(xs, -steep) - torch.clamp(xs, max=0)).abs().max().item()
print(f"beta = {steep:g}: largest distance from ReLU {relu_gap:.2e}")
print(f"beta = {-steep:g}: largest distance from min(x, 0) {min_gap:.2e}")
print(f"bound W(1/e)/|beta| = {omega / steep:.2e}")
assert relu_gap <= omega / steep * (1 + 1e-12)
assert min_gap <= omega / steep * (1 + 1e-12)

# %% [markdown]
# ## A learnt β moves both ways
#
# The derivative in $\beta$ is $x^2\sigma'(\beta x) \ge 0$ for every $\beta$,
# so increasing $\beta$ never decreases the output: the curves of the sweep
# are ordered, each below the next on the whole grid.

# %%
ordered = sorted(betas)
for smaller, larger in pairwise(ordered):
    assert (curves[larger][0] >= curves[smaller][0]).all()
print(f"Swish_beta(x) never decreases as beta grows through {ordered}")
