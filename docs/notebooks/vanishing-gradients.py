# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Vanishing gradients through sigmoid layers
#
# The sigmoid's derivative $\sigma'(x) = \sigma(x)(1 - \sigma(x))$ is at most
# $\frac{1}{4}$, reached at $x = 0$, and it goes to 0 as $|x|$ grows: large
# pre-activations *saturate*. Backpropagation multiplies one such factor per
# layer, so the gradient reaching the first layers of a deep sigmoid network
# can be smaller by many orders of magnitude than the gradient at the top.
# This notebook measures it over several random draws, and compares the same
# networks with ReLU.
#
# This notebook accompanies
# [exercise 7](../../exercises/vanishing-gradients/).
#
# **Knobs.** Change them and run the notebook again: every check below is
# derived from them, not from one run's numbers.

# %%
depth = 20  # hidden layers of the deep network (at least 2)
width = 64  # units per hidden layer
batch = 128  # examples per batch
seeds = range(10)  # one draw of weights and data per seed
chain_length = 10  # sigmoids in the chain
batch_sizes = [1, 16, 128, 1024]  # for the batch-size experiment

# %%
import math
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

assert depth >= 2, "the ratio compares hidden layer 1 with hidden layer `depth`"

x = (torch.arange(-1200, 1201, dtype=torch.float64) / 100).requires_grad_()  # -12 to 12, 0 included
torch.sigmoid(x).sum().backward()
peak = x.grad.argmax()
print(f"max sigma'(x) on the grid: {x.grad[peak].item()} at x = {x[peak].item()}")
assert x.grad.max().item() == 0.25  # sigma(0) = 1/2 exactly, so 1/2 * 1/2
for value in [0.0, 2.0, 5.0, 10.0]:
    s = torch.sigmoid(torch.tensor(value, dtype=torch.float64))
    print(f"sigma'({value:4}) = {(s * (1 - s)).item():.2e}")

# %% [markdown]
# ## A chain of sigmoids
#
# For $L$ sigmoids applied one after the other, the chain rule gives a
# product of $L$ derivatives, each at most $\frac{1}{4}$:
#
# $$
# \frac{d}{dx} \sigma(\sigma(\cdots\sigma(x))) \le 4^{-L}
# % nocheck: a bound for every depth L; the cell below checks it with autograd for L = chain_length
# $$
#
# Check it with autograd for $L$ = `chain_length` on a grid:

# %%
x = (torch.arange(-1200, 1201, dtype=torch.float64) / 100).requires_grad_()
y = x
for _ in range(chain_length):
    y = torch.sigmoid(y)
y.sum().backward()
print(f"largest derivative: {x.grad.max().item():.3e}, "
      f"bound 4^-{chain_length} = {4.0 ** -chain_length:.3e}")
assert x.grad.max().item() <= 4.0**-chain_length

# %% [markdown]
# ## A deep network, over several draws
#
# An MLP with `depth` hidden layers of `width` units, initialised the way ReLU
# networks are (He initialisation: normal weights with variance
# $2/\text{width}$, zero biases), once with sigmoid and once with ReLU, the
# *same* weights in both. One backward pass of the mean squared error against
# random targets gives each layer's weight gradient, and the gradient with
# respect to each hidden layer's pre-activation (kept for the bound below).
# Every seed draws new weights and a new batch. With the knobs as given this
# is the network of the exercise page, whose figure is seed 0.


# %%
def deep_mlp(activation, seed):
    torch.manual_seed(seed)  # the same weights for every activation
    layers = []
    for i in range(depth + 1):
        linear = nn.Linear(width, width if i < depth else 1)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, activation()] if i < depth else [linear]
    return nn.Sequential(*layers)


def gradient_norms(model, X, Y):
    """Frobenius norms of the loss gradient w.r.t. each hidden layer's
    weights, and w.r.t. each hidden layer's pre-activation."""
    pre_activations = []
    h = X
    for layer in model:
        h = layer(h)
        if isinstance(layer, nn.Linear) and layer is not model[-1]:
            h.retain_grad()
            pre_activations.append(h)
    nn.functional.mse_loss(h, Y).backward()
    linears = [layer for layer in model if isinstance(layer, nn.Linear)][:-1]
    weight_grads = [layer.weight.grad.norm().item() for layer in linears]
    delta = [z.grad.norm().item() for z in pre_activations]
    return weight_grads, delta


