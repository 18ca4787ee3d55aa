"""Dead ReLU units: a forward hook that counts them, and what kills them
(a large learning rate, a negative bias shift) and what does not, measured in
short training runs over seeds.

Run alone: python snippets/dead-relus.py --out DIR
"""

# --8<-- [start:hook]
import torch
from torch import nn


class DeadUnits:
    """Which units of a model's activation layers never had a positive input.

    A forward hook on every ReLU (and leaky ReLU, pReLU) layer records, for
    each unit, whether its input z was > 0 for any example of any batch the
    model has seen since the monitor was attached. A ReLU unit with z ≤ 0 on
    every example of a data set gets a zero gradient from all of them: it is
    dead on that data. Use as a context manager, so the hooks are removed.
    """

    KINDS = (nn.ReLU, nn.LeakyReLU, nn.PReLU)

    def __init__(self, model):
        self.active = {}  # layer -> bool tensor, one entry per unit
        self.handles = [layer.register_forward_hook(self.record)
                        for layer in model.modules() if isinstance(layer, self.KINDS)]

    def record(self, layer, inputs, output):
        z = inputs[0].detach()
        fired = (z > 0).reshape(-1, z.shape[-1]).any(dim=0)  # units: last dim
        seen = self.active.get(layer)
        self.active[layer] = fired if seen is None else seen | fired

    def fractions(self):
        """The fraction of dead units in each layer, input side first."""
        return [1 - active.float().mean().item() for active in self.active.values()]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for handle in self.handles:
            handle.remove()
# --8<-- [end:hook]

# --8<-- [start:setup]
import math

# The data set: 512 points in 8 dimensions and a nonlinear two-class label.
# Seed 0 draws it once; the seeds of the runs below draw only the weights and
# the minibatches.
data = torch.Generator().manual_seed(0)
X = torch.randn(512, 8, generator=data)
direction = torch.randn(8, generator=data)
Y = (torch.sin(2 * X @ direction / math.sqrt(8)) + X[:, 0] ** 2 / 2 > 0.5).float()[:, None]


def mlp(activation=nn.ReLU, width=64):
    """8 → 64 → 64 → 1 with PyTorch's default initialisation."""
    return nn.Sequential(nn.Linear(8, width), activation(),
                         nn.Linear(width, width), activation(), nn.Linear(width, 1))


def dead_fractions(model):
    with DeadUnits(model) as dead, torch.no_grad():
        model(X)  # the whole data set: dead means dead on all of it
    return dead.fractions()


def train(seed, lr, *, activation=nn.ReLU, init=None, steps=100, every=5):
    """SGD on minibatches of 64, logistic loss. Returns the fractions of dead
    units per layer every ``every`` steps, shape (steps // every + 1, 2), and
    the final loss on the whole data set (nan or inf if training diverged)."""
    with torch.random.fork_rng():  # leave the global generator as it was
        torch.manual_seed(seed)
        model = mlp(activation)
        if init is not None:
            init(model)
    batches = torch.Generator().manual_seed(seed)
    loss_fn = nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    dead = []
    for step in range(steps + 1):
        if step % every == 0:
            dead.append(dead_fractions(model))
        if step == steps:
            break
        idx = torch.randint(0, len(X), (64,), generator=batches)
        opt.zero_grad()
        loss_fn(model(X[idx]), Y[idx]).backward()
        opt.step()
    with torch.no_grad():
        loss = loss_fn(model(X), Y).item()
    return torch.tensor(dead), loss
# --8<-- [end:setup]

# --8<-- [start:check-hook]
# The hook against the pre-activations computed directly.
with torch.random.fork_rng():
    torch.manual_seed(0)
    model = mlp()
with torch.no_grad():
    model[0].bias -= 1.0  # a negative bias shift kills some units
    z1 = model[0](X)
    z2 = model[2](model[1](z1))
direct = [(z1 <= 0).all(0).float().mean().item(), (z2 <= 0).all(0).float().mean().item()]
assert dead_fractions(model) == direct
assert direct[0] > 0
# --8<-- [end:check-hook]

# --8<-- [start:shift]
SHIFTS = [0.25 * k for k in range(9)]  # 0 to 2
SEEDS = range(10)  # seeds 0-9 in the figures; the page's claims hold for 0-19


def he_init(model):
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)


