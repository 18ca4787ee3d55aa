"""Second moments of the pre-activations and of their gradients through 50
layers, for each pairing of an activation with an initialisation, over seeds.

Run alone: python snippets/initialisation.py --out DIR
"""

# --8<-- [start:propagate]
import math
from functools import cache

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def propagate(activation, init, seed, *, width=128, batch=64, depth=50):
    """E[z²] and E[(∂L/∂z)²] at each of ``depth`` square layers z = h Wᵀ, h = f(z).

    The input and the gradient L sends back from the top, ∂L/∂h, are standard
    normal, drawn with ``seed`` like the weights. float64 throughout, so that
    second moments down to 1e-300 are representable. Returns two tensors of
    shape (depth,), each the mean over the batch and the units.
    """
    g = torch.Generator().manual_seed(seed)
    h = torch.randn(batch, width, generator=g, dtype=torch.float64)
    zs = []
    for _ in range(depth):
        W = init(torch.empty(width, width, dtype=torch.float64), generator=g)
        z = h @ W.T
        if not zs:
            z.requires_grad_()  # autograd tracks everything from here on
        zs.append(z)
        h = activation(z)
    top = torch.randn(batch, width, generator=g, dtype=torch.float64)
    grads = torch.autograd.grad(h, zs, grad_outputs=top)
    return (torch.stack([z.detach().pow(2).mean() for z in zs]),
            torch.stack([dz.pow(2).mean() for dz in grads]))
# --8<-- [end:propagate]

# --8<-- [start:pairings]
def he(a=0.0):
    """Kaiming normal for (leaky) ReLU with slope a: Var(w) = 2 / ((1 + a²) n_in)."""
    def init(W, generator):
        return nn.init.kaiming_normal_(W, a=a, nonlinearity="leaky_relu",
                                       generator=generator)
    return init


def xavier(gain):
    """Glorot normal: Var(w) = gain² · 2 / (n_in + n_out)."""
    def init(W, generator):
        return nn.init.xavier_normal_(W, gain=gain, generator=generator)
    return init


def linear_default(W, generator):
    """What nn.Linear does to its weight: uniform, Var(w) = 1 / (3 n_in)."""
    return nn.init.kaiming_uniform_(W, a=math.sqrt(5), generator=generator)


def leaky(z):
    return F.leaky_relu(z, 0.25)  # pReLU at its initial slope, 0.25


MATCHED = {
    "ReLU, He": (torch.relu, he()),
    "pReLU 0.25, He with a = 0.25": (leaky, he(0.25)),
    "tanh, Xavier (gain 1)": (torch.tanh, xavier(1.0)),
    "tanh, Xavier (gain 5/3)": (torch.tanh, xavier(5 / 3)),
}
MISMATCHED = {
    "ReLU, Xavier (gain 1)": (torch.relu, xavier(1.0)),
    "ReLU, nn.Linear's default": (torch.relu, linear_default),
    "sigmoid, Xavier (gain 1)": (torch.sigmoid, xavier(1.0)),
}
SEEDS = range(10)  # seeds 0-9 in the figures; the page's claims hold for 0-19


def measure(pairings, seeds=SEEDS):
    """{name: (forward, backward)}, each of shape (seeds, depth)."""
    found = {}
    for name, (activation, init) in pairings.items():
        runs = [propagate(activation, init, seed) for seed in seeds]
        found[name] = tuple(torch.stack(r) for r in zip(*runs, strict=True))
    return found
# --8<-- [end:pairings]

# --8<-- [start:mean-field]
# Width → ∞: z in layer l is normal with variance q_l, and the layer maps
# q_l to q_{l+1} = c E[f(√q_l Z)²], c = n_in Var(w), Z standard normal.
# The gradient's second moment is multiplied by c E[f'(√q_l Z)²] per layer.
NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(101)
WEIGHTS = WEIGHTS / math.sqrt(2 * math.pi)  # E[u(Z)] = Σ weights · u(nodes)


def mean_field(f, slope, c, depth=50):
    """(E[z²], E[(∂L/∂z)²]) per layer for an input with E[x²] = 1."""
    q = [c * 1.0]
    for _ in range(depth - 1):
        q.append(c * WEIGHTS @ f(math.sqrt(q[-1]) * NODES) ** 2)
    top = WEIGHTS @ slope(math.sqrt(q[-1]) * NODES) ** 2  # ∂L/∂h is N(0, 1)
    grads = [top]
    for ql in reversed(q[:-1]):
        grads.append(grads[-1] * c * WEIGHTS @ slope(math.sqrt(ql) * NODES) ** 2)
    return np.array(q), np.array(grads[::-1])


