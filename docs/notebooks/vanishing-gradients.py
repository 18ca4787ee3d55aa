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
# This notebook measures it, and compares the same network with ReLU.
#
# This notebook accompanies
# [exercise 7](../../exercises/vanishing-gradients/).

# %%
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

x = (torch.arange(-1200, 1201) / 100).requires_grad_()  # -12 to 12, 0 included
torch.sigmoid(x).sum().backward()
peak = x.grad.argmax()
print(f"max sigma'(x) on the grid: {x.grad[peak].item()} at x = {x[peak].item()}")
assert x.grad.max().item() == 0.25
for value in [0.0, 2.0, 5.0, 10.0]:
    s = torch.sigmoid(torch.tensor(value))
    print(f"sigma'({value:4}) = {(s * (1 - s)).item():.2e}")

# %% [markdown]
# ## A chain of sigmoids
#
# For $L$ sigmoids applied one after the other, the chain rule gives a
# product of $L$ derivatives, each at most $\frac{1}{4}$:
#
# $$
# \frac{d}{dx} \sigma(\sigma(\cdots\sigma(x))) \le 4^{-L}
# $$
#
# Check it with autograd for $L = 10$ on a grid:

# %%
L = 10
x = (torch.arange(-1200, 1201) / 100).requires_grad_()
y = x
for _ in range(L):
    y = torch.sigmoid(y)
y.sum().backward()
print(f"largest derivative: {x.grad.max().item():.3e}, bound 4^-{L} = {4.0 ** -L:.3e}")
assert x.grad.max().item() <= 4.0**-L

# %% [markdown]
# ## A deep network
#
# An MLP with 20 hidden layers of 64 units, initialised the way ReLU networks
# are (He initialisation: normal weights with variance $2/64$, zero biases),
# once with sigmoid and once with ReLU, the *same* weights in both. One
# backward pass of a squared loss on a random batch gives each layer's weight
# gradient.

# %%
depth, width = 20, 64


def deep_mlp(activation):
    torch.manual_seed(1)  # the same weights for every activation
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, activation()]
    return nn.Sequential(*layers, nn.Linear(width, 1))


def gradient_norms(model, X):
    """Frobenius norm of the loss gradient w.r.t. each hidden layer's weights,
    and w.r.t. each hidden layer's pre-activation (kept for the bound below)."""
    pre_activations = []
    h = X
    for layer in model:
        h = layer(h)
        if isinstance(layer, nn.Linear) and layer is not model[-1]:
            h.retain_grad()
            pre_activations.append(h)
    h.pow(2).mean().backward()
    linears = [layer for layer in model if isinstance(layer, nn.Linear)][:-1]
    weight_grads = [layer.weight.grad.norm().item() for layer in linears]
    delta = [z.grad.norm().item() for z in pre_activations]
    return weight_grads, delta


X = torch.randn(128, width)
sigmoid_net, relu_net = deep_mlp(nn.Sigmoid), deep_mlp(nn.ReLU)
sigmoid_grads, sigmoid_delta = gradient_norms(sigmoid_net, X)
relu_grads, _ = gradient_norms(relu_net, X)
for name, grads in [("sigmoid", sigmoid_grads), ("ReLU", relu_grads)]:
    print(f"{name:8} layer 1: {grads[0]:.1e}   layer {depth}: {grads[-1]:.1e}"
          f"   ratio {grads[0] / grads[-1]:.1e}")
assert sigmoid_grads[0] / sigmoid_grads[-1] < 1e-8
assert 1e-2 < relu_grads[0] / relu_grads[-1] < 1e2

# %% alt="Gradient norm per layer: sigmoid's collapses towards layer 1, ReLU's does not"
layers = range(1, depth + 1)
fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(layers, sigmoid_grads, "o-", label="sigmoid")
ax.semilogy(layers, relu_grads, "s-", label="ReLU")
ax.set_xlabel("hidden layer (1 = next to the input)")
ax.set_ylabel("weight gradient norm")
ax.set_xticks([1, 5, 10, 15, 20])
ax.legend()
plt.show()

# %% [markdown]
# ## Why: one factor per layer
#
# Let $\boldsymbol{\delta}_l$ be the gradient of the loss with respect to
# the pre-activation of hidden layer $l$. Backpropagation through the next
# layer multiplies by its weights, then by $\sigma'$ entry by entry, so
#
# $$
# \lVert \boldsymbol{\delta}_l \rVert
# \le \frac{1}{4} \lVert \mathbf{W}^{(l+1)} \rVert_2 \,
#   \lVert \boldsymbol{\delta}_{l+1} \rVert
# $$
#
# where $\lVert \mathbf{W} \rVert_2$ is the largest singular value. Unless the
# weights are large enough to make that factor exceed 1 (and large weights
# push units into saturation, where $\sigma'$ is far below $\frac{1}{4}$), the
# gradient shrinks geometrically with depth. The bound holds at every layer
# of the network above:

# %%
hidden = [layer for layer in sigmoid_net if isinstance(layer, nn.Linear)][:-1]
factors, bounds = [], []
for l in range(depth - 1):
    bounds.append(torch.linalg.matrix_norm(hidden[l + 1].weight, ord=2).item() / 4)
    factors.append(sigmoid_delta[l] / sigmoid_delta[l + 1])
    assert factors[-1] <= bounds[-1]
print(f"per-layer shrink factor: between {min(factors):.3f} and {max(factors):.3f}")
print(f"bound ||W||_2 / 4:       between {min(bounds):.3f} and {max(bounds):.3f}")
print(f"geometric mean of the factors: {math.prod(factors) ** (1 / len(factors)):.3f}")

# %% [markdown]
# The measured factors sit well below the bound, which would need every unit
# at $x = 0$, where $\sigma'$ peaks, and the gradient along the weights'
# largest singular direction. ReLU's derivative is exactly 1 for every
# active unit, so nothing in its backward pass shrinks the gradient by
# itself: with weights scaled for it, the first layer's gradient stays within
# a factor of 100 of the last layer's, as asserted above.
