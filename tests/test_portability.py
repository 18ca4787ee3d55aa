"""Every page example and every snippet assert holds under each CPU capability.

The rest of the suite runs under the capability the process has; this test
runs the examples, the tests marked ``every_capability`` and the snippets
again, in a fresh process, under each of the others this CPU can stand in for
(pagecheck.portability). The text snippets generate for pages must come out
the same as the session's site build. Each capability keeps a figure cache of
its own in pytest's cache folder, with the build's keys: a snippet whose
inputs did not change since its asserts held under those kernels is not run
again.
"""

import pytest
import torch

from pagecheck import portability

pytestmark = [pytest.mark.portability, pytest.mark.build]


# The rest of this run uses these kernels already.
HERE = torch.backends.cpu.get_cpu_capability().lower()


@pytest.mark.parametrize("capability", [c for c in portability.ladder() if c != HERE])
def test_examples_and_snippets_hold_under(capability, request):
    if not portability.supported(capability):
        pytest.skip(f"{capability}: this CPU cannot run these kernels")
    built_site = request.getfixturevalue("built_site")  # only once there is something to run
    cache = request.config.cache
    figure_cache = cache.mkdir(f"portability-figures-{capability}") if cache else None
    reference = built_site.project / ".cache" / "figures"
    done = portability.run(capability, figure_cache, reference)
    assert done.returncode == 0, (
        f"under ATEN_CPU_CAPABILITY={capability}:\n{done.stdout[-30000:]}{done.stderr[-5000:]}"
    )
