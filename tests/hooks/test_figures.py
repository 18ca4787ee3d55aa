"""hooks/figures.py: which snippets run, what is cached, what a failure says."""

import os
import subprocess
import sys

import pytest

from hooks import figures
from hooks.build_cache import remove_stale
from pagecheck import portability
from pagecheck.paths import ROOT, SNIPPETS
from tests.hooks.conftest import write_snippet


def build(snippets, cache):
    log = []
    built = figures.build_figures(snippets, cache, log.append)
    return built, log


def entries(cache):
    return sorted(p.name for p in cache.iterdir() if p.name != ".tmp")


def test_source_facts_are_kept_by_content(tmp_path, monkeypatch):
    store = tmp_path / "facts.json"
    module = tmp_path / "m.py"
    module.write_text("import plotting\n")
    facts = figures.SourceFacts(store)
    assert facts.of(module) == {"snippet": False, "imports": ["plotting"]}
    facts.save()
    # The next build reads them instead of parsing; an edit is parsed again.
    monkeypatch.setattr(figures.ast, "parse", None)
    assert figures.SourceFacts(store).of(module)["imports"] == ["plotting"]
    monkeypatch.undo()
    module.write_text("import numpy\nif __name__ == '__main__':\n    pass\n")
    assert figures.SourceFacts(store).of(module) == {"snippet": True, "imports": ["numpy"]}
    module.write_text("def broken(:\n")
    with pytest.raises(SyntaxError, match=r"m\.py"):
        figures.SourceFacts(store).of(module)


def test_snippets_and_modules_are_told_apart(snippets_project):
    snippets, _ = snippets_project
    assert [p.name for p in figures.find_snippets(snippets)] == ["one.py", "two.py"]


def test_project_imports_are_followed_transitively(tmp_path):
    (tmp_path / "a.py").write_text("import torch\nfrom b import f\n")
    (tmp_path / "b.py").write_text("import c\n")
    (tmp_path / "c.py").write_text("import a\n")  # cycles end
    assert figures.project_imports(tmp_path / "a.py", tmp_path) == [
        tmp_path / "b.py",
        tmp_path / "c.py",
    ]


def test_project_package_modules_count_like_siblings(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "package_root", lambda name: tmp_path)  # where it is installed
    snippets, package = tmp_path / "snippets", tmp_path / "pagecheck"
    (package / "derivations").mkdir(parents=True)
    for path in (package / "__init__.py", package / "derivations" / "__init__.py"):
        path.write_text("")
    (package / "derivations" / "notation.py").write_text("import sympy\n")
    snippets.mkdir()
    (snippets / "a.py").write_text("from pagecheck.derivations import notation\nimport numpy\n")
    assert figures.project_imports(snippets / "a.py", snippets) == [
        package / "__init__.py",
        package / "derivations" / "__init__.py",
        package / "derivations" / "notation.py",
    ]


def test_key_follows_snippet_and_imported_module(snippets_project):
    snippets, _ = snippets_project
    one = snippets / "one.py"
    name = figures.entry_name(one, snippets)
    assert name.startswith("one-")
    assert figures.entry_name(one, snippets) == name
    one.write_text(one.read_text() + "# edited\n")
    edited = figures.entry_name(one, snippets)
    assert edited != name
    plotting = snippets / "plotting.py"
    plotting.write_text(plotting.read_text() + "# new style\n")
    assert figures.entry_name(one, snippets) != edited


def test_only_changed_snippets_run(snippets_project):
    snippets, cache = snippets_project
    built, log = build(snippets, cache)
    assert sorted(built.ran) == ["one.py", "two.py"]
    assert sorted(built.figures) == [  # the default 7 in wide: each has a narrow variant
        "figures/one-dark.svg",
        "figures/one-light.svg",
        "figures/one-narrow-dark.svg",
        "figures/one-narrow-light.svg",
        "figures/two-dark.svg",
        "figures/two-light.svg",
        "figures/two-narrow-dark.svg",
        "figures/two-narrow-light.svg",
    ]
    assert sorted(log) == sorted(f"{name}: ran in {built.ran[name]:.2f} s" for name in built.ran)
    assert built.entries == set(entries(cache))

    built, log = build(snippets, cache)
    assert built.ran == {} and built.cached == ["one.py", "two.py"]
    assert log == []  # the build's summary line counts what was cached

    write_snippet(snippets, "two", slope=2)
    built, _ = build(snippets, cache)
    assert list(built.ran) == ["two.py"] and built.cached == ["one.py"]
    # The stale entry of two.py stays until the build prunes what it did not use.
    stale = sorted(set(entries(cache)) - built.entries)
    assert len(stale) == 1 and stale[0].startswith("two-")
    assert remove_stale(cache, built.entries) == stale
    assert entries(cache) == sorted(built.entries)
    assert len(built.entries - {figures.FACTS_FILE}) == 2


def test_a_failing_snippet_names_file_and_line_and_caches_nothing(snippets_project):
    snippets, cache = snippets_project
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
    assert sorted(failure.value.built.ran) == ["one.py", "two.py"]  # for the build's report
    assert not any(name.startswith("bad-") for name in entries(cache))
    assert list((cache / ".tmp").iterdir()) == []


