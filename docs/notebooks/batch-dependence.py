# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A nonlinearity applied per minibatch
#
# Batch normalisation in training mode maps each example $x_i$ of a
# minibatch $x_1, \dots, x_n$ (one channel at a time) to
#
# $$
# y_i = \gamma \frac{x_i - \mu_B}{\sqrt{v_B + \epsilon}} + \beta
# $$
#
# where $\mu_B$ and $v_B$ are the mean and the (biased) variance *of the
# batch*. So an example's output is not a function of the example alone: it
# depends on the other examples it happens to be batched with. This notebook
# shows the consequences with `nn.BatchNorm1d`: outputs that change with the
# company, a mismatch between training and inference, sensitivity to the
# batch size, a degenerate batch of one, and gradients that couple examples.
#
# This notebook accompanies
# [exercise 6](../../exercises/minibatch-nonlinearity/).

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

C = 3  # channels (features)
gamma = torch.tensor([1.5, 0.5, 2.0])
beta = torch.tensor([0.3, -1.0, 2.0])


def batch_norm():
    """A fresh BatchNorm1d in training mode, with a visible gamma and beta."""
    bn = nn.BatchNorm1d(C)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    return bn


x0 = torch.randn(C)  # the example we follow

# %% [markdown]
# ## The same example, different company
#
# Put `x0` first in two batches whose other seven examples differ. Its input
# is the same; its output is not.

# %%
bn = batch_norm()
batch_a = torch.cat([x0[None], torch.randn(7, C)])
batch_b = torch.cat([x0[None], torch.randn(7, C) + 2.0])
out_a, out_b = bn(batch_a)[0], bn(batch_b)[0]
print("x0 in batch A ->", out_a.detach())
print("x0 in batch B ->", out_b.detach())
assert (out_a - out_b).abs().min() > 0.1

# The formula above, computed by hand, is what the module does:
mu, v = batch_a.mean(dim=0), batch_a.var(dim=0, unbiased=False)
by_hand = gamma * (batch_a - mu) / torch.sqrt(v + bn.eps) + beta
assert torch.allclose(bn(batch_a), by_hand, atol=1e-12)

# %% [markdown]
# ## Training and inference disagree
#
# At inference there may be one example and no batch, so the module keeps
# *running statistics*: after each training batch,
# $\hat\mu \leftarrow (1 - m)\hat\mu + m\,\mu_B$ and
# $\hat v \leftarrow (1 - m)\hat v + m\,v_B'$, with momentum $m = 0.1$ and
# $v_B'$ the *unbiased* batch variance. In evaluation mode (`bn.eval()`) it
# normalises with $\hat\mu, \hat v$ instead of the batch's own statistics.

# %%
bn = batch_norm()
batch = 2.0 + 3.0 * torch.randn(32, C)
train_out = bn(batch)
m = bn.momentum
assert torch.allclose(bn.running_mean, m * batch.mean(dim=0))
assert torch.allclose(bn.running_var, (1 - m) + m * batch.var(dim=0, unbiased=True))

bn.eval()
eval_out = bn(batch)
print("largest train/eval difference after one batch:",
      f"{(train_out - eval_out).abs().max().item():.2f}")
assert (train_out - eval_out).abs().max() > 1.0

# %% [markdown]
# After many batches from the same distribution (mean 2, standard deviation
# 3) the running statistics approach the population's, and the gap between
# the two modes on the first batch shrinks (it does not vanish: that batch's
# own statistics are not the population's). In evaluation mode the output no
# longer depends on the company.

# %%
with torch.no_grad():
    bn.train()
    for _ in range(300):
        bn(2.0 + 3.0 * torch.randn(32, C))
    print("running mean:", bn.running_mean)
    print("running var: ", bn.running_var)
    assert (bn.running_mean - 2.0).abs().max() < 0.3
    assert (bn.running_var - 9.0).abs().max() < 1.5

    bn.eval()
    eval_out = bn(batch)
    print("largest train/eval difference now:",
          f"{(train_out - eval_out).abs().max().item():.2f}")
    assert (train_out - eval_out).abs().max() < 1.0
    assert torch.equal(bn(batch_a)[0], bn(batch_b)[0])  # x0 alone decides

