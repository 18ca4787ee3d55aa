"""pagecheck.isolation: every setting a page can change is put back."""

import random

import numpy
import torch

from pagecheck import isolation


def test_every_setting_is_restored():
    fresh = isolation.snapshot()
    try:
        torch.rand(3)
        numpy.random.rand(3)
        random.random()
        torch.set_printoptions(precision=2, sci_mode=True)
        torch.set_default_dtype(torch.float64)
        torch.set_grad_enabled(False)
        torch.set_anomaly_enabled(True)
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.set_float32_matmul_precision("medium")
        torch.set_num_threads(torch.get_num_threads() + 1)
        torch.set_default_device("meta")
        numpy.set_printoptions(precision=2)
        numpy.seterr(all="raise")
        changed = isolation.snapshot()
        assert changed.differences(fresh) == sorted(
            name for name in fresh.values if not name.startswith("rng.")
        )
    finally:
        isolation.restore(fresh)
    restored = isolation.snapshot()
    assert restored.differences(fresh) == []
    assert torch.equal(restored.values["rng.torch"], fresh.values["rng.torch"])
    assert restored.values["rng.random"] == fresh.values["rng.random"]
    assert numpy.array_equal(restored.values["rng.numpy"][1], fresh.values["rng.numpy"][1])
