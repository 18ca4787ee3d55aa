"""The suite's split over workers (``make test``: ``-n auto --dist loadgroup``)
keeps each ``xdist_group`` on one worker, so a module fixture its tests
share (the offline build, the HTML checker's pass over every page) is
computed once."""

import subprocess
import sys

MODULE = """\
import os
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(6))
def test_where(n):
    print("ran on", os.environ["PYTEST_XDIST_WORKER"])
"""


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(MODULE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-rP", "-q",
         "-p", "no:cacheprovider", "-c", "/dev/null", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {line.split()[-1] for line in done.stdout.splitlines() if line.startswith("ran on")}
    assert len(workers) == 1, f"the group ran on {sorted(workers)}"
