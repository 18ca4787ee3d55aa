"""Every notebook, run with settings of its knobs other than its own.

A notebook's first code cell holds its knobs: one assignment per parameter a
reader may change, and nothing else. Every check in the notebook has to
follow them, not one run's numbers. This test runs each notebook with other
settings, each in a fresh kernel whose working folder is a temporary one,
and fails if any cell raises. Each setting is a test of its own, so the test
workers share them out, and each runs once per session.
"""

from __future__ import annotations

import ast
import asyncio
import copy
from pathlib import Path

import pytest

from hooks import notebook_execution
from pagecheck.paths import DOCS, rel

# Trains networks over many seeds or executes notebooks: make test-fast leaves it out.
pytestmark = pytest.mark.slow

NOTEBOOKS = DOCS / "notebooks"

# Knob name (as written on the left of its assignment) -> Python source of
# the value to run with. Each setting changes what the notebook's checks
# depend on: sizes its asserts used to hard-code, seeds they failed for.
SETTINGS: dict[str, list[dict[str, str]]] = {
    "batch-dependence": [
        {"seed": "1"},
        {"seed": "2"},
        {"seed": "7"},
        {
            "seed": "3",
            "channels": "5",
            "mean, std": "-1.0, 0.5",
            "batch_size": "10",
            "micro_batches": "5",
            "sizes": "[3, 5, 50]",
            "draws": "200",
        },
    ],
    "bottleneck": [
        {"d": "7", "k": "2"},
        {"d": "6", "k": "5", "seed": "3", "lr": "0.03", "steps": "600"},
    ],
    "linear-regions": [
        {"depths": "[1, 2, 5]", "widths": "[3, 12]", "seeds": "range(3)", "example": "(3, 12, 4)"},
        {"lo, hi": "-1.0, 2.0", "bias_std": "1.0", "example": "(1, 5, 2)"},
    ],
    "swish": [
        {"betas": "[-10.0, -2.0, 0.5, 3.0]", "lo, hi": "-3.0, 8.0", "points": "3001"},
        {"betas": "[-0.1, 0.1]", "steep": "200.0"},
    ],
    "tanh-to-sigmoid": [
        {"widths": "[2, 8, 1]", "seed": "3", "steps": "50"},
        {"widths": "[3, 5, 7, 6, 2]", "lr": "0.5", "examples": "64"},
    ],
    "vanishing-gradients": [
        {"depth": "10"},
        {
            "depth": "5",
            "width": "16",
            "batch": "8",
            "seeds": "range(3)",
            "chain_length": "3",
            "batch_sizes": "[1, 4]",
        },
    ],
}


class KnobError(Exception):
    """A notebook's first code cell is not a cell of knobs, or lacks a knob."""


def knob_cell(nb) -> tuple[int, dict[str, ast.Assign]]:
    """Index of the first code cell and its assignments, by target source."""
    index = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
    source = nb.cells[index].source
    knobs = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            raise KnobError(f"line {node.lineno} of the first code cell is not `name = value`")
        knobs[ast.get_source_segment(source, node.targets[0])] = node
    return index, knobs


def with_knobs(nb, setting: dict[str, str]):
    """A copy of ``nb`` whose knob cell assigns the values of ``setting``."""
    index, knobs = knob_cell(nb)
    source = nb.cells[index].source
    for name, value in setting.items():
        if name not in knobs:
            raise KnobError(f"no knob {name!r}; the knobs are {', '.join(knobs)}")
        own = ast.get_source_segment(source, knobs[name].value)
        if ast.dump(ast.parse(own)) == ast.dump(ast.parse(value)):
            raise KnobError(f"{name} = {value} is the notebook's own setting")
    lines = source.splitlines()
    for name in sorted(setting, key=lambda n: knobs[n].lineno, reverse=True):
        node = knobs[name]
        lines[node.lineno - 1 : node.end_lineno] = [f"{name} = {setting[name]}"]
    changed = copy.deepcopy(nb)
    changed.cells[index].source = "\n".join(lines)
    return changed


def execute(nb, source: Path, folder: Path) -> str | None:
    """``nb`` executed as the build executes notebooks, in ``folder``: the
    first line of the error, or None if no cell raised."""
    try:
        asyncio.run(
            notebook_execution.execute(nb, source, allow_errors=False, kernel_name="", cwd=folder)
        )
    except notebook_execution.NotebookError as exc:
        return str(exc).split("\n", 1)[0]
    return None


CASES = [(name, i) for name, settings in SETTINGS.items() for i in range(len(settings))]


def test_every_notebook_has_knob_settings_to_run():
    notebooks = sorted(path.stem for path in NOTEBOOKS.glob("*.py"))
    assert sorted(SETTINGS) == notebooks
    for name in notebooks:
        assert len(SETTINGS[name]) >= 2, f"{name}: run it with at least two other settings"
        knob_cell(notebook_execution.read(NOTEBOOKS / f"{name}.py"))  # raises if not knobs


@pytest.mark.parametrize(("name", "i"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_notebook_runs_with_other_knobs(name, i, tmp_path):
    source = NOTEBOOKS / f"{name}.py"
    nb = with_knobs(notebook_execution.read(source), SETTINGS[name][i])
    failure = execute(nb, source, tmp_path)
    setting = ", ".join(f"{k} = {v}" for k, v in SETTINGS[name][i].items())
    assert failure is None, f"{rel(source)} with {setting}: {failure}"


def test_a_knob_that_does_not_exist_is_named():
    nb = notebook_execution.read(NOTEBOOKS / "bottleneck.py")
    with pytest.raises(KnobError, match="no knob 'width'; the knobs are d, k"):
        with_knobs(nb, {"width": "3"})
    with pytest.raises(KnobError, match="is the notebook's own setting"):
        with_knobs(nb, {"d": "8"})


SMALL = """\
# %%
n = 2  # a knob

# %%
assert n % 2 == 0, "this check holds for even n only"
"""


def test_a_check_that_fails_for_a_setting_is_reported(tmp_path):
    """A notebook whose check does not follow its knob fails for a setting
    the check does not allow, naming the cell and the error."""
    source = tmp_path / "small.py"
    source.write_text(SMALL)
    nb = notebook_execution.read(source)
    assert execute(with_knobs(nb, {"n": "4"}), source, tmp_path) is None
    failure = execute(with_knobs(nb, {"n": "3"}), source, tmp_path)
    assert failure == (
        f"{source}:5: cell 2 raised AssertionError: this check holds for even n only"
    )
