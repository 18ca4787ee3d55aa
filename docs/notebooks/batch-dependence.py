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
# % nocheck: a definition (batch normalisation), not an identity
# $$
#
# where $\mu_B$ and $v_B$ are the mean and the (biased) variance *of the
# batch*. So an example's output is not a function of the example alone: it
# depends on the other examples it happens to be batched with. This notebook
# shows the consequences with `nn.BatchNorm1d`: outputs that change with the
# company, a mismatch between training and inference, sensitivity to the
# batch size, a degenerate batch of one, gradients that couple examples, and
# gradients that change when a batch is split into micro-batches.
#
# This notebook accompanies
# [exercise 6](../../exercises/minibatch-nonlinearity/).
#
# **Knobs.** Change them and run the notebook again: every check below is
# derived from them. The statistical ones allow six standard deviations: a
# normal variable goes that far about twice in a billion draws.

# %%
seed = 0
channels = 3  # features normalised separately
mean, std = 2.0, 3.0  # the distribution of the training batches
batch_size = 32  # examples per training batch
train_batches = 300  # batches seen before the running statistics are read
sizes = [2, 4, 8, 16, 64, 256]  # batch sizes compared (increasing, from 2)
draws = 100  # random batches per size
micro_batches = 4  # micro-batches per batch, for gradient accumulation

# %%
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

assert sizes == sorted(sizes) and sizes[0] >= 2
assert batch_size // micro_batches >= 2, "training mode needs 2 examples per share"
torch.manual_seed(seed)
torch.set_default_dtype(torch.float64)

gamma = torch.linspace(0.5, 2.0, channels)  # a visible scale per channel
beta = torch.linspace(-1.0, 2.0, channels)  # and shift


def batch_norm(**options):
    """A fresh BatchNorm1d in training mode, with the gamma and beta above."""
    bn = nn.BatchNorm1d(channels, **options)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    return bn


def by_hand(batch, eps):
    """The formula above, with the batch's own mean and biased variance."""
    mu, v = batch.mean(dim=0), batch.var(dim=0, unbiased=False)
    return gamma * (batch - mu) / torch.sqrt(v + eps) + beta


x0 = torch.randn(channels)  # the example we follow

# %% [markdown]
# ## The same example, different company
#
# Put `x0` first in two batches whose other seven examples differ (the
# second batch's are shifted by 2). Its input is the same; its output is not,
# and each is what the formula gives for its own batch.

# %%
bn = batch_norm()
batch_a = torch.cat([x0[None], torch.randn(7, channels)])
batch_b = torch.cat([x0[None], torch.randn(7, channels) + 2.0])
with torch.no_grad():
    out_a, out_b = bn(batch_a)[0], bn(batch_b)[0]
print("x0 in batch A ->", out_a)
print("x0 in batch B ->", out_b)
assert not torch.equal(out_a, out_b)
assert torch.allclose(out_a, by_hand(batch_a, bn.eps)[0], atol=1e-12)
assert torch.allclose(out_b, by_hand(batch_b, bn.eps)[0], atol=1e-12)

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
batch = mean + std * torch.randn(batch_size, channels)
with torch.no_grad():
    train_out = bn(batch)
m = bn.momentum
assert torch.allclose(bn.running_mean, m * batch.mean(dim=0))
assert torch.allclose(bn.running_var, (1 - m) + m * batch.var(dim=0, unbiased=True))

bn.eval()
with torch.no_grad():
    eval_out = bn(batch)
running = gamma * (batch - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps) + beta
assert torch.allclose(eval_out, running, atol=1e-12)
print("largest train/eval difference after one batch:",
      f"{(train_out - eval_out).abs().max().item():.2f}")

# %% [markdown]
# After many batches from the same distribution the running statistics
# approach the distribution's. They never settle: the running mean is an
# exponential average of batch means, each with standard deviation
# $\text{std}/\sqrt{n}$, so it keeps a standard deviation of
# $\text{std}/\sqrt{n} \cdot \sqrt{m / (2 - m)}$; the running variance
# likewise, from batch variances with standard deviation
# $\text{std}^2 \sqrt{2/(n - 1)}$ for normal data. The checks allow six of
# those, plus what is left of the starting values ($\hat\mu = 0$,
# $\hat v = 1$), which shrinks by $1 - m$ per batch. In evaluation mode the
# output no longer depends on the company.