TANH = (np.tanh, lambda z: 1 - np.tanh(z) ** 2)
MEAN_FIELD = {"tanh, Xavier (gain 1)": mean_field(*TANH, c=1.0),
              "tanh, Xavier (gain 5/3)": mean_field(*TANH, c=(5 / 3) ** 2)}
# --8<-- [end:mean-field]

# --8<-- [start:claims]
# The page's table: E[z²] at layer 50 over layer 1, and the gradient's second
# moment at layer 1 over layer 50, strictly between these bounds for every seed.
BOUNDS = {
    "ReLU, He": ((1 / 30, 30), (1 / 10, 10)),
    "pReLU 0.25, He with a = 0.25": ((1 / 30, 30), (1 / 10, 10)),
    "tanh, Xavier (gain 1)": ((1 / 200, 1 / 50), (1 / 200, 1 / 40)),
    "tanh, Xavier (gain 5/3)": ((0.424 * 0.9, 0.424 * 1.1), (3e3, 2e4)),
    "ReLU, Xavier (gain 1)": ((1e-17, 1e-14), (1e-17, 1e-14)),
    "ReLU, nn.Linear's default": ((1e-40, 1e-37), (1e-40, 1e-37)),
    "sigmoid, Xavier (gain 1)": ((0.2, 0.4), (0.0, 1e-60)),
}


# He keeps the mean over weight draws; the median draw ends below layer 1.
DRIFT_DOWN = ("ReLU, He", "pReLU 0.25, He with a = 0.25")


def ratio(runs, first, last):
    """Per seed: the second moment at layer ``last`` over that at ``first``."""
    return runs[:, last - 1] / runs[:, first - 1]


def check(found, seeds):
    """The page's claims for the pairings in ``found``, measured with ``seeds``."""
    problems = []
    for name, ((f_low, f_high), (b_low, b_high)) in BOUNDS.items():
        if name not in found:
            continue
        forward, backward = ratio(found[name][0], 1, 50), ratio(found[name][1], 50, 1)
        for seed, f, b in zip(seeds, forward.tolist(), backward.tolist(), strict=True):
            if not (f_low < f < f_high and b_low < b < b_high):
                problems.append(f"{name}, seed {seed}: {f:.3g} and {b:.3g}")
        if name in DRIFT_DOWN and forward.quantile(0.5) >= 1:
            problems.append(f"{name}: median {forward.quantile(0.5):.3g}, not below 1")
    for name, theory in MEAN_FIELD.items():  # width 128 follows width → ∞
        if name not in found:
            continue
        for runs, limit in zip(found[name], theory, strict=True):
            off = np.abs(np.log(runs.quantile(0.5, dim=0).numpy() / limit))
            if off.max() >= math.log(1.5):
                problems.append(f"{name}: median {np.exp(off.max()):.3g}× off the limit")
    assert not problems, "\n".join(problems)
# --8<-- [end:claims]

# --8<-- [start:plot]
import matplotlib.pyplot as plt
from matplotlib.ticker import LogLocator

LAYERS = np.arange(1, 51)


def band(ax, runs, style, label):
    """The median over seeds as a line, the range over seeds as a band."""
    line, = ax.plot(LAYERS, runs.quantile(0.5, dim=0), style, label=label)
    ax.fill_between(LAYERS, runs.min(0).values, runs.max(0).values,
                    color=line.get_color(), alpha=0.25, linewidth=0)


def draw_pairings(found):
    fig, (fwd, bwd) = plt.subplots(1, 2, figsize=(7.0, 3.6), sharex=True)
    styles = iter(["-", "--", "-.", ":"])
    for name, (forward, backward) in found.items():
        style = next(styles)
        band(fwd, forward, style, name)
        band(bwd, backward, style, name)
        if name in MEAN_FIELD:
            for ax, theory in zip((fwd, bwd), MEAN_FIELD[name], strict=True):
                ax.plot(LAYERS, theory, color=plt.rcParams["text.color"], lw=0.7)
    for ax, label in [(fwd, "E[z²], forward"), (bwd, "E[(∂L/∂z)²], backward")]:
        ax.set(title=label, xlabel="layer", yscale="log")
        ax.yaxis.set_major_locator(LogLocator(numticks=6))  # tens of decades
        ax.minorticks_off()
    handles, labels = fwd.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8)
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    return fig


@cache  # each figure is drawn twice, once per palette: measure once
def matched():
    found = measure(MATCHED)
    check(found, SEEDS)
    return found


@cache
def mismatched():
    found = measure(MISMATCHED)
    check(found, SEEDS)
    return found | {"ReLU, He": matched()["ReLU, He"]}


def draw_matched():
    return draw_pairings(matched())


def draw_mismatched():
    return draw_pairings(mismatched())
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"initialisation-matched": draw_matched,
          "initialisation-mismatched": draw_mismatched})
