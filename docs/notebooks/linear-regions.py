# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Linear regions of a ReLU network
#
# An MLP built from affine layers and ReLU computes a continuous piecewise
# linear function: affine maps, sums, $\max(x, 0)$ and composition all keep a
# function continuous and piecewise linear, so by induction over the layers
# the whole network is. This notebook takes random networks with one input
# and one output, finds their linear regions exactly, checks the claim on one
# of them (linear between kinks, continuous at them), and then counts the
# regions against depth and width.
#
# This notebook accompanies
# [exercise 4](../../exercises/piecewise-linear/).
#
# **Knobs.** Change them and run the notebook again: every check below is
# derived from them.

# %%
depths = [1, 2, 3, 4]  # hidden layers
widths = [4, 8, 16, 32]  # units per hidden layer
seeds = range(5)  # random networks per depth and width
lo, hi = -3.0, 3.0  # the interval of inputs studied
example = (2, 8, 0)  # depth, width and seed of the network examined first
bias_std = 0.1  # the biases' standard deviation (the weights are He's)

# %%
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.set_default_dtype(torch.float64)


def random_net(depth, width, seed):
    """A 1 -> width (x depth) -> 1 ReLU MLP: He weights, small random biases.

    Biases matter: without them every layer is positively homogeneous and the
    network has one kink at most, at 0."""
    torch.manual_seed(seed)
    layers, fan_in = [], 1
    for _ in range(depth):
        linear = nn.Linear(fan_in, width)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.normal_(linear.bias, std=bias_std)
        layers += [linear, nn.ReLU()]
        fan_in = width
    return nn.Sequential(*layers, nn.Linear(fan_in, 1))


def pre_activations(model, x):
    """Every hidden layer's pre-activations at the points of a 1-D tensor x."""
    out = []
    h = x.reshape(-1, 1)
    with torch.no_grad():
        for layer in model[:-1]:
            h = layer(h)
            if isinstance(layer, nn.Linear):
                out.append(h)
    return out


# %% [markdown]
# ## Finding the regions
#
# A ReLU unit switches on or off where its pre-activation changes sign. The
# search follows the induction: the first layer's pre-activations are affine
# in $x$, so each changes sign at most once. Between two consecutive
# breakpoints found so far, every unit of the layers below keeps its sign, so
# the next layer's pre-activations are affine there as well, and each sign
# change on that piece is found exactly by linear interpolation between its
# ends. The pieces between breakpoints are the *activation regions*: on each,
# the set of active units is fixed and the network is affine.


# %%
def breakpoints(model):
    points = torch.tensor([lo, hi])
    for layer in range(len(pre_activations(model, points))):
        z = pre_activations(model, points)[layer]  # (points, units)
        a, b = points[:-1, None], points[1:, None]
        za, zb = z[:-1], z[1:]
        crosses = za * zb < 0  # a strict sign change inside the piece
        zeros = (a + (b - a) * za / (za - zb))[crosses]
        points = torch.cat([points, zeros]).sort().values
    return points[1:-1]


depth, width, seed = example
model = random_net(depth, width, seed)
kinks = breakpoints(model)
print(f"{len(kinks)} breakpoints in [{lo}, {hi}]")

# %% [markdown]
# Cross-check on a fine grid: the *activation pattern* (which units are on)
# can change between two grid points only if a breakpoint lies between them,
# so the grid sees at most as many changes as there are breakpoints, and as
# many unless two breakpoints share a grid cell.

# %%
grid = torch.linspace(lo, hi, 200_001)
pattern = torch.cat([z > 0 for z in pre_activations(model, grid)], dim=1)
changes = (pattern[1:] != pattern[:-1]).any(dim=1).sum().item()
print(f"activation pattern changes on the grid: {changes}")
assert changes <= len(kinks)

# %% [markdown]
# ## Linear between breakpoints, continuous at them
#
# On each piece between consecutive breakpoints the output must equal the
# straight line through its two ends. At each breakpoint the line of the left
# piece and the line of the right piece, each extended to the breakpoint,
# must meet at the network's value there: that is continuity. Where the
# slopes on the two sides differ, the breakpoint is a kink of the output.


