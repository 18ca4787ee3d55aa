# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # From a tanh network to a sigmoid network, and back
#
# Since $\tanh(x) + 1 = 2\sigma(2x)$, every tanh MLP can be rewritten as a
# sigmoid MLP that computes exactly the same function, by changing only its
# weights and biases, and the other way round. This notebook derives the
# rewrite, applies it to a random network, and checks that the outputs agree
# to rounding in float64.
#
# This notebook accompanies
# [exercise 5](../../exercises/tanh-sigmoid/).

# %%
import torch
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

x = torch.linspace(-10, 10, 2001)
identity_error = (torch.tanh(x) - (2 * torch.sigmoid(2 * x) - 1)).abs().max().item()
print(f"max |tanh(x) - (2 sigma(2x) - 1)| on the grid: {identity_error:.1e}")
assert identity_error < 1e-15

# %% [markdown]
# ## The rewrite, layer by layer
#
# Write a layer the way the book does, $\mathbf{H} = \phi(\mathbf{X}
# \mathbf{W} + \mathbf{b})$, with one example per row of $\mathbf{X}$, and let
# $\mathbf{1}$ be the row vector of ones. Replace every tanh hidden layer
# $\mathbf{H}$ by a sigmoid layer $\mathbf{S}$ with
# $\mathbf{H} = 2\mathbf{S} - 1$.
#
# **First hidden layer.** Its input is the data:
#
# $$
# \tanh(\mathbf{X} \mathbf{W} + \mathbf{b}) =
#   2\sigma(\mathbf{X} (2\mathbf{W}) + 2\mathbf{b}) - 1
# $$
#
# so the sigmoid layer uses $2\mathbf{W}$ and $2\mathbf{b}$.
#
# **A later layer** receives $\mathbf{H} = 2\mathbf{S} - 1$ from the layer
# below. Its pre-activation is
#
# $$
# \begin{aligned}
# \mathbf{H} \mathbf{W} + \mathbf{b} &= (2\mathbf{S} - 1) \mathbf{W} + \mathbf{b} \\
# &= \mathbf{S} (2\mathbf{W}) + \mathbf{b} - \mathbf{1} \mathbf{W}
# \end{aligned}
# $$
#
# where $\mathbf{1} \mathbf{W}$ is the row of column sums of $\mathbf{W}$ (one
# sum per unit of this layer, over the units feeding it). For a hidden layer
# the tanh is turned into a sigmoid once more, which doubles everything
# again: weights $4\mathbf{W}$, bias $2(\mathbf{b} - \mathbf{1}\mathbf{W})$.
# The output layer has no activation: weights $2\mathbf{W}$, bias
# $\mathbf{b} - \mathbf{1}\mathbf{W}$.
#
# **Back.** Each step is invertible. With $\sigma(x) = (\tanh(x/2) + 1)/2$,
# solve the three rules for the tanh weights: first layer $\mathbf{W}' / 2$,
# $\mathbf{b}' / 2$; later hidden layers $\mathbf{W}'/4$ and
# $\mathbf{b}'/2 + \mathbf{1}\mathbf{W}'/4$; output layer $\mathbf{W}'/2$ and
# $\mathbf{b}' + \mathbf{1}\mathbf{W}'/2$.
#
# In PyTorch, `nn.Linear` stores the transpose: `weight` is
# $\mathbf{W}^\top$, one row per output unit. The column sums of
# $\mathbf{W}$ are therefore the row sums of `weight`, `weight.sum(dim=1)`.

# %%
def mlp(widths, activation):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(widths) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def linears(model):
    return [layer for layer in model if isinstance(layer, nn.Linear)]


def tanh_to_sigmoid(model):
    """A sigmoid MLP computing the same function as the tanh MLP ``model``."""
    layers = linears(model)
    widths = [layers[0].in_features] + [layer.out_features for layer in layers]
    new = mlp(widths, nn.Sigmoid)
    with torch.no_grad():
        for i, (old, lin) in enumerate(zip(layers, linears(new))):
            W, b = old.weight, old.bias
            if i == 0:  # input: tanh(z) = 2 sigma(2z) - 1
                lin.weight.copy_(2 * W)
                lin.bias.copy_(2 * b)
            elif i < len(layers) - 1:  # input 2S - 1, output doubled again
                lin.weight.copy_(4 * W)
                lin.bias.copy_(2 * (b - W.sum(dim=1)))
            else:  # output layer: input 2S - 1, no activation
                lin.weight.copy_(2 * W)
                lin.bias.copy_(b - W.sum(dim=1))
    return new


def sigmoid_to_tanh(model):
    """The inverse rewrite: a tanh MLP computing what the sigmoid ``model`` does."""
    layers = linears(model)
    widths = [layers[0].in_features] + [layer.out_features for layer in layers]
    new = mlp(widths, nn.Tanh)
    with torch.no_grad():
        for i, (old, lin) in enumerate(zip(layers, linears(new))):
            W, b = old.weight, old.bias
            if i == 0:
                lin.weight.copy_(W / 2)
                lin.bias.copy_(b / 2)
            elif i < len(layers) - 1:
                lin.weight.copy_(W / 4)
                lin.bias.copy_(b / 2 + W.sum(dim=1) / 4)
            else:
                lin.weight.copy_(W / 2)
                lin.bias.copy_(b + W.sum(dim=1) / 2)
    return new


# %% [markdown]
# ## Checking it
#
# A random tanh MLP with three hidden layers, its sigmoid rewrite, and the
# rewrite of the rewrite, on a batch of random inputs:

# %%
tanh_net = mlp([4, 16, 16, 16, 3], nn.Tanh)
sigmoid_net = tanh_to_sigmoid(tanh_net)
back = sigmoid_to_tanh(sigmoid_net)
print(sigmoid_net)

X = torch.randn(256, 4)
with torch.no_grad():
    y_tanh, y_sigmoid, y_back = tanh_net(X), sigmoid_net(X), back(X)

to_sigmoid = (y_tanh - y_sigmoid).abs().max().item()
round_trip = (y_tanh - y_back).abs().max().item()
weights_back = max(
    (p - q).abs().max().item() for p, q in zip(tanh_net.parameters(), back.parameters())
)
print(f"tanh vs sigmoid outputs:        {to_sigmoid:.1e}")
print(f"tanh vs round-trip outputs:     {round_trip:.1e}")
print(f"tanh vs round-trip parameters:  {weights_back:.1e}")
assert to_sigmoid <= 1e-12
assert round_trip <= 1e-12
assert weights_back <= 1e-12

# %% [markdown]
# The rewrite changes only parameters, never the architecture: the two
# function classes, all tanh MLPs and all sigmoid MLPs of a given shape, are
# the same set of functions, because the rewrite is a one-to-one map between
# their parameters.
