"""hooks/snippet_worker.py: a snippet's failure names its file and line."""

import runpy

import pytest

from hooks import snippet_worker
from hooks.build_cache import display_path


def test_failure_names_the_snippets_deepest_line_and_drops_the_runners_frames(tmp_path):
    script = tmp_path / "bad.py"
    script.write_text("def f():\n    return 1 / 0\n\nf()\n")
    with pytest.raises(ZeroDivisionError) as raised:
        runpy.run_path(str(script))
    message = snippet_worker.describe_failure(str(script), raised.value)
    head, _, trace = message.partition("\n")
    assert head == f"{display_path(script)}:2: ZeroDivisionError: division by zero"
    assert "line 4, in <module>" in trace and "line 2, in f" in trace
    assert "runpy" not in trace
