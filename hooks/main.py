"""MkDocs hooks: figures built from snippets/, MathJax served by the site.

Each event is a few lines over plain functions in this folder, which tests/
import and test on their own.
"""

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import figures
import mathjax_files

log = logging.getLogger("mkdocs.hooks.figures")


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


# Before every other plugin, so link validation and search see the figures.
@event_priority(100)
def on_files(files, config):
    root = project_root(config)
    try:
        report = figures.build_figures(root / "snippets", root / ".cache" / "figures", log.info)
    except figures.SnippetError as exc:
        raise Abort(f"A snippet failed; nothing was published.\n\n{exc}") from None
    published = {**report.figures, **mathjax_files.mathjax_files()}
    for site_path, source in published.items():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


def on_serve(server, config, builder):
    server.watch(str(project_root(config) / "snippets"))
    return server