def shifted(seed, shift, layers=(0, 2), init=None):
    """A fresh model whose hidden biases (layers 0 and 2) are lowered by shift."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = mlp()
        if init is not None:
            init(model)
    with torch.no_grad():
        for k in layers:
            model[k].bias -= shift
    return model


def stays_dead(seed, shift=1.5, lr=1.0, steps=100):
    """Lower the first layer's biases, then train. Returns the number of
    first-layer units dead at the start, whether all of them end with their
    weights and bias unchanged bit for bit, and whether every live one moved."""
    model = shifted(seed, shift, layers=(0,))
    with torch.no_grad():
        dead = (model[0](X) <= 0).all(0)
    start = torch.cat([model[0].weight, model[0].bias[:, None]], 1).detach().clone()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    batches = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        idx = torch.randint(0, len(X), (64,), generator=batches)
        opt.zero_grad()
        nn.functional.binary_cross_entropy_with_logits(model(X[idx]), Y[idx]).backward()
        opt.step()
    end = torch.cat([model[0].weight, model[0].bias[:, None]], 1).detach()
    unchanged = (end == start).all(1)
    return int(dead.sum()), bool(unchanged[dead].all()), bool((~unchanged[~dead]).all())
# --8<-- [end:shift]

# --8<-- [start:remedies]
LEARNING_RATES = [0.3, 1.0, 3.0, 10.0]
SETTINGS = {f"ReLU, lr {lr:g}": dict(lr=lr) for lr in LEARNING_RATES} | {
    # at lr 3, where ReLU units die
    "LeakyReLU 0.01": dict(lr=3.0, activation=lambda: nn.LeakyReLU(0.01)),
    "LeakyReLU 0.1": dict(lr=3.0, activation=lambda: nn.LeakyReLU(0.1)),
    "ReLU, He init": dict(lr=3.0, init=he_init),
    "pReLU": dict(lr=3.0, activation=nn.PReLU),
}
REMEDIES = ["ReLU, lr 3", "ReLU, lr 1", "LeakyReLU 0.01", "LeakyReLU 0.1",
            "ReLU, He init", "pReLU"]


def run_all(seeds):
    """{setting: (dead, loss)}: dead has shape (seeds, checkpoints, layers)."""
    found = {}
    for name, setting in SETTINGS.items():
        runs = [train(seed, **setting) for seed in seeds]
        found[name] = (torch.stack([dead for dead, _ in runs]),
                       torch.tensor([loss for _, loss in runs]))
    return found
# --8<-- [end:remedies]

# --8<-- [start:claims]
def at_end(found, name):
    """Per seed: the fraction of units dead (both layers) after the last step."""
    return found[name][0][:, -1].mean(1)


def check(found, seeds):
    """The page's claims about the training runs, measured with ``seeds``."""
    median = {name: at_end(found, name).quantile(0.5).item() for name in SETTINGS}
    problems = []

    def claim(holds, what):
        if not holds:
            problems.append(what)

    for name in SETTINGS:
        diverged = [s for s, loss in zip(seeds, found[name][1].tolist(), strict=True)
                    if not math.isfinite(loss)]
        claim(name == "pReLU" or not diverged, f"{name}: seeds {diverged} diverged")
    claim(not found["pReLU"][1].isfinite().any(), "pReLU: not every seed diverged")
    for lr in (0.3, 1.0):
        worst = at_end(found, f"ReLU, lr {lr:g}").max().item()
        claim(worst <= 0.05, f"lr {lr:g}: {worst:.3f} dead in one seed, above 5%")
    claim(0.08 <= median["ReLU, lr 3"] <= 0.18, f"lr 3: median {median['ReLU, lr 3']:.3f}")
    claim(at_end(found, "ReLU, lr 3").max() <= 0.25, "lr 3: a seed above 25%")
    claim(at_end(found, "ReLU, lr 10").min() >= 0.3, "lr 10: a seed below 30%")
    for lr in (0.3, 1.0, 3.0):  # below lr 10 only the second layer loses units
        first = found[f"ReLU, lr {lr:g}"][0][:, :, 0].max().item()
        claim(first == 0, f"lr {lr:g}: {first:.3f} of the first layer dead")
    claim(median["LeakyReLU 0.01"] >= 0.6 * median["ReLU, lr 3"],
          f"LeakyReLU 0.01: median {median['LeakyReLU 0.01']:.3f}, far below ReLU's")
    claim(median["LeakyReLU 0.1"] <= 0.5 * median["ReLU, lr 3"],
          f"LeakyReLU 0.1: median {median['LeakyReLU 0.1']:.3f}, not half ReLU's")
    claim(at_end(found, "LeakyReLU 0.1").max() <= 0.12, "LeakyReLU 0.1: a seed above 12%")
    claim(median["ReLU, He init"] >= 1.5 * median["ReLU, lr 3"],
          f"He init: median {median['ReLU, He init']:.3f}, not 1.5 times ReLU's")
    assert not problems, "\n".join(problems)


