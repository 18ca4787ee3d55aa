"""Every page example and every snippet assert holds under each CPU capability.

The rest of the suite runs under the capability the process has; this test
runs the examples again, in a fresh process, under each of the others this
CPU can stand in for (pagecheck.portability).
"""

import pytest
import torch

from pagecheck import portability

pytestmark = pytest.mark.portability


@pytest.mark.parametrize("capability", portability.ladder())
def test_examples_and_snippets_hold_under(capability):
    if capability == torch.backends.cpu.get_cpu_capability().lower():
        pytest.skip(f"{capability}: the rest of this run already uses these kernels")
    if not portability.supported(capability):
        pytest.skip(f"{capability}: this CPU cannot run these kernels")
    done = portability.run(capability)
    assert done.returncode == 0, (
        f"under ATEN_CPU_CAPABILITY={capability}:\n{done.stdout[-30000:]}{done.stderr[-5000:]}"
    )
