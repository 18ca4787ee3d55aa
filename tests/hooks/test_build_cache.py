"""hooks/build_cache.py: the key recipe, entries that appear whole, and a lease
that keeps one build from pruning what another uses."""

import os
import subprocess
import sys
import textwrap

import pytest

from hooks import build_cache
from hooks.build_cache import CacheLease, cache_key


def test_key_follows_recipe_files_versions_and_options(tmp_path, monkeypatch):
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    key = cache_key("recipe 1", [a], ["pytest"], {"n": 1})
    assert len(key) == build_cache.KEY_LENGTH
    assert cache_key("recipe 1", [a], ["pytest"], {"n": 1}) == key
    assert cache_key("recipe 2", [a], ["pytest"], {"n": 1}) != key
    assert cache_key("recipe 1", [a], ["pytest"], {"n": 2}) != key
    assert cache_key("recipe 1", [a], ["pytest", "pluggy"], {"n": 1}) != key
    b = tmp_path / "b.py"
    b.write_text("x = 1\n")
    assert cache_key("recipe 1", [b], ["pytest"], {"n": 1}) != key  # a file counts by name
    a.write_text("x = 2\n")
    assert cache_key("recipe 1", [a], ["pytest"], {"n": 1}) != key

    real_version = build_cache.installed_version
    a.write_text("x = 1\n")
    assert cache_key("recipe 1", [a], ["pytest"], {"n": 1}) == key
    monkeypatch.setattr(
        build_cache,
        "installed_version",
        lambda dist: "0.0" if dist == "pytest" else real_version(dist),
    )
    assert cache_key("recipe 1", [a], ["pytest"], {"n": 1}) != key


def test_a_missing_distribution_is_an_error(tmp_path):
    with pytest.raises(build_cache.importlib.metadata.PackageNotFoundError):
        cache_key("recipe", [], ["no-such-distribution-here"])


def test_publish_is_whole_and_tolerates_a_build_that_published_first(tmp_path):
    entry = tmp_path / "x-key"
    first = build_cache.scratch_folder(tmp_path, "x")
    (first / "f.svg").write_text("<svg/>")
    build_cache.publish(first, entry)
    second = build_cache.scratch_folder(tmp_path, "x")
    (second / "f.svg").write_text("<svg/>")
    build_cache.publish(second, entry)  # a concurrent build's copy: no error
    assert (entry / "f.svg").read_text() == "<svg/>"


def test_write_atomically_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "sub" / "report.json"
    build_cache.write_atomically(path, "{}\n")
    build_cache.write_atomically(path, "[]\n")
    assert path.read_text() == "[]\n"
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]


def make_cache(root):
    for name in ("figures/one-new", "figures/one-old", "figures/.tmp/one-x"):
        (root / name).mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "pages" / "stylesheet-old.css").write_text("")
    (root / "pages" / "stylesheet-new.css").write_text("")
    return {"figures": {"one-new"}, "pages": {"stylesheet-new.css"}}


def listing(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name != ".lease")


def test_a_build_alone_prunes_what_it_did_not_use(tmp_path):
    keep = make_cache(tmp_path)
    lease = CacheLease(tmp_path)
    lease.acquire()
    assert lease.prune(keep) == ["figures/one-old", "pages/stylesheet-old.css"]
    assert listing(tmp_path) == ["figures", "figures/one-new", "pages", "pages/stylesheet-new.css"]
    assert not lease.held


def test_a_build_prunes_nothing_while_another_uses_the_cache(tmp_path):
    keep = make_cache(tmp_path)
    before = listing(tmp_path)
    mine, other = CacheLease(tmp_path), CacheLease(tmp_path)
    other.acquire()
    mine.acquire()
    assert mine.prune(keep) is None
    assert listing(tmp_path) == before and not mine.held
    other.release()
    mine.acquire()
    assert mine.prune(keep) == ["figures/one-old", "pages/stylesheet-old.css"]


HOLDER = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from hooks.build_cache import CacheLease
    lease = CacheLease(Path(sys.argv[1]))
    lease.acquire()
    print("held", flush=True)
    time.sleep(600)
    """)


def test_a_lease_ends_with_the_process_that_held_it(tmp_path):
    """A build killed mid-way does not keep the cache from being pruned."""
    keep = make_cache(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        lease = CacheLease(tmp_path)
        lease.acquire()
        assert lease.prune(keep) is None
    finally:
        holder.kill()
        holder.wait()
    lease.acquire()
    assert lease.prune(keep) is not None


def test_prune_needs_the_lease(tmp_path):
    with pytest.raises(RuntimeError, match="acquire"):
        CacheLease(tmp_path).prune({})


def test_display_path_is_relative_inside_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert build_cache.display_path(tmp_path / "a" / "b.py") == os.path.join("a", "b.py")
    assert build_cache.display_path("/elsewhere/c.py") == "/elsewhere/c.py"
