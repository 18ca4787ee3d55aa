"""Copies of the project to build and break: for the benchmark and the tests.

``copy_project`` copies what a build reads (pages, snippets, hooks, the
config) and, if asked, the cache, so that nothing done to the copy touches
the original's ``.cache/``. ``plain_site`` makes the baseline the benchmark
compares with: the same Markdown pages built by Material alone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import yaml as mkdocs_yaml

from hooks import fragments
from pagecheck.paths import ROOT

PROJECT_PARTS = ("docs", "snippets", "hooks", "overrides", "tools", "mkdocs.yml")
# A cache's entries, without another build's lock or report or scratch files.
NOT_ENTRIES = (".lease", "build-report.json", ".tmp")


def copy_project(dst: Path, with_cache: bool = True, source: Path = ROOT) -> Path:
    """The project at ``source`` copied into ``dst``, with a copy of its cache
    if ``with_cache``. Returns ``dst``."""
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy(src, dst / part)
    if with_cache and (source / ".cache").is_dir():
        shutil.copytree(
            source / ".cache", dst / ".cache", ignore=shutil.ignore_patterns(*NOT_ENTRIES)
        )
    return dst


def _plain(value):
    """A config value with MkDocs's path placeholders (``!relative``) as strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if hasattr(value, "__fspath__") else value


def _markdown_nav(items: list) -> list:
    """The nav without its notebook pages (entries that are not ``.md``)."""
    kept = []
    for item in items:
        if isinstance(item, dict):
            ((title, target),) = item.items()
            if isinstance(target, list):
                if sub := _markdown_nav(target):
                    kept.append({title: sub})
            elif str(target).endswith(".md"):
                kept.append(item)
        elif str(item).endswith(".md"):
            kept.append(item)
    return kept


def raw_config(project: Path) -> dict:
    """``project``'s ``mkdocs.yml`` as MkDocs reads it (``!ENV`` tags resolved)."""
    project = project.resolve()  # the config's relative paths are relative to it
    config = MkDocsConfig(config_file_path=str(project / "mkdocs.yml"))
    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return mkdocs_yaml.yaml_load(f, loader=mkdocs_yaml.get_yaml_loader(config=config))


def mount_path(project: Path) -> str:
    """Where ``mkdocs serve`` mounts ``project``'s site: its ``site_url``'s path."""
    return urlsplit(raw_config(project).get("site_url") or "/").path or "/"


def plain_site(project: Path, dst: Path) -> Path:
    """The same Markdown pages as ``project`` (with the fragments its snippets
    wrote already inserted), to be built by Material alone: no hooks, no
    notebook plugin, no notebooks. Returns the folder of its ``mkdocs.yml``."""
    project = project.resolve()
    raw = raw_config(project)
    keys = ("site_name", "site_url", "theme", "markdown_extensions", "extra_css", "exclude_docs")
    plain = {key: _plain(raw[key]) for key in keys if key in raw}
    if isinstance(plain.get("theme"), dict):
        plain["theme"].pop("custom_dir", None)  # the overrides belong to the hooks' site
    plain["nav"] = _markdown_nav(raw["nav"])
    plain["plugins"] = ["search"]
    shutil.copytree(project / "docs", dst / "docs", ignore=shutil.ignore_patterns("*.py"))
    written = {md.name: md for md in (project / ".cache" / "figures").glob("*/*.md")}
    for page in (dst / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if fragments.names(text):
            page.write_text(fragments.insert(text, written, str(page)), encoding="utf-8")
    (dst / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    return dst


def append_to_section(script: Path, section: str, line: str) -> None:
    """Add ``line`` at the end of a named section of a snippet (what its page shows)."""
    text = script.read_text(encoding="utf-8")
    end = re.search(rf"^# --8<-- \[end:{re.escape(section)}\]$", text, re.M)
    if end is None:
        raise ValueError(f"{script}: no section {section!r}")
    script.write_text(text[: end.start()] + line + "\n" + text[end.start() :], encoding="utf-8")
