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
# to rounding in float64. Then it trains both twins with the same gradient
# descent, from the same function, and watches them part: the same function
# class, not the same training.
#
# This notebook accompanies
# [exercise 5](../../exercises/tanh-sigmoid/).
#
# **Knobs.** Change them and run the notebook again: every check below is
# derived from them.

# %%
widths = [4, 16, 16, 16, 3]  # input, hidden layers (at least one), output
seed = 0
examples = 256  # training examples
steps = 300  # gradient descent steps (at least 1)
lr = 0.1  # the same step size for both twins

# %%
from itertools import pairwise

import matplotlib.pyplot as plt
import torch
from torch import nn

assert len(widths) >= 3 and steps >= 1
torch.manual_seed(seed)
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
# % nocheck: matrices; the cells below check the converted network against the original
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
# % nocheck: matrices; the cells below check the converted network against the original
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
    for i, (n_in, n_out) in enumerate(pairwise(widths)):
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
        for i, (old, lin) in enumerate(zip(layers, linears(new), strict=True)):
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
        for i, (old, lin) in enumerate(zip(layers, linears(new), strict=True)):
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
# A random tanh MLP with the widths above, its sigmoid rewrite, and the
# rewrite of the rewrite, on a batch of random inputs:

# %%
tanh_net = mlp(widths, nn.Tanh)
sigmoid_net = tanh_to_sigmoid(tanh_net)
back = sigmoid_to_tanh(sigmoid_net)
print(sigmoid_net)

X = torch.randn(256, widths[0])
with torch.no_grad():
    y_tanh, y_sigmoid, y_back = tanh_net(X), sigmoid_net(X), back(X)

to_sigmoid = (y_tanh - y_sigmoid).abs().max().item()
round_trip = (y_tanh - y_back).abs().max().item()
weights_back = max(
    (p - q).abs().max().item()
    for p, q in zip(tanh_net.parameters(), back.parameters(), strict=True)
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


# %% [markdown]
# ## Same functions, different training
#
# Train the tanh network and its sigmoid twin on the same regression task,
# with the same full-batch gradient descent and the same step size. They
# start as the same function. The gradients do not correspond, though. The
# sigmoid twin's first-layer weight is $\mathbf{W}_s = 2\mathbf{W}$, so by the
# chain rule its gradient is half the tanh network's,
# $\partial \ell / \partial \mathbf{W}_s = \frac12\,\partial \ell / \partial \mathbf{W}$,
# and a step of size $\eta$ on $\mathbf{W}_s$ moves $\mathbf{W} = \mathbf{W}_s / 2$
# by $\frac{\eta}{4}$ times the tanh gradient. In the later layers the rewrite
# also ties the tanh bias to the sigmoid weights
# ($\mathbf{b} = \frac12\mathbf{b}_s + \frac14\mathbf{1}\mathbf{W}_s$ in a hidden
# layer, $\mathbf{b}_s + \frac12\mathbf{1}\mathbf{W}_s$ in the output layer),
# so the bias gradient $\mathbf{g}_b$ joins the weight gradient
# $\mathbf{G}_W$: read back as a tanh network, the twin's step on the weights
# is
#
# $$
# \begin{aligned}
# &\frac{\eta}{4}\mathbf{G}_W && \text{first layer} \\
# &\frac{\eta}{16}(\mathbf{G}_W + \mathbf{1}^\top\mathbf{g}_b) && \text{other hidden layers} \\
# &\frac{\eta}{4}(\mathbf{G}_W + \mathbf{1}^\top\mathbf{g}_b) && \text{output layer}
# \end{aligned}
# % nocheck: a list of step sizes, not an identity; one training step below checks them
# $$
#
# where $\mathbf{1}^\top\mathbf{g}_b$ adds the bias gradient to every row.
# So the sigmoid twin trains like a tanh network with smaller,
# layer-dependent steps, pulled along the biases' gradient. One step checks
# it:

# %%
teacher = mlp(widths, nn.Tanh)  # targets from another random network
inputs = torch.randn(examples, widths[0])
with torch.no_grad():
    targets = teacher(inputs)


def sgd_step(model):
    """One step of gradient descent on the mean squared error; returns the loss."""
    model.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p.sub_(lr * p.grad)
    return loss.item()


student_tanh = mlp(widths, nn.Tanh)
student_sigmoid = tanh_to_sigmoid(student_tanh)
start = [layer.weight.detach().clone() for layer in linears(student_tanh)]
sgd_step(student_tanh)
sgd_step(student_sigmoid)
returned = linears(sigmoid_to_tanh(student_sigmoid))
last = len(returned) - 1
for i, (layer, old, tanh_layer) in enumerate(
    zip(returned, start, linears(student_tanh), strict=True)
):
    # nn.Linear's weight is W transposed: row j holds unit j's weights
    G, g = tanh_layer.weight.grad, tanh_layer.bias.grad
    step = lr / 4 * G if i == 0 else (lr / 4 if i == last else lr / 16) * (G + g[:, None])
    assert torch.allclose(layer.weight, old - step, rtol=0, atol=1e-12)
print("one step of the sigmoid twin, read as a tanh network, is the step above")

# %% [markdown]
# Now train both, from the same start, and measure the loss of each and the
# largest difference between their outputs on the training inputs:

# %%
student_tanh = mlp(widths, nn.Tanh)
student_sigmoid = tanh_to_sigmoid(student_tanh)
losses = {"tanh": [], "sigmoid": []}
apart = []
for _ in range(steps):
    losses["tanh"].append(sgd_step(student_tanh))
    losses["sigmoid"].append(sgd_step(student_sigmoid))
    with torch.no_grad():
        apart.append((student_tanh(inputs) - student_sigmoid(inputs)).abs().max().item())
print(f"loss at the start: tanh {losses['tanh'][0]:.6f}, sigmoid {losses['sigmoid'][0]:.6f}")
print(f"loss after {steps} steps: tanh {losses['tanh'][-1]:.6f}, "
      f"sigmoid {losses['sigmoid'][-1]:.6f}")
print(f"largest output difference after {steps} steps: {apart[-1]:.2e}")
assert abs(losses["tanh"][0] - losses["sigmoid"][0]) <= 1e-12 * losses["tanh"][0]
assert apart[-1] > 1e-9  # far above the rounding of the conversion (about 1e-15)

# %% alt="Training loss per step of the tanh network and its sigmoid twin: equal, then apart"
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.plot(losses["tanh"], "-", label="tanh")
left.plot(losses["sigmoid"], "--", label="sigmoid twin")
left.set_yscale("log")
left.set_xlabel("gradient step")
left.set_ylabel("training loss")
left.legend()
right.plot(apart)
right.set_yscale("log")
right.set_xlabel("gradient step")
right.set_ylabel("max |tanh - sigmoid| output")
fig.tight_layout()
plt.show()

# %% [markdown]
# The two networks can compute the same functions, and start from the same
# one, but gradient descent walks a different path through each
# parameterisation. Which one trains faster depends on the step size: the
# tanh network with step $\eta$ behaves like the sigmoid twin with a step up
# to 16 times larger. Equal expressive power says nothing about training.
