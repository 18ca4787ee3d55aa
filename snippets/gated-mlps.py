"""Gated units (GLU, ReGLU, GEGLU, SwiGLU), their gradients, and the gated
feed-forward layer with the parameter count of the plain one.

Run alone: python snippets/gated-mlps.py --out DIR
"""

# --8<-- [start:units]
import math

import torch
import torch.nn.functional as F

# A gated unit multiplies a value a by a gate g(b), entry by entry. The order
# (value first, gate second) is that of F.glu.
GATES = {"GLU": torch.sigmoid, "ReGLU": F.relu, "GEGLU": F.gelu, "SwiGLU": F.silu}


def gated(name, a, b):
    return a * GATES[name](b)


def gate_slope(name, b):
    """g'(b), derived on the page: the gate's own derivative."""
    s = torch.sigmoid(b)
    phi = torch.exp(-b * b / 2) / math.sqrt(2 * math.pi)
    return {
        "GLU": s * (1 - s),
        "ReGLU": (b > 0).to(b.dtype),  # PyTorch's choice at the kink: 0
        "GEGLU": 0.5 * (1 + torch.erf(b / math.sqrt(2))) + b * phi,
        "SwiGLU": s * (1 + b * (1 - s)),
    }[name]
# --8<-- [end:units]

# --8<-- [start:gradients]
# Every pair (a, b) of a float64 grid on [-4, 4]², b avoiding ReGLU's kink.
grid = torch.linspace(-4, 4, 81, dtype=torch.float64)
a0, b0 = torch.meshgrid(grid, grid + 0.05, indexing="ij")
for name, gate in GATES.items():
    a = a0.clone().requires_grad_()
    b = b0.clone().requires_grad_()
    gated(name, a, b).backward(torch.ones_like(a))
    # d/da is the gate itself; d/db is the value times the gate's slope.
    assert (a.grad - gate(b0)).abs().max() <= 1e-12, name
    assert (b.grad - a0 * gate_slope(name, b0)).abs().max() <= 1e-12, name
# F.glu splits its input in halves along the last dimension: (a, b).
# Its kernel computes the same product; allow for a last-bit difference.
assert torch.allclose(F.glu(torch.cat([a0, b0], -1)), gated("GLU", a0, b0),
                      rtol=1e-14, atol=0)
# --8<-- [end:gradients]

# --8<-- [start:ffn]
from torch import nn


class GatedFFN(nn.Module):
    """x ↦ (a ⊙ g(b)) W₂ with a = x V and b = x W: Shazeer's gated
    feed-forward layer, without biases.

    Shapes: x is (..., d), the output is (..., d), the hidden width is h.
    V and W are fused into one d → 2h layer, whose output is split in
    halves (a, b) as F.glu does.
    """

    def __init__(self, d, h, name="SwiGLU"):
        super().__init__()
        self.up = nn.Linear(d, 2 * h, bias=False)  # [V; W], stacked
        self.down = nn.Linear(h, d, bias=False)  # W₂
        self.gate = GATES[name]

    def forward(self, x):
        a, b = self.up(x).chunk(2, dim=-1)
        return self.down(a * self.gate(b))


def plain_ffn(d, h):
    """The Transformer's feed-forward layer, x ↦ g(x W₁) W₂, without biases."""
    return nn.Sequential(nn.Linear(d, h, bias=False), nn.GELU(),
                         nn.Linear(h, d, bias=False))
# --8<-- [end:ffn]

# --8<-- [start:reference]
import numpy as np

torch.manual_seed(0)  # named: the weights and inputs below are random
ffn = GatedFFN(d=16, h=24, name="SwiGLU").double()
x = torch.randn(5, 16, dtype=torch.float64)
V, W = ffn.up.weight.detach().numpy().reshape(2, 24, 16)
W2 = ffn.down.weight.detach().numpy()
xs = x.numpy()
# The reference: the formula itself, in NumPy, with SiLU written out.
a, b = xs @ V.T, xs @ W.T
expected = (a * b / (1 + np.exp(-b))) @ W2.T
# float64 sums of 16 and 24 products of numbers of size ~1 agree to far
# better than 1e-12, whatever the order of the additions.
assert ffn(x).shape == x.shape
assert np.abs(ffn(x).detach().numpy() - expected).max() <= 1e-12
# With the GLU gate, the layer is F.glu applied to the fused projection.
ffn.gate = torch.sigmoid
assert torch.allclose(ffn(x), ffn.down(F.glu(ffn.up(x))), rtol=1e-14, atol=1e-14)
# --8<-- [end:reference]

# --8<-- [start:width]
def n_params(module):
    return sum(p.numel() for p in module.parameters())


def gated_width(h):
    """The hidden width that gives a gated layer the parameters of a plain
    layer of width h: 3 d h' = 2 d h, so h' = 2h/3."""
    return 2 * h // 3


# Shazeer (2020): d = 768, plain h = 3072, gated h = 2048.
d, h = 768, 3072
assert gated_width(h) == 2048
assert n_params(plain_ffn(d, h)) == n_params(GatedFFN(d, gated_width(h))) == 4_718_592
# --8<-- [end:width]

# --8<-- [start:plot]
import matplotlib.pyplot as plt

LINES = {"GLU": "-", "ReGLU": "--", "GEGLU": "-.", "SwiGLU": ":"}
GATE_NAMES = {"GLU": "σ", "ReGLU": "ReLU", "GEGLU": "GELU", "SwiGLU": "SiLU"}


def draw():
    fig, (value, slope) = plt.subplots(1, 2, figsize=(7.0, 3.0), sharex=True)
    bs = grid.clone().requires_grad_()
    for name, style in LINES.items():
        g = GATES[name](bs)
        (dg,) = torch.autograd.grad(g.sum(), bs)
        value.plot(grid, g.detach(), style, label=f"{name}: g = {GATE_NAMES[name]}")
        slope.plot(grid, dg, style)
    value.set(title="the gate g(b): ∂/∂a of a·g(b)", xlabel="b")
    slope.set(title="its slope g′(b): ∂/∂b of a·g(b) at a = 1", xlabel="b")
    value.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def draw_width():
    fig, ax = plt.subplots(figsize=(7.0, 3.0))
    widths = np.arange(0, 4097, 64)
    ax.plot(widths, 2 * d * widths / 1e6, label="plain: 2dh")
    ax.plot(widths, 3 * d * widths / 1e6, "--", label="gated: 3dh")
    budget = 2 * d * h / 1e6
    ax.axhline(budget, color=plt.rcParams["text.color"], lw=0.8)
    for width, label in [(h, "h = 3072"), (gated_width(h), "h = 2048")]:
        ax.plot([width], [budget], "o", color=plt.rcParams["text.color"])
        ax.annotate(label, (width, budget), textcoords="offset points",
                    xytext=(6, -14))
    ax.set(title=f"weights of one feed-forward layer, d = {d}",
           xlabel="hidden width h", ylabel="millions of weights")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"gated-mlps": draw, "gated-mlps-width": draw_width})
