"""Where the float edges would be for an exact function, and what of
PyTorch's edge holds on every CPU.

The reference is the *correctly rounded* function: the exact value
(mpmath, 40 digits) rounded once to the dtype. Its edge is found by bisection
over the same adjacent floats as PyTorch's. A kernel does not round
correctly: it is off by a few units in the last place (ulps), and by how many
depends on the CPU's kernel (vectorised exp, erf, tanh; fused multiply-add).
So the edge is also computed for the exact value times (1 - δ) and (1 + δ),
δ = 2^-22 (4 float32 ulps): when both land on the same float as the exact
one and PyTorch's does too, every kernel at least that accurate has its
edge there ("everywhere"), unless the value gets there through float32's
subnormals, where kernels are not that accurate. An edge that PyTorch's formula moves (σ computed
as 1/(1 + e^-x) reaches 1 at 24 ln 2, not 25 ln 2) is stated by the closed
form of that formula, given in the registry ("closed"). Any other is
"kernel": the page states the exact edge and no machine's digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp
import torch
from float_edges import DTYPES, Edge, floats, ordinal, top
from symbolic_facts import X

# Digits for the exact values: 1 - σ(x) cancels to e^-x, which must still be
# resolved where it is as small as float32's least subnormal (1e-45).
DPS = 60
DELTA = mpmath.mpf(2) ** -22
ULPS = 2  # a closed form is PyTorch's edge to within this many floats


class ReferenceError(Exception):
    """PyTorch's edge is not where the registry's closed form puts it."""


@dataclass
class Verdict:
    """What the catalogue states about one edge.

    ``kind``: "everywhere" (``exact``, the correctly rounded function's edge,
    is PyTorch's on every kernel at least 4 ulps accurate), "closed"
    (PyTorch's formula puts it at the registry's closed form, to ULPS
    floats), "output" (a gradient PyTorch computes from its rounded output:
    at the value's edge, whatever the kernel; the value's verdict is ``of``),
    or "kernel" (PyTorch's edge
    depends on the CPU's kernel; only the exact edge is stated)."""

    kind: str
    exact: float | None
    closed: object = None
    of: Verdict | None = None


def rounded(dtype: torch.dtype, v) -> float:
    """``v`` (mpf) rounded to ``dtype``: to float64 (mpmath rounds correctly),
    then to the dtype (torch does), which double-rounds only on exact ties."""
    return torch.tensor(float(v), dtype=torch.float64).to(dtype).item()


def exact_edge(edge: Edge, expr: sp.Expr, scale) -> float | None:
    """The correctly rounded function's edge, for exact values times
    ``scale``; None if its floats never become the label (at the far end)."""
    dtype = DTYPES[edge.dtype]
    f = sp.lambdify(X, expr, "mpmath")
    label = edge.label

    def holds(k: int) -> bool:
        x = floats(dtype, edge.side, torch.tensor([k])).item()
        with mpmath.workdps(DPS):
            y = rounded(dtype, f(mpmath.mpf(x)) * scale)
        if label.kind == "line":
            slope, intercept = label.target
            return y == rounded(dtype, mpmath.mpf(x) * slope + intercept)
        return y == label.target

    lo, hi = 0, top(dtype)
    if not holds(hi):
        return None
    while lo < hi:  # first ordinal where it holds; the exact function is monotone
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if holds(mid) else (mid + 1, hi)
    return floats(dtype, edge.side, torch.tensor([lo])).item()


def judge(edge: Edge, expr: sp.Expr, closed, value: tuple[Edge, Verdict] | None) -> Verdict:
    """The verdict on PyTorch's ``edge`` of the exact ``expr`` (the tail's f
    or f'). ``closed``: the registry's Closed form for it, or None. ``value``:
    for a gradient, the value's edge of the same kind on the same side, with
    its verdict."""
    exact = None if edge.label.kind == "nan" else exact_edge(edge, expr, 1)
    if closed is not None:
        return close_to(edge, Verdict("closed", exact, closed=closed))
    if value is not None and value[0].settle == edge.settle and (
        value[0].label.target != 0 or value[1].kind != "kernel"
    ):
        # The gradient formula reads the output, so its edge is the value's on
        # any kernel. The same float is the signature of that when the value
        # becomes a constant other than 0; value and gradient both becoming 0
        # there may be two underflows that one kernel happens to align.
        return Verdict("output", exact, of=value[1])
    if exact == edge.settle and not underflows(edge, expr, exact) and all(
        exact_edge(edge, expr, 1 + sign * DELTA) == exact for sign in (-1, 1)
    ):
        return Verdict("everywhere", exact)
    return Verdict("kernel", exact)


def underflows(edge: Edge, expr: sp.Expr, exact: float) -> bool:
    """Does the value reach 0 through float32's subnormals? There a kernel's
    error is not a few ulps of the value (vectorised exp flushes some
    subnormals to 0), so no error bound places the edge."""
    if edge.label.kind != "constant" or edge.label.target != 0:
        return False
    x = torch.tensor([exact], dtype=DTYPES[edge.dtype])
    inner = torch.nextafter(x, torch.zeros_like(x)).item()
    with mpmath.workdps(DPS):
        value = sp.lambdify(X, expr, "mpmath")(mpmath.mpf(inner))
    return abs(value) < torch.finfo(torch.float32).tiny


def close_to(edge: Edge, verdict: Verdict) -> Verdict:
    """Check PyTorch's edge is within ULPS floats of the closed form."""
    dtype = DTYPES[edge.dtype]
    with mpmath.workdps(DPS):
        value = verdict.closed.value(mpmath) * (-1 if edge.side == "-" else 1)
    target = ordinal(dtype, rounded(dtype, value))
    if abs(ordinal(dtype, edge.settle) - target) > ULPS:
        raise ReferenceError(
            f"{edge}: PyTorch's edge is not within {ULPS} floats of the closed form"
            f" {verdict.closed.tex} = {mpmath.nstr(value, 10)}"
        )
    return verdict
