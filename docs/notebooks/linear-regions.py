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
# the whole network is. This notebook takes a random network with one input
# and one output, finds its kinks exactly, and checks both halves of the
# claim numerically: the output is linear between kinks and continuous at
# them.
#
# This notebook accompanies
# [exercise 4](../../exercises/piecewise-linear/).

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

model = nn.Sequential(
    nn.Linear(1, 8), nn.ReLU(),
    nn.Linear(8, 8), nn.ReLU(),
    nn.Linear(8, 1),
)
lo, hi = -3.0, 3.0  # the interval we study


def f(x):
    """The network's output at the points of a 1-D tensor."""
    with torch.no_grad():
        return model(x.reshape(-1, 1)).reshape(-1)


def hidden_pre_activations(x):
    """Every hidden layer's pre-activations at the points of x, layer by layer."""
    out = []
    h = x.reshape(-1, 1)
    with torch.no_grad():
        for layer in model[:-1]:
            h = layer(h)
            if isinstance(layer, nn.Linear):
                out.append(h)
    return out


# %% [markdown]
# ## Finding the kinks
#
# A ReLU unit bends the output where its pre-activation changes sign. The
# search follows the induction: the first layer's pre-activations are affine
# in $x$, so each has at most one zero. Between two consecutive kinks found
# so far, every unit of the layers below keeps its sign, so the next layer's
# pre-activations are affine there as well, and each zero on that piece is
# found exactly by linear interpolation between its ends.

# %%
def find_kinks():
    points = torch.tensor([lo, hi])
    for layer in range(len(hidden_pre_activations(points))):
        z = hidden_pre_activations(points)[layer]  # (points, units)
        a, b = points[:-1, None], points[1:, None]
        za, zb = z[:-1], z[1:]
        crosses = za * zb < 0  # a strict sign change inside the piece
        zeros = (a + (b - a) * za / (za - zb))[crosses]
        points = torch.cat([points, zeros]).sort().values
    return points[1:-1]


kinks = find_kinks()
print(f"{len(kinks)} kinks in [{lo}, {hi}]:")
print(kinks)

# %% [markdown]
# Cross-check on a fine grid: the *activation pattern* (which units are on)
# changes exactly once at each kink, and nowhere else.

# %%
grid = torch.linspace(lo, hi, 200_001)
pattern = torch.cat([z > 0 for z in hidden_pre_activations(grid)], dim=1)
changes = (pattern[1:] != pattern[:-1]).any(dim=1).sum().item()
print(f"activation pattern changes on the grid: {changes}")
assert changes == len(kinks)

# %% [markdown]
# ## Linear between kinks, continuous at them
#
# On each piece between consecutive kinks the output must equal the straight
# line through its two ends. At each kink the line of the left piece and the
# line of the right piece, each extended to the kink, must meet at the
# network's value there: that is continuity. The slopes on the two sides
# differ, so the kink is real.

# %%
ends = torch.cat([torch.tensor([lo]), kinks, torch.tensor([hi])])
slopes = (f(ends[1:]) - f(ends[:-1])) / (ends[1:] - ends[:-1])

worst_line = 0.0
for a, b, slope in zip(ends[:-1], ends[1:], slopes):
    x = torch.linspace(a.item(), b.item(), 50)
    line = f(a.reshape(1)) + slope * (x - a)
    worst_line = max(worst_line, (f(x) - line).abs().max().item())
print(f"largest distance from the line on a piece: {worst_line:.1e}")
assert worst_line < 1e-12

left = f(ends[:-2]) + slopes[:-1] * (kinks - ends[:-2])
right = f(ends[2:]) - slopes[1:] * (ends[2:] - kinks)
gap = torch.maximum((left - f(kinks)).abs(), (right - f(kinks)).abs()).max().item()
print(f"largest jump at a kink: {gap:.1e}")
assert gap < 1e-12

slope_change = (slopes[1:] - slopes[:-1]).abs()
print(f"smallest change of slope at a kink: {slope_change.min().item():.3f}")
assert (slope_change > 1e-9).all()

regions = len(kinks) + 1
print(f"linear regions in [{lo}, {hi}]: {regions}")

# %% alt="The output on [-3, 3]: straight segments meeting at the marked kinks"
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(grid[::100], f(grid[::100]), label="network output")
ax.plot(kinks, f(kinks), "o", markersize=4, label=f"{len(kinks)} kinks")
ax.set_xlabel("x")
ax.set_ylabel("output")
ax.legend()
plt.show()

# %% [markdown]
# The plot shows straight segments joined without jumps. Note what the proof
# needs and this check does not replace: it holds for every choice of
# weights, while the notebook tests one random draw.