# %%
with torch.no_grad():
    bn.train()
    for _ in range(train_batches):
        bn(mean + std * torch.randn(batch_size, channels))
    print("running mean:", bn.running_mean)
    print("running var: ", bn.running_var)
    averaging = math.sqrt(m / (2 - m))
    left = (1 - m) ** (train_batches + 1)  # of the initial values
    mean_spread = std / math.sqrt(batch_size) * averaging
    var_spread = std**2 * math.sqrt(2 / (batch_size - 1)) * averaging
    assert (bn.running_mean - mean).abs().max() < 6 * mean_spread + left * abs(mean)
    assert (bn.running_var - std**2).abs().max() < 6 * var_spread + left * abs(std**2 - 1)

    bn.eval()
    eval_out = bn(batch)
    print("largest train/eval difference on the first batch now:",
          f"{(train_out - eval_out).abs().max().item():.2f}")
    assert torch.equal(bn(batch_a)[0], bn(batch_b)[0])  # x0 alone decides

# %% [markdown]
# ## Sensitivity to the batch size
#
# Draw many random batches of size $n$ that contain `x0`, the other examples
# drawn like `x0` from the standard normal distribution. Normalised with the
# distribution's own statistics (mean 0, variance 1), `x0` would give
# $\gamma x_0 / \sqrt{1 + \epsilon} + \beta$. Its training-mode output
# misses that value by more the smaller the batch, because a small batch's
# statistics are noisy. The check compares the smallest size with the
# largest, with a margin of six Monte Carlo standard errors.

# %%
bn = batch_norm()
exact = gamma[0] * x0[0] / math.sqrt(1 + bn.eps) + beta[0]
rms, errors = [], []
with torch.no_grad():
    for n in sizes:
        outs = torch.stack([bn(torch.cat([x0[None], torch.randn(n - 1, channels)]))[0, 0]
                            for _ in range(draws)])
        squared = (outs - exact).pow(2)
        rms.append(squared.mean().sqrt().item())
        # standard error of the rms, from that of the mean square
        errors.append((squared.std() / math.sqrt(draws) / (2 * rms[-1])).item())
        print(f"n = {n:3d}: rms distance from the exact value {rms[-1]:.3f} "
              f"(standard error {errors[-1]:.3f})")
assert rms[0] - rms[-1] > 6 * math.hypot(errors[0], errors[-1])

# %% alt="Distance from the exact output against batch size, on log scales: it falls as n grows"
fig, ax = plt.subplots(figsize=(6, 3))
ax.errorbar(sizes, rms, yerr=errors, fmt="o-", capsize=3)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("batch size n")
ax.set_ylabel("rms distance from exact")
plt.show()

# %% [markdown]
# With $n = 2$ it is extreme. If a channel takes the values $a$ and $b$, the
# first example's normalised value is $(a - b) / \sqrt{(a - b)^2 + 4\epsilon}$
# and the second's its opposite: close to $\pm 1$ when $|a - b|$ is much
# larger than $2\sqrt{\epsilon} \approx 0.0063$, so the output records little
# more than which of the two examples is larger; much smaller than 1 when the
# two are closer than that.

# %%
other = torch.randn(channels)
with torch.no_grad():
    pair = bn(torch.stack([x0, other]))
normalised = (pair - beta) / gamma
gap = x0 - other
print("|a - b| per channel:             ", gap.abs())
print("normalised values, first example:", normalised[0])
assert torch.allclose(normalised[0], gap / torch.sqrt(gap**2 + 4 * bn.eps), atol=1e-12)
assert torch.allclose(normalised[1], -normalised[0], atol=1e-12)

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
    bn(x0[None])  # shape (1, channels)
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
print(bn(torch.randn(1, channels, 5)).shape)

with torch.no_grad():
    copies = bn(torch.stack([x0, x0]))
print("two copies of x0 ->", copies)
print(f"largest distance from beta: {(copies - beta).abs().max().item():.1e}")
assert (copies - beta).abs().max() < 1e-12

# %% [markdown]
# In evaluation mode a batch of one is fine, because the running statistics
# do not depend on the batch, but only for a layer that keeps them
# (`track_running_stats=True`, the default). Without them, evaluation mode
# uses the batch's statistics too, and refuses a batch of one in the same way.

# %%
bn.eval()
print(bn(x0[None]).detach())
no_running = batch_norm(track_running_stats=False).eval()
try:
    no_running(x0[None])
