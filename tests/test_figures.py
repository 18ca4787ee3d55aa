"""hooks/figures.py: which snippets run, what is cached, what a failure says."""

import shutil
import subprocess
import sys

import pytest

from hooks import figures
from pagecheck.paths import ROOT, SNIPPETS

SNIPPET = """\
import matplotlib.pyplot as plt


def draw():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, {slope}])
    return fig


if __name__ == "__main__":
    from plotting import main

    main({{"{name}": draw}})
"""


@pytest.fixture
def project(tmp_path):
    """A snippets folder with the site's plotting module and two snippets."""
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    shutil.copy(SNIPPETS / "plotting.py", snippets)
    for name in ("one", "two"):
        (snippets / f"{name}.py").write_text(SNIPPET.format(name=name, slope=1))
    return snippets, tmp_path / "cache"


def build(snippets, cache):
    log = []
    report = figures.build_figures(snippets, cache, log.append)
    return report, log


def test_snippets_and_modules_are_told_apart(project):
    snippets, _ = project
    assert [p.name for p in figures.find_snippets(snippets)] == ["one.py", "two.py"]


def test_project_imports_are_followed_transitively(tmp_path):
    (tmp_path / "a.py").write_text("import torch\nfrom b import f\n")
    (tmp_path / "b.py").write_text("import c\n")
    (tmp_path / "c.py").write_text("import a\n")  # cycles end
    assert figures.project_imports(tmp_path / "a.py", tmp_path) == [
        tmp_path / "b.py",
        tmp_path / "c.py",
    ]


def test_key_follows_snippet_and_imported_module(project):
    snippets, _ = project
    one = snippets / "one.py"
    key = figures.cache_key(one, snippets)
    assert figures.cache_key(one, snippets) == key
    one.write_text(one.read_text() + "# edited\n")
    edited = figures.cache_key(one, snippets)
    assert edited != key
    plotting = snippets / "plotting.py"
    plotting.write_text(plotting.read_text() + "# new style\n")
    assert figures.cache_key(one, snippets) != edited


def test_only_changed_snippets_run(project):
    snippets, cache = project
    report, log = build(snippets, cache)
    assert sorted(report.ran) == ["one.py", "two.py"]
    assert sorted(report.figures) == [
        "figures/one-dark.svg",
        "figures/one-light.svg",
        "figures/two-dark.svg",
        "figures/two-light.svg",
    ]
    assert any(line.startswith("one.py: ran in ") for line in log)

    report, log = build(snippets, cache)
    assert report.ran == {} and report.cached == ["one.py", "two.py"]
    assert "one.py: cached" in log

    (snippets / "two.py").write_text(SNIPPET.format(name="two", slope=2))
    report, _ = build(snippets, cache)
    assert list(report.ran) == ["two.py"] and report.cached == ["one.py"]
    # The stale entry of two.py is gone; one entry per snippet remains.
    assert len([p for p in cache.iterdir() if p.name != ".tmp"]) == 2


def test_a_failing_snippet_names_file_and_line_and_caches_nothing(project):
    snippets, cache = project
    bad = snippets / "bad.py"
    bad.write_text(
        "import torch\n"
        "\n"
        "def slope():\n"
        "    return torch.ones(2) @ torch.ones(3)\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    slope()\n"
    )
    with pytest.raises(figures.SnippetError) as failure:
        build(snippets, cache)
    message = str(failure.value)
    assert message.startswith(f"{figures.display_path(str(bad))}:4: RuntimeError")
    assert "line 7, in <module>" in message and "line 4, in slope" in message
    assert "runpy" not in message  # the runner's own frames are left out
    entries = [p.name for p in cache.iterdir() if p.name != ".tmp"]
    assert not any(name.startswith("bad-") for name in entries)
    assert list((cache / ".tmp").iterdir()) == []


def test_a_process_that_dies_mid_run_leaves_nothing_cached(project):
    snippets, cache = project
    (snippets / "dies.py").write_text(
        "import os\nfrom pathlib import Path\n"
        "if __name__ == '__main__':\n"
        "    import sys\n"
        "    out = Path(sys.argv[2])\n"
        "    (out / 'dies-light.svg').write_text('<svg')  # half a figure\n"
        "    os._exit(3)\n"
    )
    with pytest.raises(figures.SnippetError, match="dies.py: the process running it died"):
        build(snippets, cache)
    assert not any(p.name.startswith("dies-") for p in cache.iterdir())


def test_figures_must_come_in_light_and_dark(project):
    snippets, cache = project
    (snippets / "lonely.py").write_text(
        "import sys\nfrom pathlib import Path\n"
        "if __name__ == '__main__':\n"
        "    (Path(sys.argv[2]) / 'lonely-light.svg').write_text('<svg/>')\n"
    )
    with pytest.raises(figures.SnippetError, match="no lonely-dark.svg"):
        build(snippets, cache)


def test_two_cold_builds_write_identical_figures(tmp_path):
    first = figures.build_figures(SNIPPETS, tmp_path / "a", lambda _: None)
    second = figures.build_figures(SNIPPETS, tmp_path / "b", lambda _: None)
    assert sorted(first.figures) == sorted(second.figures)
    for name, path in first.figures.items():
        assert path.read_bytes() == second.figures[name].read_bytes(), name
    for text in (p.read_text() for p in first.figures.values()):
        assert "<dc:date>" not in text  # no timestamp in the SVG


@pytest.mark.parametrize("snippet", figures.find_snippets(SNIPPETS), ids=lambda p: p.name)
def test_each_snippet_runs_alone(snippet, tmp_path):
    """``python snippets/NAME.py --out DIR``, as a reader would run it."""
    subprocess.run(
        [sys.executable, str(snippet), "--out", str(tmp_path)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written and all(name.startswith(snippet.stem) for name in written)
    assert figures.check_output(snippet.stem, tmp_path) == []