def run(activation, seed, examples=batch):
    model = deep_mlp(activation, seed)
    X, Y = torch.randn(examples, width), torch.randn(examples, 1)
    return model, *gradient_norms(model, X, Y)


runs = {name: [run(act, seed) for seed in seeds]
        for name, act in [("sigmoid", nn.Sigmoid), ("ReLU", nn.ReLU)]}
ratios = {name: [grads[0] / grads[-1] for _, grads, _ in results]
          for name, results in runs.items()}
for name, values in ratios.items():
    print(f"{name:8} layer 1 / layer {depth}, over {len(values)} seeds: "
          f"min {min(values):.1e}  median {statistics.median(values):.1e}  "
          f"max {max(values):.1e}")

# %% alt="Gradient norm per layer: sigmoid's band falls towards layer 1, ReLU's stays flat"
fig, ax = plt.subplots(figsize=(5.5, 2.6))
layers = range(1, depth + 1)
for name, style in [("sigmoid", "-"), ("ReLU", "--")]:
    per_layer = torch.tensor([grads for _, grads, _ in runs[name]])  # (seeds, layers)
    line, = ax.semilogy(layers, per_layer.median(dim=0).values, style,
                        label=f"{name}, median")
    ax.fill_between(layers, per_layer.min(dim=0).values, per_layer.max(dim=0).values,
                    color=line.get_color(), alpha=0.25, linewidth=0,
                    label=f"{name}, min to max")
ax.set_xlabel("hidden layer (1 = next to the input)")
ax.set_ylabel("weight gradient norm")
ax.set_xticks(sorted({1, *range(5, depth + 1, 5), depth}))
ax.set_title(f"{len(seeds)} seeds, {depth} hidden layers of {width}")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Why: one factor per layer
#
# Let $\boldsymbol{\delta}_l$ be the gradient of the loss with respect to
# the pre-activation of hidden layer $l$. Backpropagation through the next
# layer multiplies by its weights, then by the activation's derivative entry
# by entry, so for sigmoid and for ReLU
#
# $$
# \lVert \boldsymbol{\delta}_l \rVert
# \le \frac{1}{4} \lVert \mathbf{W}^{(l+1)} \rVert_2 \,
#   \lVert \boldsymbol{\delta}_{l+1} \rVert
# \qquad
# \lVert \boldsymbol{\delta}_l \rVert
# \le \lVert \mathbf{W}^{(l+1)} \rVert_2 \,
#   \lVert \boldsymbol{\delta}_{l+1} \rVert
# % nocheck: norms of vectors and matrices; the cell below checks both bounds at every layer
# $$
#
# where $\lVert \mathbf{W} \rVert_2$ is the largest singular value. With the
# same weights, the sigmoid's bound over the whole depth is
# $4^{\text{depth} - 1}$ times the ReLU's. Both bounds hold at every layer of
# every draw:

# %%
for name, slope_bound in [("sigmoid", 0.25), ("ReLU", 1.0)]:
    factors, bounds = [], []
    for model, _, delta in runs[name]:
        hidden = [layer for layer in model if isinstance(layer, nn.Linear)][:-1]
        for below, above, weights in zip(delta, delta[1:], hidden[1:], strict=False):
            spectral = torch.linalg.matrix_norm(weights.weight, ord=2).item()
            # 1e-5: float32 rounding of the norms and of the backward pass
            assert below <= slope_bound * spectral * above * (1 + 1e-5)
            if below > 0:  # a ReLU layer can be dead for the whole batch
                bounds.append(slope_bound * spectral)
                factors.append(below / above)
    mean = math.exp(statistics.fmean(map(math.log, factors)))
    print(f"{name:8} factor per layer: {min(factors):.3f} to {max(factors):.3f} "
          f"(geometric mean {mean:.3f}); bound {min(bounds):.3f} to {max(bounds):.3f}")

