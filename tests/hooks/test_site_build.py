"""hooks/site_build.py: a build's lease, report and pruning, end to end on a
small cache (without MkDocs)."""

from pathlib import Path

from hooks import build_report
from hooks.figures import FigureBuild
from hooks.notebook_execution import NotebookRuns
from hooks.site_build import Build


def stale_cache(root: Path):
    for name in ("figures/one-old", "figures/one-new", "notebooks/a-old", "notebooks/a-new"):
        (root / ".cache" / name).mkdir(parents=True)


def run_parts(build: Build):
    build.figures_built(FigureBuild(ran={"one.py": 1.0}, entries={"one-new"}, seconds=1.0))
    runs = NotebookRuns(cached=["notebooks/a.py"])
    runs.notebooks["notebooks/a.py"] = build.folder("notebooks") / "a-new" / "a.ipynb"
    build.notebooks_prepared(runs)


def report(root: Path):
    return build_report.read(root / ".cache" / "build-report.json")


def test_a_build_alone_prunes_logs_and_reports(tmp_path, monkeypatch):
    monkeypatch.delenv(build_report.ENVIRONMENT, raising=False)
    stale_cache(tmp_path)
    lines = []
    build = Build(tmp_path, "/tmp/site", execution=True, log=lines.append)
    run_parts(build)
    build.finish()
    assert lines == ["notebooks: 1 cached"]
    data = report(tmp_path)
    assert data["status"] == "built"
    assert data["figures"]["ran"] == {"one.py": 1.0}
    assert data["pruned"] == ["figures/one-old", "notebooks/a-old"]
    assert not (tmp_path / ".cache" / "figures" / "one-old").exists()
    assert (tmp_path / ".cache" / "notebooks" / "a-new").is_dir()


def test_a_build_beside_another_prunes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(build_report.ENVIRONMENT, raising=False)
    stale_cache(tmp_path)
    other = Build(tmp_path, "/tmp/other-site", execution=True, log=lambda _: None)
    build = Build(tmp_path, "/tmp/site", execution=True, log=lambda _: None)
    run_parts(build)
    build.finish()
    assert report(tmp_path)["pruned"] is None
    assert (tmp_path / ".cache" / "figures" / "one-old").is_dir()
    other.fail("stopped")
    assert report(tmp_path)["status"] == "failed"


def test_a_build_without_execution_or_that_failed_prunes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(build_report.ENVIRONMENT, raising=False)
    stale_cache(tmp_path)
    build = Build(tmp_path, "/tmp/site", execution=False, log=lambda _: None)
    run_parts(build)
    build.finish()
    assert report(tmp_path)["pruned"] is None and not build.lease.held

    build = Build(tmp_path, "/tmp/site", execution=True, log=lambda _: None)
    build.fail("snippets/x.py:1: SyntaxError")
    data = report(tmp_path)
    assert data["status"] == "failed" and data["error"] == "snippets/x.py:1: SyntaxError"
    assert not build.lease.held
    assert (tmp_path / ".cache" / "figures" / "one-old").is_dir()