# %%
def f(x):
    """The network's output at the points of a 1-D tensor."""
    with torch.no_grad():
        return model(x.reshape(-1, 1)).reshape(-1)


ends = torch.cat([torch.tensor([lo]), kinks, torch.tensor([hi])])
slopes = (f(ends[1:]) - f(ends[:-1])) / (ends[1:] - ends[:-1])
scale = f(grid).abs().max().item() + 1  # errors relative to the output's size

worst_line = 0.0
for a, b, slope in zip(ends[:-1], ends[1:], slopes, strict=True):
    x = torch.linspace(a.item(), b.item(), 50)
    line = f(a.reshape(1)) + slope * (x - a)
    worst_line = max(worst_line, (f(x) - line).abs().max().item())
print(f"largest distance from the line on a piece: {worst_line:.1e}")
assert worst_line < 1e-12 * scale

if len(kinks):
    left = f(ends[:-2]) + slopes[:-1] * (kinks - ends[:-2])
    right = f(ends[2:]) - slopes[1:] * (ends[2:] - kinks)
    gap = torch.maximum((left - f(kinks)).abs(), (right - f(kinks)).abs()).max().item()
    print(f"largest jump at a breakpoint: {gap:.1e}")
    assert gap < 1e-12 * scale
    slope_change = (slopes[1:] - slopes[:-1]).abs()
    print(f"breakpoints where the slope changes (kinks): "
          f"{int((slope_change > 1e-9).sum())} of {len(kinks)}")

# %% alt="The example network's output: straight segments meeting at the marked breakpoints"
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(grid[::100], f(grid[::100]), label="network output")
ax.plot(kinks, f(kinks), "o", markersize=4, label=f"{len(kinks)} breakpoints")
ax.set_xlabel("x")
ax.set_ylabel("output")
ax.legend()
plt.show()

# %% [markdown]
# ## How many regions, against depth and width
#
# The proof bounds the count. On the real line, layer $l$'s $n_l$ units each
# change sign at most once on every piece found so far, so $p$ pieces become
# at most $p(n_l + 1)$, and a network of hidden widths $n_1, \ldots, n_L$ has
# at most
#
# $$
# \prod_{l=1}^{L} (n_l + 1)
# % nocheck: a bound, not an identity; the cells below check every count against it
# $$
#
# regions: exponential in the depth. Random networks come nowhere near it.
# Count the regions of every depth and width, for every seed:

# %%
counts = {}
for depth in depths:
    for width in widths:
        regions = [len(breakpoints(random_net(depth, width, s))) + 1 for s in seeds]
        bound = (width + 1) ** depth
        assert all(1 <= r <= bound for r in regions)
        counts[depth, width] = statistics.median(regions)
        print(f"depth {depth}, width {width:3}: median {counts[depth, width]:6.1f} regions "
              f"({depth * width:4} units, bound {bound:.2e})")

# %% alt="Median number of regions against the number of units, one marker per depth"
fig, ax = plt.subplots(figsize=(6, 3))
markers = "osD^v<>"
for i, depth in enumerate(depths):
    units = [depth * width for width in widths]
    ax.plot(units, [counts[depth, width] for width in widths],
            markers[i % len(markers)] + "-", label=f"depth {depth}")
most = max(depths) * max(widths)
ax.plot([1, most], [2, most + 1], "k:", linewidth=1, label="units + 1")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("hidden units (depth × width)")
ax.set_ylabel(f"regions in [{lo}, {hi}]")
ax.legend()
plt.show()

# %% [markdown]
# At initialisation the count tracks the *number of units*, whatever the
# depth: networks with the same number of units have about as many regions,
# deep or shallow, and far fewer than the bound, whose logarithm grows in
# proportion to the depth. This is the observation of Hanin and Rolnick
# ("Complexity of linear regions in deep networks", 2019). What the proof
# shows holds for every choice of weights; what these counts show holds for
# typical random ones.