# %% [markdown]
# The sigmoid's measured factors sit well below its bound, which would need
# every unit at $x = 0$, where $\sigma'$ peaks, and the gradient along the
# weights' largest singular direction. ReLU's derivative is exactly 1 for
# every active unit, so nothing in its backward pass shrinks the gradient by
# itself: with He initialisation the expected squared gradient is the same at
# every layer, and what is left is the spread between draws.
#
# ## Why most ReLU ratios are below 1: the batch
#
# The weight gradient of a layer is a sum over the batch of one outer product
# per example. The inputs of layer 1 are independent random vectors, so the
# examples' terms point in unrelated directions and partly cancel. Deep in a
# ReLU network the examples' activations become alike (their mean pairwise
# cosine similarity grows with depth), their terms line up, and the sum is
# larger. So the first-to-last ratio depends on the batch size:

# %%
def mean_cosine(H):
    """Mean cosine similarity between the rows of H, over distinct pairs."""
    U = nn.functional.normalize(H, dim=1)
    n = len(H)
    return ((U @ U.T).sum() - n) / (n * (n - 1))


model = deep_mlp(nn.ReLU, seeds[0])
X = torch.randn(batch, width)  # the batch that seed's gradients used
with torch.no_grad():
    cosines = [mean_cosine(X).item()]
    h = X
    for layer in model[:-1]:
        h = layer(h)
        if isinstance(layer, nn.ReLU):
            cosines.append(mean_cosine(h).item())
print(f"mean cosine between examples: input {cosines[0]:.3f}, "
      f"hidden layer 1 {cosines[1]:.3f}, hidden layer {depth} {cosines[-1]:.3f}")
assert cosines[-1] > cosines[0]  # ReLU outputs are non-negative: never opposed

for examples in batch_sizes:
    values = [grads[0] / grads[-1]
              for _, grads, _ in (run(nn.ReLU, s, examples) for s in seeds)
              if grads[-1] > 0]  # a batch of one can leave the last layer dead
    print(f"batch {examples:5}: median ReLU ratio {statistics.median(values):.2f} "
          f"over {len(values)} seeds")

# %% [markdown]
# ## A larger weight cannot rescue a sigmoid unit
#
# A unit $\sigma(r x)$ with weight $r$ passes back the factor
# $\partial \sigma(r x) / \partial x = r\sigma'(r x)$. A larger $r$ raises the
# first factor and pushes the unit into saturation, which lowers the second
# far faster. With $u = r x$ the factor is $u\sigma'(u) / x$, and $u\sigma'(u)$
# peaks at about 0.224, where $u \tanh(u/2) = 1$ ($u \approx 1.543$): no
# weight makes a unit with input $x$ pass back more than $0.224/|x|$.

# %% alt="r sigma'(r x) against the weight r for three inputs x: each peaks at 0.224 / x"
r = torch.linspace(0, 12, 12001, dtype=torch.float64, requires_grad=True)
fig, ax = plt.subplots(figsize=(5.5, 2.6))
for x_in in (0.5, 1.0, 2.0):
    r.grad = None
    torch.sigmoid(r * x_in).sum().backward()  # r.grad = x sigma'(r x)
    factor = r.grad * r.detach() / x_in  # r sigma'(r x)
    best = factor.argmax()
    print(f"x = {x_in}: largest factor {factor[best].item():.4f} "
          f"at r = {r[best].item():.3f}")
    assert abs(factor[best].item() - 0.2239 / x_in) < 1e-3 / x_in
    ax.plot(r.detach(), factor, label=f"x = {x_in}")
ax.set_xlabel("weight r")
ax.set_ylabel("r σ'(r x)")
ax.legend()
plt.show()

# %% [markdown]
# The peak moves to smaller weights for larger inputs and is never above
# $\frac{1}{4}$ for an input of 1: scaling the weights up trades the factor
# $\frac{1}{4}$ for saturation.
