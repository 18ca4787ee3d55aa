"""MkDocs hooks: figures built from snippets/, MathJax served by the site,
companion notebooks executed and cached (rendered by mkdocs-jupyter).

Each event is a few lines over plain functions in this folder, which tests/
import and test on their own.
"""

import logging
import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from hooks import (
    bench_results,
    descriptions,
    figures,
    html_fixes,
    includes,
    mathjax_files,
    notebooks,
)

log = logging.getLogger("mkdocs.hooks.figures")
notebook_log = logging.getLogger("mkdocs.hooks.notebooks")
# mkdocs-jupyter logs three lines per notebook; notebook_log says it in one.
for name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
    logging.getLogger(name).setLevel(logging.WARNING)
notebook_pages = notebooks.Pages()


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def skip_execution() -> bool:
    """SITE_SKIP_EXECUTION=1: run no snippet (publish what is cached) and execute no
    notebook (render it without outputs); for the benchmark."""
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
    settings = notebooks.plugin_settings(config)
    settings["execute_cells"] &= not skip_execution()
    cache = root / ".cache" / "notebooks"
    try:
        report = notebooks.prepare(Path(config.docs_dir), cache, log=notebook_log.info, **settings)
    except notebooks.NotebookError as exc:
        raise Abort(f"A notebook failed; nothing was published.\n\n{exc}") from None
    notebook_pages.start(report, cache)
    return files


# Before mkdocs-jupyter renders the page.
@event_priority(50)
def on_pre_page(page, config, files):
    if notebook_pages.is_notebook(page):
        notebook_pages.hand_over(page)
    return page


# Before search indexes the page, so it indexes the cleaned content.
@event_priority(50)
def on_page_content(html, page, config, files):
    if notebook_pages.is_notebook(page):
        html = notebook_pages.content(html, page)
    page.meta["description"] = descriptions.description(page.meta, html, config.site_description)
    try:
        return html_fixes.size_images(html, page.url, html_fixes.site_files(files))
    except ValueError as exc:
        raise Abort(f"docs/{page.file.src_uri}: {exc}") from None


def on_post_page(output, page, config):
    output = html_fixes.fix_templates(output)
    if notebook_pages.is_notebook(page):
        return notebook_pages.link_stylesheet(output, page)
    return output


def on_post_template(output_content, template_name, config):
    return html_fixes.fix_templates(output_content)  # 404.html


def on_post_build(config):
    notebook_pages.write_stylesheet(config.site_dir)


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
