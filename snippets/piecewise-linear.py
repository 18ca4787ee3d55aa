"""A random ReLU MLP on the real line: its kinks, its linear pieces, its graph.

Run alone: python snippets/piecewise-linear.py --out DIR
"""

# --8<-- [start:kinks]
import math
from itertools import pairwise

import torch
from torch import nn

SEED = 5  # the network drawn below; other seeds are compared on the page


def random_net(seed):
    """A 1-8-8-1 ReLU MLP with PyTorch's default initialisation, in float64."""
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1)
    ).double()


@torch.no_grad()
def run(net, x, modules=None):
    """Output of the first `modules` modules of `net` (all by default) at x."""
    return net[:modules](torch.tensor([[float(x)]], dtype=torch.float64))[0]


def two_points(a, b):
    """Two finite points inside the interval (a, b), whose ends may be infinite."""
    if a == -math.inf and b == math.inf:
        return 0.0, 1.0
    if a == -math.inf:
        return b - 2, b - 1
    if b == math.inf:
        return a + 1, a + 2
    return a + (b - a) / 3, b - (b - a) / 3


def breakpoints(net):
    """Every x where a hidden unit's pre-activation changes sign, between -inf
    and inf."""
    points = [-math.inf, math.inf]
    for i, module in enumerate(net[:-1]):
        if not isinstance(module, nn.Linear):
            continue
        found = []
        # Between consecutive breakpoints of the earlier layers every unit of
        # this layer sees an affine function of x: its zero is exact.
        for a, b in pairwise(points):
            p, q = two_points(a, b)
            zp, zq = run(net, p, i + 1), run(net, q, i + 1)
            zero = p - zp * (q - p) / (zq - zp)  # nan or inf if constant
            found += [t for t in zero.tolist() if a < t < b]
        points = sorted(points + found)
    return points


def pieces_and_kinks(net):
    """The breakpoints, the (slope, intercept) of the output on each piece
    between them, and the kinks: breakpoints where the slope really changes."""
    points = breakpoints(net)
    lines = []
    for a, b in pairwise(points):
        p, q = two_points(a, b)
        slope = ((run(net, q) - run(net, p)) / (q - p)).item()
        lines.append((slope, run(net, p).item() - slope * p))
    kinks = [
        t for t, (s, _), (r, _) in zip(points[1:-1], lines, lines[1:], strict=False)
        if abs(s - r) > 1e-9
    ]
    return points, lines, kinks


net = random_net(SEED)
points, lines, kinks = pieces_and_kinks(net)
pieces = list(pairwise(points))
# --8<-- [end:kinks]

# --8<-- [start:checks]
# Continuity: the two affine pieces meeting at a breakpoint agree there,
# and with the network.
for t, (s, c), (r, e) in zip(points[1:-1], lines, lines[1:], strict=False):
    assert abs((s * t + c) - (r * t + e)) <= 1e-12
    assert abs((s * t + c) - run(net, t).item()) <= 1e-12

# Linearity: inside each piece, autograd's slope is the piece's slope.
for (a, b), (s, _) in zip(pieces, lines, strict=True):
    x = torch.tensor([[sum(two_points(a, b)) / 2]], dtype=torch.float64,
                     requires_grad=True)
    net(x).sum().backward()
    assert abs(x.grad.item() - s) <= 1e-12

assert len(points) - 2 == len(kinks) == 14  # 14 kinks, so 15 linear pieces
assert kinks[0] > -2.5 and kinks[-1] < 2.1
# --8<-- [end:checks]

# --8<-- [start:plot]
import matplotlib.pyplot as plt


def draw():
    fig, (left, right) = plt.subplots(1, 2, sharex=True)
    x = torch.linspace(-3, 2.5, 1101, dtype=torch.float64, requires_grad=True)
    y = net(x[:, None]).squeeze(1)
    y.sum().backward()  # one example per row: x.grad is f'(x)
    left.plot(x.detach(), y.detach(), label="network")
    left.plot(kinks, [run(net, t).item() for t in kinks], "o", markersize=4,
              label=f"{len(kinks)} kinks")
    left.set(title=f"f(x), a random 1-8-8-1 ReLU MLP (seed {SEED})", xlabel="x")
    left.legend(loc="lower left")
    right.plot(x.detach(), x.grad, label="autograd")
    for t in kinks:
        right.axvline(t, linestyle=":", linewidth=0.8, color="C1")
    right.set(title="f'(x): constant on each piece", xlabel="x")
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"piecewise-linear": draw})
