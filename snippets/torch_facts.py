"""What PyTorch computes: autograd against the derivative on a float64 grid,
and the value, reverse-mode and forward-mode derivative at each kink."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import sympy as sp
import torch
from symbolic_facts import DPS, X
from torch.func import jvp

GRID = torch.linspace(-6, 6, 241, dtype=torch.float64)
# float64 kernels are within a few ulps (~1e-15) of the exact derivative;
# 1e-12 leaves a margin of a thousand and still catches any wrong formula.
TOLERANCE = 1e-12


class TorchFactError(Exception):
    """PyTorch disagrees with the registry's derivative (names the entry)."""


def autograd_matches(anchor: str, f, d: sp.Expr, kinks: list, tolerance=TOLERANCE) -> int:
    """Reverse-mode gradient of the module ``f`` against ``d`` (exact, mpmath)
    on GRID minus the kinks, to ``tolerance`` relative to max(1, |d|);
    returns the number of points compared."""
    away = [x for x in GRID.tolist() if all(abs(x - float(k)) > 1e-6 for k in kinks)]
    x = torch.tensor(away, dtype=torch.float64, requires_grad=True)
    f(x).backward(torch.ones_like(x))
    exact = sp.lambdify(X, d, "mpmath")
    with mpmath.workdps(DPS):
        want = torch.tensor([float(exact(mpmath.mpf(v))) for v in away], dtype=torch.float64)
    gap = (x.grad - want).abs() / want.abs().clamp(min=1)
    worst = int(gap.argmax())
    if gap[worst] > tolerance:
        raise TorchFactError(
            f"{anchor}: autograd gives {x.grad[worst].item()!r} at x = {away[worst]!r}, the"
            f" derivative in snippets/activation_registry.py gives {want[worst].item()!r}"
        )
    return len(away)


@dataclass
class KinkRow:
    """PyTorch at a kink, float32: value, reverse-mode (backward) and forward
    -mode (jvp) derivative, and the one-sided derivatives they are compared with."""

    at: sp.Expr
    value: float
    backward: float
    forward: float
    left: float
    right: float

    def which(self, g: float) -> str:
        """Where ``g`` lies: the left or right derivative, both (equal), inside
        the Clarke generalised gradient [min, max] of the two, or outside. A
        slope PyTorch computes from rounded constants (SELU's λα) may be off
        in its last bits: "equal" is to 2^-20, relative."""

        def near(a: float, b: float) -> bool:
            return math.isclose(a, b, rel_tol=2**-20, abs_tol=0)

        if near(g, self.left) and near(g, self.right):
            return "both"
        if near(g, self.left):
            return "left"
        if near(g, self.right):
            return "right"
        if min(self.left, self.right) < g < max(self.left, self.right):
            return "between"
        return "outside"


def exactly(dtype, v: sp.Expr) -> float:
    return torch.tensor(float(v), dtype=torch.float64).to(dtype).item()


def at_kinks(anchor: str, make, kinks: list) -> list[KinkRow]:
    """Each symbolic_facts.Kink as PyTorch sees it in float32; float64 must
    agree on the value and on which one-sided derivative each mode returns."""
    rows = []
    for kink in kinks:
        found = []
        for dtype in (torch.float32, torch.float64):
            f = make(dtype)
            x = torch.tensor([float(kink.at)], dtype=dtype, requires_grad=True)
            if sp.Rational(x.item()) != kink.at:
                raise TorchFactError(f"{anchor}: the kink {kink.at} is not a float32 number")
            y = f(x)
            y.backward(torch.ones_like(y))
            _, tangent = jvp(f, (x.detach(),), (torch.ones_like(x),))
            found.append(
                KinkRow(kink.at, y.item(), x.grad.item(), tangent.item(),
                        exactly(dtype, kink.left[1]), exactly(dtype, kink.right[1]))
            )
        single = found[0]
        modes = [(r.value, r.which(r.backward), r.which(r.forward)) for r in found]
        if modes[0] != modes[1]:
            raise TorchFactError(f"{anchor}: float32 and float64 differ at x = {kink.at}")
        if single.value != exactly(torch.float32, kink.value):
            raise TorchFactError(
                f"{anchor}: PyTorch's value at x = {kink.at} is {single.value}, not {kink.value}"
            )
        rows.append(single)
    return rows
