"""Where PyTorch's CPU kernels make GELU exactly 0 (or its gradient), measured.

The GELU page states these edges for x86-64, per CPU capability; they depend
on the kernel, so ``tests/test_swish_gelu_claims.py`` compares :func:`measure`
with the page under each ``ATEN_CPU_CAPABILITY`` (``tests/test_portability.py``
runs it under the capabilities besides the process's own). Every edge is a
pair of neighbouring numbers of its dtype: the largest x giving exactly 0 and
the next number up, which does not.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

# Inputs are replicated to a multiple of 64 elements: every element of such a
# tensor goes through the vectorised code (16 float32 lanes per block with
# avx2, 32 with avx512), none through the scalar code that handles a tail.
BLOCK = 64


def as_block(x: torch.Tensor) -> torch.Tensor:
    return x.reshape(1).expand(BLOCK).contiguous()


def gelu_grad(x: torch.Tensor) -> torch.Tensor:
    """The exact form's gradient: the kernel autograd's GeluBackward0 calls."""
    return torch.ops.aten.gelu_backward(torch.ones_like(x), x)


def edge(is_zero, dtype: torch.dtype, zero: float, nonzero: float) -> tuple[float, float]:
    """Bisection over the numbers of ``dtype``: neighbours (z, n) with
    ``is_zero(z)`` and not ``is_zero(n)``, starting from such a pair."""
    z = torch.tensor([zero], dtype=dtype)
    n = torch.tensor([nonzero], dtype=dtype)
    assert is_zero(z) and not is_zero(n), f"no edge between {zero} and {nonzero}"
    while not torch.equal(torch.nextafter(z, n), n):
        middle = ((z.double() + n.double()) / 2).to(dtype)
        if is_zero(middle):
            z = middle
        else:
            n = middle
    return z.item(), n.item()


def float32_between(lo: float, hi: float) -> torch.Tensor:
    """Every float32 number in [lo, hi], in increasing order (lo < hi < 0)."""
    bits = torch.tensor([hi, lo], dtype=torch.float32).view(torch.int32)
    return (
        torch.arange(int(bits[0]), int(bits[1]) + 1, dtype=torch.int32).view(torch.float32).flip(0)
    )


def exact_float32_band() -> dict:
    """Every float32 in [-5.7, -5.3] in one tensor: the smallest x where F.gelu
    is not 0, the largest x where it is, and the share of zeros just right of
    the edge and beyond -5.5."""
    x = float32_between(-5.7, -5.3)
    zero = F.gelu(x) == 0
    near, far = (x > -5.5426) & (x < -5.52), (x > -5.5) & (x < -5.45)
    return {
        "smallest_nonzero": x[~zero].min().item(),
        "largest_zero": x[zero].max().item(),
        "share_near_edge": zero[near].double().mean().item(),
        "share_beyond_-5.5": zero[far].double().mean().item(),
    }


def zero_in_block(approximate: str):
    return lambda x: bool(F.gelu(as_block(x), approximate=approximate)[0] == 0)


def gradient_zero_in_block(x: torch.Tensor) -> bool:
    return bool(gelu_grad(as_block(x))[0] == 0)


def zero_alone(x: torch.Tensor) -> bool:
    """F.gelu of a one-element tensor, which takes the scalar code."""
    return bool(F.gelu(x)[0] == 0)


def measure() -> dict:
    """All the kernel edges the GELU page tables, on this process's CPU kernel."""
    tail = torch.full((33,), -5.10)
    float16_point = torch.tensor(-5.54296875, dtype=torch.float16)
    return {
        "capability": torch.backends.cpu.get_cpu_capability(),
        "exact_float32_band": exact_float32_band(),
        "exact_float32_alone": edge(zero_alone, torch.float32, -5.7, -5.3),
        "exact_float64": edge(zero_in_block("none"), torch.float64, -9.0, -8.0),
        "tanh_float32": edge(zero_in_block("tanh"), torch.float32, -5.5, -4.5),
        "tanh_float64": edge(zero_in_block("tanh"), torch.float64, -7.5, -6.5),
        "tanh_zeros_in_17_and_33": [
            [int(v == 0) for v in F.gelu(tail[:n], approximate="tanh").tolist()] for n in (17, 33)
        ],
        "exact_float16_at_-5.54296875": F.gelu(as_block(float16_point))[0].item(),
        "grad": {
            str(dtype)[6:]: edge(gradient_zero_in_block, dtype, lo, hi)
            for dtype, lo, hi in (
                (torch.float64, -40.0, -37.0),
                (torch.float32, -7.0, -5.0),
                (torch.bfloat16, -7.0, -5.0),
                (torch.float16, -7.0, -5.0),
            )
        },
    }
