"""Where a float activation stops following its function: edges found by
bisection over adjacent floats.

Far out on each side the float value (or gradient) of most activations is
exactly a constant (σ(x) = 1), exactly the asymptote (GELU(x) = x), inf or
nan. The *edge* is the float closest to 0 from which that holds for every
float further out. Floats of one sign are ordered like their bit patterns, so
"adjacent floats" are adjacent integers (``torch.nextafter`` steps the same
way, which ``Edge.check_adjacent`` asserts); bisection runs on those integers.

Near some edges the property flickers (GELU's float32 value is an exact 0 at
isolated points before it is 0 for good): the edge, ``settle``, is the float
from which it always holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
BITS = {torch.float32: torch.int32, torch.bfloat16: torch.int16, torch.float16: torch.int16}
WINDOW = 2**16  # floats searched one by one around an edge
SAMPLES = 4097  # floats per round of the bisection (a multisection)


class EdgeError(Exception):
    """An edge that is not one: the property does not hold beyond it."""


@dataclass(frozen=True)
class Label:
    """What the floats become: "nan", "inf" (with its sign), "constant"
    (``target``), or "line" (``target`` = slope and intercept, a x + b
    computed in the same dtype)."""

    kind: str
    target: object = None

    def holds(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if self.kind == "nan":
            return y.isnan()
        if self.kind == "inf":
            return y == self.target
        if self.kind == "constant":
            return y == self.target
        slope, intercept = self.target
        return y == x * slope + intercept


@dataclass
class Edge:
    """One edge: on ``side`` ("-" or "+"), ``quantity`` ("value" or
    "gradient") is ``label`` at ``settle`` and every float further out."""

    dtype: str
    side: str
    quantity: str
    label: Label
    settle: float

    def check_adjacent(self, f) -> None:
        """The float next to ``settle`` towards 0 (by torch.nextafter) breaks
        the property, and ``settle`` keeps it."""
        dtype = DTYPES[self.dtype]
        x = torch.tensor([self.settle], dtype=dtype)
        inner = torch.nextafter(x, torch.zeros_like(x))
        both = torch.cat([inner, x])
        held = self.label.holds(both, evaluate(f, both, self.quantity)).tolist()
        if held != [False, True]:
            raise EdgeError(f"{self}: nextafter check gives {held}")


def floats(dtype: torch.dtype, side: str, k: torch.Tensor) -> torch.Tensor:
    """The floats of ``dtype`` with ordinals ``k`` (0 is ±0) on ``side``."""
    magnitude = k.to(BITS[dtype]).view(dtype)
    return -magnitude if side == "-" else magnitude


def top(dtype: torch.dtype) -> int:
    """Ordinal of the largest finite float."""
    return int(torch.tensor(torch.finfo(dtype).max, dtype=dtype).view(BITS[dtype]).item())


def ordinal(dtype: torch.dtype, x: float) -> int:
    return int(torch.tensor(abs(x), dtype=dtype).view(BITS[dtype]).item())


PAD = 64  # a multiple of every CPU kernel's vector length


def evaluate(f, x: torch.Tensor, quantity: str = "value") -> torch.Tensor:
    """The elementwise ``f`` at ``x``, or its reverse-mode gradient.

    Kernels compute the last ``n mod width`` elements of a tensor with scalar
    code, whose last bits may differ from the vectorised code: padded to a
    multiple of PAD floats, every x takes the vectorised path, whatever the
    tensor's length."""
    n = x.numel()
    padded = torch.cat([x, x[:1].expand((-n) % PAD)]).detach()
    if quantity == "value":
        with torch.no_grad():
            return f(padded)[:n]
    padded.requires_grad_(True)
    y = f(padded)
    y.backward(torch.ones_like(y))
    return padded.grad[:n]


class Side:
    """The floats of one dtype on one side of 0, evaluated on demand."""

    def __init__(self, f, dtype: torch.dtype, side: str, quantity: str):
        self.f, self.dtype, self.side, self.quantity = f, dtype, side, quantity

    def holds(self, label: Label, k: torch.Tensor) -> torch.Tensor:
        x = floats(self.dtype, self.side, k)
        return label.holds(x, evaluate(self.f, x, self.quantity))

    def at(self, k: int) -> tuple[float, float]:
        x = floats(self.dtype, self.side, torch.tensor([k]))
        return x.item(), evaluate(self.f, x, self.quantity).item()

    def settle(self, label: Label, hi: int) -> int:
        """Smallest ordinal s with the property on [s, hi]: bisection (by
        SAMPLES floats a round) down to WINDOW floats, then one by one; then
        moved out past any failure in the WINDOW floats beyond it (where the
        property flickers), and checked on SAMPLES floats spread out to hi."""
        lo_r, hi_r = 0, hi
        while hi_r - lo_r > WINDOW:
            ks = torch.linspace(lo_r, hi_r, SAMPLES, dtype=torch.float64).round().long().unique()
            failing = ks[~self.holds(label, ks)]
            if failing.numel() == 0:
                hi_r = int(ks[0])
                break
            last = int(failing.max())
            lo_r, hi_r = last, int(ks[ks > last].min())
        s = lo_r
        while True:
            ks = torch.arange(s, min(s + WINDOW, hi + 1))
            failing = ks[~self.holds(label, ks)]
            if failing.numel() == 0:
                break
            s = int(failing.max()) + 1
        spread = torch.linspace(s, hi, SAMPLES, dtype=torch.float64).round().long()
        failing = spread[~self.holds(label, spread)]
        if failing.numel():
            x = floats(self.dtype, self.side, failing[:1]).item()
            raise EdgeError(f"{self.quantity} is not {label} at x = {x}, beyond its edge")
        return s

def far_label(x: float, y: float, tail, quantity: str, dtype: torch.dtype) -> Label | None:
    """What the floats at ``x`` have become, given the function's ``tail``
    (symbolic_facts.Tail); None when they just follow a piece that is a
    constant or a line by definition."""
    if math.isnan(y) or math.isinf(y):
        return Label("nan") if math.isnan(y) else Label("inf", y)
    if quantity == "gradient":
        follows = tail.d_exact or not tail.d_limit.is_finite
        return None if follows else Label("constant", y)
    if tail.exact:
        return None
    if tail.limit.is_finite:
        return Label("constant", y)
    if tail.slope is None:
        return None
    line = Label("line", (float(tail.slope), float(tail.intercept)))
    held = line.holds(torch.tensor([x], dtype=dtype), torch.tensor([y], dtype=dtype))
    return line if bool(held) else None


def edges(f, tails: dict, dtype_name: str) -> list[Edge]:
    """Every edge of ``f`` in one dtype, from the far ends inwards: after one
    edge is found, the float just inside it may have become something else
    (GELU's float32 value is inf beyond FLT_MAX/2, and x before that)."""
    dtype = DTYPES[dtype_name]
    found = []
    for side in ("-", "+"):
        for quantity in ("value", "gradient"):
            walk = Side(f, dtype, side, quantity)
            hi, seen = top(dtype), set()
            while hi > 0:
                x, y = walk.at(hi)
                label = far_label(x, y, tails[side], quantity, dtype)
                # each kind once: inside a constant's edge the floats are
                # near that constant, not another one
                if label is None or label.kind in seen:
                    break
                seen.add(label.kind)
                s = walk.settle(label, hi)
                x = floats(dtype, side, torch.tensor([s])).item()
                found.append(Edge(dtype_name, side, quantity, label, x))
                hi = s - 1
    return found
