"""Global state a page's examples can change, and its reset to a fresh process's.

A page that calls ``torch.set_printoptions(precision=2)`` would otherwise change
what every later page prints: each passes alone and together they fail. The
doctest runner restores this state before and after every page, from a
snapshot taken before any test ran.

The state: torch's and numpy's print options, torch's default dtype and device,
grad and anomaly mode, the global random generators (torch, numpy, random),
deterministic-algorithm flags, float32 matmul precision, the number of
threads, denormal flushing, and numpy's floating-point error handling.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

import numpy
import torch
import torch._tensor_str


@dataclass
class State:
    values: dict[str, Any]

    def differences(self, other: State) -> list[str]:
        """Names of the settings that differ between two snapshots (RNG states excluded)."""
        return sorted(
            name
            for name, value in self.values.items()
            if not name.startswith("rng.") and not _same(value, other.values[name])
        )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, torch.Tensor):
        return torch.equal(a, b)
    if isinstance(a, tuple) and a and isinstance(a[1], numpy.ndarray):
        return a[0] == b[0] and numpy.array_equal(a[1], b[1]) and a[2:] == b[2:]
    return bool(a == b)


def snapshot() -> State:
    """The current global state."""
    return State(
        {
            "torch.print_options": dict(vars(torch._tensor_str.PRINT_OPTS)),
            "torch.default_dtype": torch.get_default_dtype(),
            "torch.default_device": torch.get_default_device(),
            "torch.grad_enabled": torch.is_grad_enabled(),
            "torch.anomaly": torch.is_anomaly_enabled(),
            "torch.deterministic": torch.are_deterministic_algorithms_enabled(),
            "torch.deterministic_warn_only": (
                torch.is_deterministic_algorithms_warn_only_enabled()
            ),
            "torch.matmul_precision": torch.get_float32_matmul_precision(),
            "torch.threads": torch.get_num_threads(),
            "numpy.print_options": numpy.get_printoptions(),
            "numpy.errors": numpy.geterr(),
            "rng.torch": torch.get_rng_state(),
            "rng.numpy": numpy.random.get_state(),
            "rng.random": random.getstate(),
        }
    )


def restore(state: State) -> None:
    """Put back every setting of ``state``."""
    v = state.values
    vars(torch._tensor_str.PRINT_OPTS).update(copy.deepcopy(v["torch.print_options"]))
    torch.set_default_dtype(v["torch.default_dtype"])
    torch.set_default_device(v["torch.default_device"])
    torch.set_grad_enabled(v["torch.grad_enabled"])
    torch.set_anomaly_enabled(v["torch.anomaly"])
    torch.use_deterministic_algorithms(
        v["torch.deterministic"], warn_only=v["torch.deterministic_warn_only"]
    )
    torch.set_float32_matmul_precision(v["torch.matmul_precision"])
    torch.set_num_threads(v["torch.threads"])
    # There is no getter: a fresh process does not flush denormals.
    torch.set_flush_denormal(False)
    numpy.set_printoptions(**v["numpy.print_options"])
    numpy.seterr(**v["numpy.errors"])
    torch.set_rng_state(v["rng.torch"])
    numpy.random.set_state(v["rng.numpy"])
    random.setstate(v["rng.random"])
