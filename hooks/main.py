"""The site's MkDocs hook: figures built from snippets/, companion notebooks
executed, rendered (by mkdocs-jupyter) and cached, math typeset into every
page, and a report of what the build did (``.cache/build-report.json``).

Each event is a few lines over the modules of this package, which
tests/hooks/ test on their own.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import NoReturn

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from hooks import (
    bench_results,
    descriptions,
    figures,
    fragments,
    html_fixes,
    notebook_execution,
    page_blocks,
    serve,
    theme_css,
    typeset,
)
from hooks.site_build import FIGURES, NOTEBOOKS, Build
from pagecheck import includes

log = logging.getLogger("mkdocs.hooks.site")
TABLE_CSS = "stylesheets/tables.css"  # for a site with no stylesheet of its own
# mkdocs-jupyter's converter logs each notebook; the build logs the same once.
logging.getLogger("mkdocs.mkdocs-jupyter").setLevel(logging.WARNING)

build: Build  # the build in progress (``mkdocs serve`` builds many in one process)
serving_dirty = False  # mkdocs serve --dirty: each rebuild renders only what changed


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def skip_execution() -> bool:
    """SITE_SKIP_EXECUTION=1: run no snippet (publish what is cached) and execute no
    notebook (render it without outputs); for the benchmark."""
    return os.environ.get("SITE_SKIP_EXECUTION") == "1"


def fail(message: str) -> NoReturn:
    build.fail(message)
    raise Abort(message)


def on_startup(command, dirty):
    global serving_dirty  # noqa: PLW0603 (set once, before the first build)
    serving_dirty = command == "serve" and dirty
    if serving_dirty:
        serve.quiet_dirty_notice()


def on_pre_build(config):
    global build  # noqa: PLW0603 (the hook's one state: the build in progress)
    root = project_root(config)
    build = Build(root, config.site_dir, not skip_execution(), log.info, complete=not serving_dirty)


# Before every other plugin, so link validation and search see the figures.
@event_priority(100)
def on_files(files, config):
    root = project_root(config)
    if skip_execution():
        built = figures.cached_figures(build.folder(FIGURES))
    else:
        try:
            built = figures.build_figures(root / "snippets", build.folder(FIGURES), log.info)
        except figures.SnippetError as exc:
            if exc.built is not None:
                build.figures_built(exc.built)
            fail(f"A snippet failed; nothing was published.\n\n{exc}")
        build.figures_built(built)
    build.fragments = built.fragments
    for site_path, source in built.figures.items():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    try:
        runs = notebook_execution.prepare(
            Path(config.docs_dir),
            build.folder(NOTEBOOKS),
            execute_cells=not skip_execution(),
            log=log.info,
        )
    except notebook_execution.NotebookError as exc:
        if exc.runs is not None:
            build.notebooks_prepared(exc.runs)
        fail(f"A notebook failed; nothing was published.\n\n{exc}")
    build.notebooks_prepared(runs)
    _add_table_styles(files, config)
    _replace_palette_stylesheet(files, config)
    files = build.pages.as_pages(files, config)
    if serving_dirty:
        config_file = Path(config.config_file_path)
        serve.remove_stale_pages(files.documentation_pages(), config_file, build.fragments)
    return files


def _add_table_styles(files, config):
    # Material's table styles for the tables page_blocks wraps itself, in the
    # site's first stylesheet (one request fewer), or in one of their own.
    sheets = (files.get_file_from_path(str(path)) for path in config.extra_css)
    sheet = next(filter(None, sheets), None)
    if sheet is None:
        source, path = "", TABLE_CSS
        if path not in config.extra_css:
            config.extra_css.append(path)
    else:
        files.remove(sheet)
        source, path = Path(sheet.abs_src_path).read_text(encoding="utf-8"), sheet.src_uri
    content = theme_css.with_table_styles(source, page_blocks.TABLE_CLASS)
    files.append(File.generated(config, path, content=content))


def _replace_palette_stylesheet(files, config):
    # Without the rule that restyles every element twice at load (hooks/theme_css.py).
    path, content = theme_css.palette_stylesheet()
    theirs = files.get_file_from_path(path)
    if theirs is not None:  # None: a site on another theme
        files.remove(theirs)
        files.append(File.generated(config, path, content=content))


def on_pre_page(page, config, files):
    if build.pages.is_notebook(page):
        build.pages.cache_render(page)
    return page


def on_page_markdown(markdown, page, config, files):
    if build.pages.is_notebook(page):
        return markdown  # the executed notebook, which hooks.notebook_render renders
    # pymdownx.snippets would fail on a broken include without naming the page.
    source = Path(page.file.abs_src_path)
    problems = includes.check(source, config_file=Path(config.config_file_path))
    if problems:
        fail("Broken snippet include:\n" + "\n".join(problems))
    try:
        markdown = fragments.insert(markdown, build.fragments, f"docs/{page.file.src_uri}")
    except fragments.FragmentError as exc:
        fail(str(exc))
    return bench_results.insert(markdown, project_root(config) / "tools" / "bench.json")


# Before search indexes the page, so it indexes the cleaned content and the
# formulas' plain text.
@event_priority(50)
def on_page_content(html, page, config, files):
    if build.pages.is_notebook(page):
        html = build.pages.content(html, page)
    html = page_blocks.prepare(html)
    try:
        html = build.typeset(html, page, Path(config.docs_dir))
    except typeset.TypesetError as exc:
        fail(f"Math could not be typeset; nothing was published.\n\n{exc}")
    # From the content as search reads it: each formula as plain text.
    page.meta["description"] = descriptions.description(page.meta, html, config.site_description)
    try:
        return html_fixes.size_images(html, page.url, html_fixes.site_files(files))
    except ValueError as exc:
        fail(f"docs/{page.file.src_uri}: {exc}")


def on_post_page(output, page, config):
    output = html_fixes.fix_templates(build.written(output, page))
    if not build.pages.is_notebook(page):
        return output
    try:
        build.pages.write_download(page)
    except ValueError as exc:
        fail(f"{config.config_file_path}: {exc}: downloaded notebooks link the site by it")
    return build.pages.link_stylesheet(output, page)


def on_post_template(output_content, template_name, config):
    return html_fixes.fix_templates(output_content)  # 404.html


def on_post_build(config):
    build.pages.write_stylesheet(Path(config.site_dir))
    build.finish()


def on_build_error(error):
    if "build" in globals():  # otherwise the build stopped before on_pre_build
        build.fail(f"{type(error).__name__}: {error}")


def on_serve(server, config, builder):
    root = project_root(config)
    serve.poll_faster(server, [config.docs_dir, config.config_file_path], [str(root / "snippets")])
    serve.show_build_errors(server, Path(config.site_dir))
    figures.HOST.start(root / "snippets")  # torch is imported before the first edit
    return server
