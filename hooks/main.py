"""MkDocs hooks: figures built from snippets/, MathJax served by the site.

Each event is a few lines over plain functions in this folder, which tests/
import and test on their own.
"""

import logging
import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import bench_results
import figures
import includes
import mathjax_files

log = logging.getLogger("mkdocs.hooks.figures")


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def skip_execution() -> bool:
    """SITE_SKIP_EXECUTION=1: run no snippet (publish what is cached); for the benchmark."""
    return os.environ.get("SITE_SKIP_EXECUTION") == "1"


# Before every other plugin, so link validation and search see the figures.
@event_priority(100)
def on_files(files, config):
    root = project_root(config)
    cache = root / ".cache" / "figures"
    if skip_execution():
        built = figures.cached_figures(cache)
    else:
        try:
            built = figures.build_figures(root / "snippets", cache, log.info).figures
        except figures.SnippetError as exc:
            raise Abort(f"A snippet failed; nothing was published.\n\n{exc}") from None
    published = {**built, **mathjax_files.mathjax_files()}
    for site_path, source in published.items():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


def on_serve(server, config, builder):
    server.watch(str(project_root(config) / "snippets"))
    return server


def on_page_markdown(markdown, page, config, files):
    # pymdownx.snippets would fail on a broken include without naming the page.
    base_paths = config.mdx_configs["pymdownx.snippets"]["base_path"]
    problems = includes.check_page(
        Path(page.file.abs_src_path), f"docs/{page.file.src_uri}", [Path(p) for p in base_paths]
    )
    if problems:
        raise Abort("Broken snippet include:\n" + "\n".join(problems))
    return bench_results.insert(markdown, project_root(config) / "tools" / "bench.json")
