# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The bottleneck of a linear network
#
# A network without nonlinearities, with $d$ inputs, one hidden layer of
# $k < d$ units and $d$ outputs, computes
#
# $$
# \begin{aligned}
# \mathbf{O} &= (\mathbf{X} \mathbf{W}^{(1)} + \mathbf{b}^{(1)}) \mathbf{W}^{(2)} +
#   \mathbf{b}^{(2)} \\
# &= \mathbf{X} \mathbf{W}^{(1)} \mathbf{W}^{(2)} +
#   \mathbf{b}^{(1)} \mathbf{W}^{(2)} + \mathbf{b}^{(2)}
# \end{aligned}
# % nocheck: matrix products (their order matters); the cells below check the rank bound
# $$
#
# one affine map whose matrix $\mathbf{W} = \mathbf{W}^{(1)} \mathbf{W}^{(2)}$
# is $d \times d$ but factors through $k$ dimensions, so its rank is at most
# $k$. A single layer with a full $d \times d$ matrix has no such limit: the
# extra layer made the network *less* expressive. The book's version of the
# exercise takes $k = d/2$. This notebook checks the rank bound and shows that
# no training gets around it: fitting the identity map stops at an error
# floor, $d - k$, that we can compute in advance.
#
# This notebook accompanies
# [exercise 1](../../exercises/linear-networks/).
#
# **Knobs.** Change them and run the notebook again: every check below is
# derived from them.

# %%
d = 8  # inputs and outputs
k = 4  # hidden units, fewer than d (the book's d/2)
seed = 0  # random factors and the random start of training
steps = 300  # gradient steps, enough for the loss to settle (checked below)
lr = 0.05  # step size of gradient descent
init_scale = 0.1  # standard deviation of the random start

# %%
import matplotlib.pyplot as plt
import torch

assert 0 < k < d, "the bottleneck needs fewer hidden units than inputs"
torch.manual_seed(seed)
dtype = torch.float64  # exact enough to compare with 1e-12
floor = d - k

# %% [markdown]
# ## The product has rank at most k
#
# `torch.linalg.matrix_rank` counts the singular values above a tolerance.
# For random factors the rank is exactly $k$: the bound is reached, and the
# last $d - k$ singular values are zero up to rounding.

# %%
ranks = []
for _ in range(5):
    W1 = torch.randn(d, k, dtype=dtype)
    W2 = torch.randn(k, d, dtype=dtype)
    ranks.append(int(torch.linalg.matrix_rank(W1 @ W2)))
print("ranks of five random products:", ranks)
assert ranks == [k] * 5

singular_values = torch.linalg.svdvals(W1 @ W2)
print("singular values of the last:", [f"{s:.1e}" for s in singular_values.tolist()])
assert (singular_values[k:] < 1e-12 * singular_values[0]).all()

# %% [markdown]
# ## The error floor for the identity
#
# Train the network to reproduce its input on the $d$ basis vectors
# ($\mathbf{X} = \mathbf{I}_d$, target $\mathbf{I}_d$), with squared error
# $\lVert \mathbf{W} - \mathbf{I}_d \rVert_F^2$. By the Eckart–Young theorem
# the closest matrix of rank $k$ keeps the $k$ largest singular values and
# drops the rest. All $d$ singular values of $\mathbf{I}_d$ equal 1, so the
# smallest error any rank-$k$ matrix can reach is the sum of the $d - k$
# dropped squares:
#
# $$
# \min_{\operatorname{rank} \mathbf{W} \le k}
#   \lVert \mathbf{W} - \mathbf{I}_d \rVert_F^2
# = \sum_{i > k} 1^2 = d - k
# % nocheck: a minimum over matrices; the cells below reach it with the SVD and with least squares
# $$
#
# The truncated SVD reaches it exactly:

# %%
identity = torch.eye(d, dtype=dtype)
U, S, Vh = torch.linalg.svd(identity)
best = U[:, :k] @ torch.diag(S[:k]) @ Vh[:k]
best_error = ((best - identity) ** 2).sum().item()
print(f"best rank-{k} error: {best_error}   (d - k = {floor})")
assert abs(best_error - floor) < 1e-12

# %% [markdown]
# Least squares reaches the floor too. Fix a random $\mathbf{W}^{(1)}$ and
# solve for the best $\mathbf{W}^{(2)}$ with `torch.linalg.lstsq`: the result
# projects onto the $k$-dimensional column space of $\mathbf{W}^{(1)}$, and
# the error is again $d - k$, whichever $\mathbf{W}^{(1)}$ was drawn.

# %%
for _ in range(3):
    W1 = torch.randn(d, k, dtype=dtype)
    W2 = torch.linalg.lstsq(W1, identity).solution
    error = ((W1 @ W2 - identity) ** 2).sum().item()
    print(f"least-squares error: {error:.12f}")
    assert abs(error - floor) < 1e-9

# %% [markdown]
# ## Gradient descent stops at the floor
#
# Train both factors by gradient descent from a small random start. The loss
# falls to $d - k$ and stays there; it never goes below. The same training
# with a hidden layer of $d$ units, for comparison, goes to zero.


# %%
def train(width, scale=init_scale):
    W1 = (scale * torch.randn(d, width, dtype=dtype)).requires_grad_()
    W2 = (scale * torch.randn(width, d, dtype=dtype)).requires_grad_()
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
assert min(narrow) > floor - 1e-12  # never below the floor: no rank-k matrix is
assert narrow[-1] < floor + 1e-6, f"not settled after {steps} steps: raise steps or lr"
assert wide[-1] < 1e-6, f"not settled after {steps} steps: raise steps or lr"

# %% alt="Error per step, log scale: width k levels off on the floor d - k, width d falls to 0"
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(narrow, "-", label=f"hidden width k = {k}")
ax.plot(wide, "-.", label=f"hidden width d = {d}")
ax.axhline(floor, color="gray", linestyle="--", label=f"floor d - k = {floor}")
ax.set_yscale("log")
ax.set_ylim(1e-8, 2 * max(narrow[0], wide[0]))
ax.set_xlabel("gradient step")
ax.set_ylabel("squared error")
ax.legend()
plt.show()

# %% [markdown]
# ## The zero start is a saddle point
#
# The floor is reached from a *random* start. From $\mathbf{W}^{(1)} = \mathbf{0}$,
# $\mathbf{W}^{(2)} = \mathbf{0}$ gradient descent never moves: the gradient
# with respect to each factor is multiplied by the other factor, so both are
# zero, and the loss stays at $\lVert \mathbf{I}_d \rVert_F^2 = d$. It is not
# a minimum: along $\mathbf{W}^{(1)} = t\mathbf{a}$,
# $\mathbf{W}^{(2)} = t\mathbf{a}^\top$ with $\mathbf{a}$ a unit column, the
# loss is $d - 2t^2 + t^4$, below $d$ for small $t \ne 0$.

# %%
stuck = train(k, scale=0.0)
print(f"from zero: first loss {stuck[0]}, last loss {stuck[-1]}")
assert stuck[0] == stuck[-1] == d

a = torch.zeros(d, 1, dtype=dtype)
a[0] = 1
for t in (0.1, 0.5, 1.0):
    along = ((t * a @ (t * a.T) - identity) ** 2).sum().item()
    print(f"t = {t}: loss {along:.4f}   d - 2t^2 + t^4 = {d - 2 * t**2 + t**4:.4f}")
    assert abs(along - (d - 2 * t**2 + t**4)) < 1e-12

# %% [markdown]
# The bottleneck is not a matter of optimisation or of time: from a random
# start the narrow network stops at exactly $d - k$ because no pair of factors
# does better.