# %% [markdown]
# ## Sensitivity to the batch size
#
# Draw many random batches of size $n$ that contain `x0`, the other examples
# drawn like `x0` from the standard normal distribution. Normalised with the
# distribution's own statistics (mean 0, variance 1), `x0` would give
# $\gamma x_0 / \sqrt{1 + \epsilon} + \beta$. Its training-mode output
# misses that value by more the smaller the batch, because a small batch's
# statistics are noisy. With $n = 2$ it is extreme: the two normalised values
# are $+1$ and $-1$ (up to $\epsilon$), so the output only records which of
# the two examples is larger.

# %%
bn = batch_norm()
exact = gamma * x0 / torch.sqrt(torch.tensor(1 + bn.eps)) + beta
sizes = [2, 4, 8, 16, 64, 256]
rms = []
with torch.no_grad():
    for n in sizes:
        outs = torch.stack([bn(torch.cat([x0[None], torch.randn(n - 1, C)]))[0, 0]
                            for _ in range(100)])
        rms.append((outs - exact[0]).pow(2).mean().sqrt().item())
        print(f"n = {n:3d}: rms distance from the exact value {rms[-1]:.3f}")
assert all(a > b for a, b in zip(rms, rms[1:]))

pair = bn(torch.stack([x0, torch.randn(C)]))
normalised = (pair - beta) / gamma
print("normalised values in a batch of two:", normalised.detach())
assert ((normalised.abs() - 1).abs() < 1e-3).all()

# %% alt="Distance from the exact output against batch size: it falls from 2 to 256"
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(sizes, rms, "o-")
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("batch size n")
ax.set_ylabel("rms distance from exact")
plt.show()

# %% [markdown]
# ## A batch of one
#
# With $n = 1$ the batch mean is the example itself, so the normalised value
# is $(x_1 - x_1)/\sqrt{0 + \epsilon} = 0$ and the output is $\beta$ whatever
# the input: nothing about the example gets through. PyTorch refuses such a
# batch in training mode.

# %%
bn = batch_norm()
try:
    bn(x0[None])  # shape (1, C)
except ValueError as error:
    print("ValueError:", error)
else:
    raise AssertionError("BatchNorm1d accepted a batch of one")

# %% [markdown]
# An input of shape $(1, C, L)$ with $L > 1$ runs, because the statistics of
# each channel are then taken over the $L$ positions: it is not one value per
# channel. Two copies of the same example show the degenerate case that the
# check prevents: the variance is 0, and the output is $\beta$ up to rounding.

# %%
print(bn(torch.randn(1, C, 5)).shape)

copies = bn(torch.stack([x0, x0])).detach()
print("two copies of x0 ->", copies)
print(f"largest distance from beta: {(copies - beta).abs().max().item():.1e}")
assert (copies - beta).abs().max() < 1e-12

# %% [markdown]
# In evaluation mode a batch of one is fine: the running statistics do not
# depend on the batch.

# %%
bn.eval()
print(bn(x0[None]).detach())

# %% [markdown]
# ## Gradients couple the examples
#
# Because $\mu_B$ and $v_B$ depend on every example, the output of example
# $i$ has a nonzero derivative with respect to the input of example
# $j \ne i$. The Jacobian, reduced to one number per pair of examples
# (the norm of each $C \times C$ block), has nonzero entries off the
# diagonal in training mode and none in evaluation mode, just as for any
# activation function applied to each example separately.

# %%
def coupling(module, X):
    J = torch.autograd.functional.jacobian(module, X)  # (n, C, n, C)
    return J.pow(2).sum(dim=(1, 3)).sqrt()  # (n, n): output i, input j


X = torch.randn(4, C)
bn = batch_norm()
train_coupling = coupling(bn, X)
bn.eval()
eval_coupling = coupling(bn, X)
print("training mode:\n", train_coupling)
print("evaluation mode:\n", eval_coupling)
off_diagonal = ~torch.eye(4, dtype=torch.bool)
assert (train_coupling[off_diagonal] > 1e-3).all()
assert (eval_coupling[off_diagonal] == 0).all()
assert (coupling(nn.ReLU(), X)[off_diagonal] == 0).all()

# %% [markdown]
# During training, the gradient step for one example therefore depends on
# the rest of its batch, and a model trained this way has to be switched to
# running statistics before it can be used one example at a time.