def test_a_process_that_dies_mid_run_leaves_nothing_cached(snippets_project):
    snippets, cache = snippets_project
    (snippets / "dies.py").write_text(
        "import os\nfrom pathlib import Path\n"
        "if __name__ == '__main__':\n"
        "    import sys\n"
        "    out = Path(sys.argv[2])\n"
        "    (out / 'dies-light.svg').write_text('<svg')  # half a figure\n"
        "    os._exit(3)\n"
    )
    with pytest.raises(figures.SnippetError, match=r"dies\.py: the process running it died"):
        build(snippets, cache)
    assert not any(name.startswith("dies-") for name in entries(cache))
    # The next build runs its snippets in a working pool again (a death
    # breaks the pool, so the other snippets of that build may have failed too).
    (snippets / "dies.py").unlink()
    write_snippet(snippets, "two", slope=3)
    built, _ = build(snippets, cache)
    assert "two.py" in built.ran and set(built.ran) <= {"one.py", "two.py"}
    assert sorted(built.figures) == [
        f"figures/{n}{w}-{v}.svg"
        for n in ("one", "two")
        for w in ("", "-narrow")
        for v in ("dark", "light")
    ]


def test_figures_must_come_in_light_and_dark(snippets_project):
    snippets, cache = snippets_project
    (snippets / "lonely.py").write_text(
        "import sys\nfrom pathlib import Path\n"
        "if __name__ == '__main__':\n"
        "    (Path(sys.argv[2]) / 'lonely-light.svg').write_text('<svg/>')\n"
    )
    with pytest.raises(figures.SnippetError, match=r"no lonely-dark\.svg"):
        build(snippets, cache)


def test_a_snippet_may_write_its_page_a_fragment_and_data(snippets_project):
    snippets, cache = snippets_project
    (snippets / "two.py").write_text(
        (snippets / "two.py")
        .read_text()
        .replace(
            '    main({"two": draw})',
            '    main({"two": draw})\n'
            "    out = Path(sys.argv[2])\n"
            '    (out / "two.md").write_text("| a |\\n|---|\\n")\n'
            '    (out / "two.json").write_text("{}")',
        )
        .replace(
            "import matplotlib.pyplot as plt",
            "import sys\nfrom pathlib import Path\n\nimport matplotlib.pyplot as plt",
        )
    )
    built, _ = build(snippets, cache)
    assert sorted(built.fragments) == ["two.md"]
    assert built.fragments["two.md"].read_text() == "| a |\n|---|\n"
    assert "figures/two.json" in built.figures
    assert figures.check_output("two", built.fragments["two.md"].parent) == []
    (built.fragments["two.md"].parent / "other.md").write_text("")
    assert figures.check_output("two", built.fragments["two.md"].parent) == [
        "wrote 'other.md': figures must be named two*-light.svg / -dark.svg"
    ]


def test_snippets_import_their_siblings_without_touching_sys_path(snippets_project):
    snippets, cache = snippets_project
    before = list(sys.path)
    built, _ = build(snippets, cache)  # one.py and two.py import plotting.py beside them
    assert sorted(built.ran) == ["one.py", "two.py"]
    assert sys.path == before


def run_alone(snippet, out, kernels: str) -> list[str]:
    """``python snippets/NAME.py --out OUT`` under ``kernels``; the names written."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "ATEN_CPU_CAPABILITY": kernels}
    command = [sys.executable, str(snippet), "--out", str(out)]
    done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert figures.check_output(snippet.stem, out) == []
    return sorted(p.name for p in out.iterdir())


@pytest.mark.build
@pytest.mark.parametrize("snippet", figures.find_snippets(SNIPPETS), ids=lambda p: p.name)
def test_each_snippet_run_alone_writes_what_the_site_published(snippet, built_site, tmp_path):
    """``python snippets/NAME.py --out DIR``, as a reader runs it, writes byte
    for byte what the session's site build published: the snippet runs alone,
    its output depends on nothing the build's runner sets (a seed, say), and
    a second run of it, from nothing, writes the same bytes. (The runner
    gives each snippet one thread; so does this run.)

    A figure's last bits depend on the CPU kernels, so the snippet runs under
    those the build's entry was made with (the session's build may reuse
    entries made under others). Where this CPU cannot run them, the figures
    are compared with a second run here instead, and the text with the build's.
    """
    published = built_site.project / ".cache" / "figures" / figures.entry_name(snippet, SNIPPETS)
    kernels, reference = figures.kernels(published), published
    if not portability.supported(kernels):
        kernels, reference = portability.native_capability(), tmp_path / "first"
        reference.mkdir()
        run_alone(snippet, reference, kernels)
    out = tmp_path / "alone"
    out.mkdir()
    written = run_alone(snippet, out, kernels)
    assert written == sorted(p.name for p in published.iterdir() if p.name != figures.KERNELS_FILE)
    for name in written:
        theirs = published if name.endswith((".md", ".json")) else reference
        assert (out / name).read_bytes() == (theirs / name).read_bytes(), (
            f"{snippet.name} alone wrote {name} differently from {theirs}"
        )
        if name.endswith(".svg"):
            assert "<dc:date>" not in (out / name).read_text()  # no timestamp