def check_shifts(default, he):
    """Dead at initialisation, (seeds, shifts, layers), for both inits."""
    at = {c: k for k, c in enumerate(SHIFTS)}
    assert (default[:, at[0.75], 1] >= 0.95).all(), "default, c = 0.75: layer 2 lives"
    assert (default[:, at[0.75], 0] <= 0.05).all(), "default, c = 0.75: layer 1 dies"
    assert (he[:, at[0.75], 1] <= 0.05).all(), "He, c = 0.75: layer 2 dies"
    assert (default[:, at[2.0], 0] >= 0.5).all(), "default, c = 2: layer 1 lives"
    assert (he[:, at[2.0], 0] <= 0.05).all(), "He, c = 2: layer 1 dies"


def check_stays_dead(seeds):
    """After a shift of 1.5 in the first layer, and 100 steps at lr 1."""
    for seed in seeds:
        n_dead, dead_unchanged, live_moved = stays_dead(seed)
        assert 10 <= n_dead <= 30 and dead_unchanged and live_moved, f"seed {seed}"
# --8<-- [end:claims]

# --8<-- [start:plot]
from functools import cache

import matplotlib.pyplot as plt

STEPS = torch.arange(0, 101, 5)


@cache  # each figure is drawn twice, once per palette: train once
def results():
    found = run_all(SEEDS)
    check(found, SEEDS)
    return found


def shift_curves(init=None, seeds=SEEDS):
    """Dead fractions, shape (seeds, shifts, layers)."""
    return torch.tensor([[dead_fractions(shifted(seed, c, init=init)) for c in SHIFTS]
                         for seed in seeds])


@cache
def shift_results():
    default, he = shift_curves(), shift_curves(he_init)
    check_shifts(default, he)
    check_stays_dead(SEEDS)
    return {"default": default, "He": he}


def draw_training():
    fig, ax = plt.subplots(figsize=(7.0, 3.0))
    for lr, style in zip(LEARNING_RATES, ["-", "--", "-.", ":"], strict=True):
        dead = results()[f"ReLU, lr {lr:g}"][0].mean(2)
        line, = ax.plot(STEPS, dead.quantile(0.5, dim=0), style, label=f"lr {lr:g}")
        ax.fill_between(STEPS, dead.min(0).values, dead.max(0).values,
                        color=line.get_color(), alpha=0.25, linewidth=0)
    ax.set(title="dead ReLU units during training, seeds 0–9 (median and range)",
           xlabel="SGD step", ylabel="fraction dead", ylim=(-0.02, 0.7))
    ax.legend(loc="upper right", ncol=2, fontsize=8)  # above the curves, at any width
    fig.tight_layout()
    return fig


def draw_shift():
    fig, ax = plt.subplots(figsize=(7.0, 3.0))
    styles = iter(["-", "--", "-.", ":"])
    for name, found in shift_results().items():
        for layer in (0, 1):
            runs = found[:, :, layer]
            line, = ax.plot(SHIFTS, runs.quantile(0.5, dim=0), next(styles), marker="o",
                            markersize=3, label=f"layer {layer + 1}, {name} init")
            ax.fill_between(SHIFTS, runs.min(0).values, runs.max(0).values,
                            color=line.get_color(), alpha=0.25, linewidth=0)
    ax.set(title="dead at initialisation after lowering the biases, seeds 0–9",
           xlabel="bias shift c (every bias of both hidden layers minus c)",
           ylabel="fraction dead")
    # Below the axes: inside, it would cross the curves on a phone's narrow variant.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize=8)
    fig.tight_layout()
    return fig


def draw_remedies():
    fig, ax = plt.subplots(figsize=(7.0, 3.2))
    ink = plt.rcParams["text.color"]
    for k, name in enumerate(REMEDIES):
        dead, loss = results()[name]
        for seed in SEEDS:
            x = k + (seed - 4.5) * 0.04
            if math.isfinite(loss[seed]):
                ax.plot(x, dead[seed, -1].mean(), "o", color=ink, markersize=3)
            else:
                ax.plot(x, 0.62, "x", color=ink, markersize=4)
    ax.axhline(0.58, color=ink, linewidth=0.6)
    ax.text(len(REMEDIES) - 1.3, 0.62, "diverged", ha="right", va="center", fontsize=8)
    labels = [n.replace(", ", "\n").replace("LeakyReLU ", "Leaky\nReLU\n") for n in REMEDIES]
    ax.set_xticks(range(len(REMEDIES)), labels, fontsize=8)
    ax.set(title="units with z ≤ 0 on every example after 100 steps, seeds 0–9",
           xlabel="learning rate 3, except for ReLU, lr 1",
           ylabel="fraction", ylim=(-0.02, 0.7))
    fig.tight_layout()
    return fig
# --8<-- [end:plot]


if __name__ == "__main__":
    from plotting import main

    main({"dead-relus-training": draw_training, "dead-relus-shift": draw_shift,
          "dead-relus-remedies": draw_remedies})