except ValueError as error:
    print("without running statistics, ValueError:", error)
else:
    raise AssertionError("a batch of one passed without running statistics")


# %% [markdown]
# ## Gradients couple the examples
#
# Because $\mu_B$ and $v_B$ depend on every example, the output of example
# $i$ has a nonzero derivative with respect to the input of example
# $j \ne i$. Differentiating the formula, with $s = \sqrt{v_B + \epsilon}$ and
# $\hat{x}_i = (x_i - \mu_B)/s$, gives per channel
#
# $$
# \frac{\partial y_i}{\partial x_j}
# = \frac{\gamma}{s}\left(\delta_{ij} - \frac{1}{n}
#   - \frac{\hat{x}_i \hat{x}_j}{n}\right)
# % nocheck: a Jacobian over the batch; the cell below checks it against autograd's
# $$
#
# which autograd's Jacobian matches. Off the diagonal it is
# $-\gamma(1 + \hat{x}_i\hat{x}_j)/(ns)$, zero only if
# $\hat{x}_i\hat{x}_j = -1$ exactly. Reduced to one number per pair of
# examples (the norm of each $C \times C$ block), the Jacobian has nonzero
# entries off the diagonal in training mode and none in evaluation mode, just
# as for any activation function applied to each example separately.

# %%
def jacobian(module, X):
    return torch.autograd.functional.jacobian(module, X)  # (n, C, n, C)


def coupling(J):
    return J.pow(2).sum(dim=(1, 3)).sqrt()  # (n, n): output i, input j


X = torch.randn(4, channels)
n = len(X)
bn = batch_norm()
J = jacobian(bn, X)
s = torch.sqrt(X.var(dim=0, unbiased=False) + bn.eps)
x_hat = (X - X.mean(dim=0)) / s
formula = gamma / s * (torch.eye(n)[:, :, None] - 1 / n - x_hat[:, None] * x_hat[None] / n)
channel_blocks = J.diagonal(dim1=1, dim2=3)  # (n, n, C): same channel in and out
assert torch.allclose(channel_blocks, formula, atol=1e-12)

train_coupling = coupling(J)
bn.eval()
eval_coupling = coupling(jacobian(bn, X))
print("training mode:\n", train_coupling)
print("evaluation mode:\n", eval_coupling)
off_diagonal = ~torch.eye(n, dtype=torch.bool)
assert (train_coupling[off_diagonal] > 0).all()
assert (eval_coupling[off_diagonal] == 0).all()
assert (coupling(jacobian(nn.ReLU(), X))[off_diagonal] == 0).all()

# %% [markdown]
# ## Splitting the batch: micro-batches and devices
#
# Gradient accumulation sums the gradients of several micro-batches before
# one optimiser step; data-parallel training gives each device a share of
# the batch. Both give the gradient of the whole batch's loss when every
# example is processed on its own, but a batch-normalised network sees the
# statistics of each share instead of the batch's. Compare one batch of
# `batch_size` examples with `micro_batches` shares of it, for a network with
# batch normalization and the same network with layer normalization:

# %%
data = torch.randn(batch_size, channels)
target = torch.randn(batch_size, 1)


def accumulated_gradient(model, shares):
    model.zero_grad()
    for d, t in zip(data.chunk(shares), target.chunk(shares), strict=True):
        loss = nn.functional.mse_loss(model(d), t, reduction="sum") / batch_size
        loss.backward()
    return torch.cat([p.grad.flatten() for p in model.parameters()])


for name, norm in [("batch norm", nn.BatchNorm1d), ("layer norm", nn.LayerNorm)]:
    model = nn.Sequential(nn.Linear(channels, 8), norm(8), nn.Linear(8, 1))
    whole = accumulated_gradient(model, 1)
    split = accumulated_gradient(model, micro_batches)
    difference = (whole - split).norm().item() / whole.norm().item()
    print(f"{name}: relative difference of the gradients {difference:.1e}")
    if norm is nn.LayerNorm:
        assert difference < 1e-12  # the same gradient, up to rounding
    elif micro_batches > 1:
        assert difference > 1e-6  # another gradient, not rounding

# %% [markdown]
# During training, the gradient step for one example therefore depends on
# the rest of its batch, and on how the batch is split; a model trained this
# way has to be switched to running statistics before it can be used one
# example at a time. `nn.SyncBatchNorm` restores the whole batch's statistics
# across devices; for gradient accumulation there is no such switch.
