"""hooks/build_report.py: the JSON a build leaves, and its summary line."""

import json

import pytest

from hooks import build_report
from hooks.build_report import BuildReport


def filled() -> BuildReport:
    report = BuildReport("/tmp/site", execution=True)
    report.figures({"relu.py": 1.5}, {"relu.py": 1795000000.25}, ["gelu.py", "tanh.py"], 1.7)
    report.notebooks({}, ["notebooks/a.py"], [], 0.1)
    report.notebook_pages({"notebooks/a.py": 0.6}, [], 0.2)
    report.formulas(3, 40, 0.5)
    report.pruned(["figures/relu-0123"])
    return report


def test_the_report_says_what_ran_what_was_cached_and_how_long(tmp_path):
    path = tmp_path / "build-report.json"
    filled().finish(path)
    data = build_report.read(path)
    assert data["status"] == "built" and "error" not in data
    assert data["site_dir"] == "/tmp/site" and data["execution"] is True
    assert data["figures"] == {
        "ran": {"relu.py": 1.5},
        "finished": {"relu.py": 1795000000.25},
        "cached": ["gelu.py", "tanh.py"],
        "seconds": 1.7,
    }
    assert data["notebooks"]["cached"] == ["notebooks/a.py"]
    assert data["notebook_pages"]["rendered"] == {"notebooks/a.py": 0.6}
    assert data["formulas"] == {"typeset": 3, "cached": 40, "seconds": 0.5}
    assert data["pruned"] == ["figures/relu-0123"]
    assert data["seconds"] >= 0
    assert [p.name for p in tmp_path.iterdir()] == ["build-report.json"]  # written atomically


def test_a_failed_build_reports_its_error(tmp_path):
    path = tmp_path / "report.json"
    BuildReport("/tmp/site", execution=True).finish(path, error="snippets/x.py:3: ValueError")
    data = build_report.read(path)
    assert data["status"] == "failed" and data["error"] == "snippets/x.py:3: ValueError"


def test_one_summary_line_for_what_was_cached():
    assert filled().cached_summary() == (
        "figures: 2 cached; notebooks: 1 cached; formulas: 40 cached"
    )
    assert BuildReport("/tmp/site", execution=True).cached_summary() is None


def test_the_place_is_the_cache_unless_the_environment_names_one(tmp_path, monkeypatch):
    monkeypatch.delenv(build_report.ENVIRONMENT, raising=False)
    assert build_report.report_path(tmp_path) == tmp_path / "build-report.json"
    monkeypatch.setenv(build_report.ENVIRONMENT, str(tmp_path / "elsewhere.json"))
    assert build_report.report_path(tmp_path) == tmp_path / "elsewhere.json"


def test_reading_something_else_fails_naming_the_file(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"figures": {}}))
    with pytest.raises(ValueError, match=r"old\.json: not a build report"):
        build_report.read(path)
