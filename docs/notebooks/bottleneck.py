# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The d/2 bottleneck
#
# A network without nonlinearities, with $d$ inputs, one hidden layer of
# $d/2$ units and $d$ outputs, computes
#
# $$
# \begin{aligned}
# \mathbf{O} &= (\mathbf{X} \mathbf{W}^{(1)} + \mathbf{b}^{(1)}) \mathbf{W}^{(2)} +
#   \mathbf{b}^{(2)} \\
# &= \mathbf{X} \mathbf{W}^{(1)} \mathbf{W}^{(2)} +
#   \mathbf{b}^{(1)} \mathbf{W}^{(2)} + \mathbf{b}^{(2)}
# \end{aligned}
# $$
#
# one affine map whose matrix $\mathbf{W} = \mathbf{W}^{(1)} \mathbf{W}^{(2)}$
# is $d \times d$ but factors through $d/2$ dimensions, so its rank is at most
# $d/2$. A single layer with a full $d \times d$ matrix has no such limit: the
# extra layer made the network *less* expressive. This notebook checks the
# rank bound and shows that no training gets around it: fitting the identity
# map stops at an error floor we can compute in advance.
#
# This notebook accompanies
# [exercise 1](../../exercises/linear-networks/).

# %%
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)  # exact enough to compare with 1e-12
d = 8
k = d // 2

# %% [markdown]
# ## The product has rank at most d/2
#
# `torch.linalg.matrix_rank` counts the singular values above a tolerance.
# For random factors the rank is exactly $d/2$: the bound is reached, and
# the last $d/2$ singular values are zero up to rounding.

# %%
ranks = []
for _ in range(5):
    W1 = torch.randn(d, k)
    W2 = torch.randn(k, d)
    ranks.append(int(torch.linalg.matrix_rank(W1 @ W2)))
print("ranks of five random products:", ranks)
assert ranks == [k] * 5

singular_values = torch.linalg.svdvals(W1 @ W2)
print("singular values of the last:", [f"{s:.1e}" for s in singular_values.tolist()])
assert (singular_values[k:] < 1e-12).all()

# %% [markdown]
# ## The error floor for the identity
#
# Train the network to reproduce its input on the $d$ basis vectors
# ($\mathbf{X} = \mathbf{I}_d$, target $\mathbf{I}_d$), with squared error
# $\lVert \mathbf{W} - \mathbf{I}_d \rVert_F^2$. By the Eckart–Young theorem
# the closest matrix of rank $k$ keeps the $k$ largest singular values and
# drops the rest. All $d$ singular values of $\mathbf{I}_d$ equal 1, so the
# smallest error any rank-$d/2$ matrix can reach is the sum of the $d/2$
# dropped squares:
#
# $$
# \min_{\operatorname{rank} \mathbf{W} \le d/2}
#   \lVert \mathbf{W} - \mathbf{I}_d \rVert_F^2
# = \sum_{i > d/2} 1^2 = \frac{d}{2}
# $$
#
# The truncated SVD reaches it exactly:

# %%
identity = torch.eye(d)
U, S, Vh = torch.linalg.svd(identity)
best = U[:, :k] @ torch.diag(S[:k]) @ Vh[:k]
floor = ((best - identity) ** 2).sum().item()
print(f"best rank-{k} error: {floor}")
assert abs(floor - d / 2) < 1e-12

# %% [markdown]
# Least squares reaches the floor too. Fix a random $\mathbf{W}^{(1)}$ and
# solve for the best $\mathbf{W}^{(2)}$ with `torch.linalg.lstsq`: the result
# projects onto the $d/2$-dimensional column space of $\mathbf{W}^{(1)}$,
# and the error is again $d/2$, whichever $\mathbf{W}^{(1)}$ was drawn.

# %%
for _ in range(3):
    W1 = torch.randn(d, k)
    W2 = torch.linalg.lstsq(W1, identity).solution
    error = ((W1 @ W2 - identity) ** 2).sum().item()
    print(f"least-squares error: {error:.12f}")
    assert abs(error - d / 2) < 1e-9

# %% [markdown]
# ## Gradient descent stops at the floor
#
# Train both factors by gradient descent from a small random start. The loss
# falls to $d/2$ and stays there; it never goes below. The same training with
# a hidden layer of $d$ units, for comparison, goes to zero.


# %%
def train(width, steps=300, lr=0.05):
    W1 = (0.1 * torch.randn(d, width)).requires_grad_()
    W2 = (0.1 * torch.randn(width, d)).requires_grad_()
    optimizer = torch.optim.SGD([W1, W2], lr=lr)
    losses = []
    for _ in range(steps):
        loss = ((W1 @ W2 - identity) ** 2).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


narrow = train(k)
wide = train(d)
print(f"hidden width {k}: final loss {narrow[-1]:.12f}, lowest {min(narrow):.12f}")
print(f"hidden width {d}: final loss {wide[-1]:.3e}")
assert min(narrow) > d / 2 - 1e-12  # never below the floor
assert narrow[-1] < d / 2 + 1e-9  # and it gets there
assert wide[-1] < 1e-9

# %% alt="Error per step: width d/2 stops on the dashed floor d/2, width d goes to 0"
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(narrow, label=f"hidden width {k} = d/2")
ax.plot(wide, label=f"hidden width {d} = d")
ax.axhline(d / 2, color="gray", linestyle="--", label="floor d/2")
ax.set_yscale("symlog", linthresh=1e-3)
ax.set_xlabel("gradient step")
ax.set_ylabel("squared error")
ax.legend()
plt.show()

# %% [markdown]
# The bottleneck is not a matter of optimisation or of time: the narrow
# network stops at exactly $d/2$ because no pair of factors does better.
