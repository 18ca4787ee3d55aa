"""Companion notebooks: executed (and cached) here, rendered by mkdocs-jupyter.

A notebook is a jupytext percent-format script, ``docs/notebooks/NAME.py``.
The build executes it in a fresh Python kernel and stores the executed
notebook in ``CACHE/NAME-KEY/NAME.ipynb``, where KEY hashes the script's bytes
and the torch and matplotlib versions; a notebook whose key did not change is
never executed again. The entry is written into a temporary folder renamed to
its final name only once execution succeeded, so an interrupted or failed run
leaves nothing that counts as cached.

mkdocs-jupyter then renders that executed ``.ipynb`` (its ``include`` patterns
match the sources and the cache, its ``execute_ignore`` keeps it from
executing the notebook again) and publishes it beside the page as the
notebook download. The page keeps the URL and the edit link of
``notebooks/NAME.py``.

The rendered page is then made to fit the site: mkdocs-jupyter's scripts
that load MathJax 2 and Mermaid from a CDN are removed, notebook math is
marked up the way ``pymdownx.arithmatex`` marks it up so the site's own
MathJax typesets it, and the big style blocks inlined into every notebook page
move into one shared stylesheet that keeps only the rules notebook pages use.
"""

from __future__ import annotations

import asyncio
import hashlib
import html as htmllib
import importlib.metadata
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import tinycss2
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from hooks.build_cache import display_path, prune, publish, scratch_folder

# Bump when the way notebooks are executed changes.
RUNNER_VERSION = "1"
SOURCE_DIR = "notebooks"  # under docs/
WORKERS = 2  # the build machine has 2 cores
CELL_TIMEOUT = 300  # seconds
STYLESHEET = "assets/stylesheets/notebooks.css"
KERNEL_ENV = {
    "OMP_NUM_THREADS": "1",  # two kernels share the two cores
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}


class NotebookError(Exception):
    """A notebook cell raised."""


@dataclass
class Report:
    """What one build did, and the notebook each source is rendered from."""

    executed: dict[str, float] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)
    notebooks: dict[str, Path] = field(default_factory=dict)  # src_uri -> .ipynb


# --- Execution and cache ----------------------------------------------------


def find_notebooks(docs_dir: Path) -> list[Path]:
    return sorted((docs_dir / SOURCE_DIR).glob("*.py"))


def cache_key(source: Path, executed: bool = True) -> str:
    h = hashlib.sha256(f"runner {RUNNER_VERSION} executed {executed}\n".encode())
    for dist in ("torch", "matplotlib"):
        h.update(f"{dist}=={importlib.metadata.version(dist)}\n".encode())
    h.update(source.read_bytes())
    return h.hexdigest()[:20]


def read(source: Path) -> nbformat.NotebookNode:
    """The notebook of a percent-format script, with stable cell ids.

    jupytext draws random cell ids, which would change the page on every
    build; numbering the cells keeps the output identical byte for byte.
    """
    nb = jupytext.read(source)
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell{number}"
    return nb


async def execute(nb, source: Path, allow_errors: bool, kernel_name: str) -> float:
    """Run every cell of ``nb`` in place; return the seconds it took."""
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=kernel_name,  # empty: the notebook's kernelspec
        allow_errors=allow_errors,
        record_timing=False,  # timestamps would make every run differ
        resources={"metadata": {"path": str(source.parent)}},  # the kernel's cwd
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warning
    )
    start = time.perf_counter()
    try:
        await client.async_execute(env={**os.environ, **KERNEL_ENV})
    except CellExecutionError as exc:
        raise NotebookError(describe_failure(source, nb, exc)) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        where = display_path(source)
        raise NotebookError(f"{where}: {type(exc).__name__}: {exc}") from None
    return time.perf_counter() - start


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def describe_failure(source: Path, nb, exc) -> str:
    """``docs/notebooks/x.py:LINE: cell N raised Error: message`` and the traceback.

    LINE is the script's line of the deepest frame inside a cell (IPython
    names cells ``Cell In[COUNT], line L``).
    """
    text = source.read_text()
    traceback = ANSI.sub("", str(exc))
    failed = next((i for i, cell in enumerate(nb.cells) if has_error(cell)), None)
    where = display_path(source)
    frames = re.findall(r"Cell In\[(\d+)\], line (\d+)", traceback)
    if frames:
        count, line = (int(n) for n in frames[-1])
        cell = next((c for c in nb.cells if c.get("execution_count") == count), None)
        start = text.find(cell.source) if cell is not None and cell.source else -1
        if start >= 0:
            where += f":{text.count(chr(10), 0, start) + line}"
    which = f"cell {failed + 1}" if failed is not None else "a cell"
    return f"{where}: {which} raised {exc.ename}: {exc.evalue}\n\n{traceback.strip()}"


def has_error(cell) -> bool:
    return any(out.get("output_type") == "error" for out in cell.get("outputs", []))


def prepare(
    docs_dir: Path,
    cache_dir: Path,
    *,
    execute_cells: bool = True,
    allow_errors: bool = False,
    kernel_name: str = "",
    log=print,
) -> Report:
    """Execute the notebooks whose key changed; return every notebook to render.

    With ``execute_cells`` false nothing runs, and the notebooks are rendered
    without outputs.
    """
    report = Report()
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo = []
    for source in find_notebooks(docs_dir):
        src_uri = f"{SOURCE_DIR}/{source.name}"
        entry = cache_dir / f"{source.stem}-{cache_key(source, execute_cells)}"
        report.notebooks[src_uri] = entry / f"{source.stem}.ipynb"
        if entry.is_dir():
            report.cached.append(src_uri)
            log(f"{src_uri}: cached")
        elif execute_cells:
            todo.append((source, entry))
        else:
            publish_notebook(read(source), entry, source.stem)
            log(f"{src_uri}: not executed")
    if todo:
        asyncio.run(execute_all(todo, report, allow_errors, kernel_name, log))
    if execute_cells:  # a build without execution keeps the executed entries
        sources = find_notebooks(docs_dir)
        prune(cache_dir, {f"{s.stem}-{cache_key(s, e)}" for s in sources for e in (True, False)})
    return report


async def execute_all(todo, report, allow_errors, kernel_name, log):
    """Execute two notebooks at a time; publish each one that succeeds."""
    slots = asyncio.Semaphore(WORKERS)

    async def one(source: Path, entry: Path):
        async with slots:
            nb = read(source)
            seconds = await execute(nb, source, allow_errors, kernel_name)
        publish_notebook(nb, entry, source.stem)
        src_uri = f"{SOURCE_DIR}/{source.name}"
        report.executed[src_uri] = seconds
        log(f"{src_uri}: executed in {seconds:.2f} s")

    results = await asyncio.gather(*(one(*job) for job in todo), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, NotebookError):
            raise result
    failures = [str(r) for r in results if isinstance(r, NotebookError)]
    if failures:
        raise NotebookError("\n\n".join(failures))


def publish_notebook(nb, entry: Path, stem: str):
    """Store ``nb`` as ``entry/STEM.ipynb``; the entry appears whole."""
    folder = scratch_folder(entry.parent, stem)
    try:
        nbformat.write(nb, folder / f"{stem}.ipynb")
        publish(folder, entry)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def plugin_settings(config) -> dict:
    """mkdocs-jupyter's execution settings, which this module applies."""
    plugin = config.plugins["mkdocs-jupyter"].config
    return {
        "execute_cells": plugin["execute"],
        "allow_errors": plugin["allow_errors"],
        "kernel_name": plugin["kernel_name"],
    }


# --- The rendered page ------------------------------------------------------

# What mkdocs-jupyter 0.26 writes into every page (nbconvert's macros): a
# MathJax 2 loader, a <script src> with the CDN address or, when
# custom_mathjax_url is unset, an empty one (which makes the browser fetch the
# page itself), with its configuration; and a module script that imports
# Mermaid from a CDN.
REMOTE_SCRIPTS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->\s*", re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?\bmermaid\b.*?</script>\s*', re.S),
    re.compile(r"<!-- End of mermaid configuration -->\s*"),  # after Mermaid's <style>
]
STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
MARKDOWN_CELL = re.compile(
    r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.S
)
CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.S)
DISPLAY_PARAGRAPH = re.compile(r"<p>\$\$(.+?)\$\$</p>", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)


def strip_remote_scripts(html: str) -> str:
    """Remove the scripts mkdocs-jupyter injects to load code from other hosts."""
    for pattern in REMOTE_SCRIPTS:
        html = pattern.sub("", html)
    return html


def extract_styles(html: str) -> tuple[str, list[str]]:
    """The page without its <style> blocks, and their contents."""
    return STYLE.sub("", html), [m.group(1) for m in STYLE.finditer(html)]


def arithmatex(html: str) -> str:
    """Notebook math (``$…$``, ``$$…$$``) as pymdownx.arithmatex marks it up.

    nbconvert leaves math as ``$…$`` and ``$$…$$`` text (HTML-escaped) in the
    markdown cells; the site's MathJax only typesets elements of class
    ``arithmatex`` with ``\\(…\\)`` and ``\\[…\\]`` delimiters.
    """

    def cell(match):
        parts = CODE.split(match.group(2))
        for i in range(0, len(parts), 2):  # odd parts are code, left alone
            text = DISPLAY_PARAGRAPH.sub(r'<div class="arithmatex">\\[\1\\]</div>', parts[i])
            text = DISPLAY.sub(r'<span class="arithmatex">\\[\1\\]</span>', text)
            parts[i] = INLINE.sub(r'<span class="arithmatex">\\(\1\\)</span>', text)
        return match.group(1) + "".join(parts) + match.group(3)

    return MARKDOWN_CELL.sub(cell, html)


DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)


def download_button(name: str) -> str:
    """A button beside the edit button that downloads the notebook."""
    label = htmllib.escape(f"Download {name}")
    return (
        f'<a href="{htmllib.escape(name)}" download '
        f'class="md-content__button md-icon" title="{label}" aria-label="{label}">'
        f"{DOWNLOAD_ICON}</a>\n"
    )


PLACEHOLDER_ALT = 'alt="No description has been provided for this image"'
CELL = re.compile(r'\bid="cell-id=([^"]+)"(?:(?!\bid="cell-id=).)*', re.S)


def image_alt_text(html: str, alts: dict[str, str]) -> str:
    """Give each image a cell outputs the alt text in that cell's metadata.

    nbconvert gives every image one placeholder; a cell that draws a figure
    says what it shows in its header, ``# %% alt="..."``. ``alts`` maps cell
    ids to those texts.
    """

    def cell(match):
        alt = alts.get(match.group(1))
        if alt is None:
            return match.group(0)
        return match.group(0).replace(PLACEHOLDER_ALT, f'alt="{htmllib.escape(alt)}"')

    return CELL.sub(cell, html)


CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
ID_ATTRIBUTE = re.compile(r'\bid="([^"]*)"')


def classes_in(html: str) -> set[str]:
    return {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}


def prune_css(css: str, used: set[str]) -> str:
    """The rules of ``css`` that can match an element with classes from ``used``.

    A rule is kept when one of its selectors names only used classes (or
    none). Custom properties (``--x: …``) that nothing kept reads with
    ``var(--x)`` are dropped too: most of the CSS mkdocs-jupyter inlines
    styles JupyterLab's widgets and palettes, which a static page never shows.
    """
    rules = _kept_rules(tinycss2.parse_stylesheet(css, **PARSE), used)
    # Custom properties read, directly or through other custom properties.
    values = {}  # custom property -> the values it is given
    read = set()
    for _, declarations in _all_rules(rules):
        for d in declarations:
            refs = set(VAR.findall(d.value))
            if d.name.startswith("--"):
                values.setdefault(d.name, set()).update(refs)
            else:
                read |= refs
    todo = list(read)
    while todo:
        for ref in values.get(todo.pop(), ()):
            if ref not in read:
                read.add(ref)
                todo.append(ref)
    return "\n".join(_serialize(rules, read))


VAR = re.compile(r"var\(\s*(--[\w-]+)")
PARSE = {"skip_comments": True, "skip_whitespace": True}


@dataclass
class _Declaration:
    name: str
    value: str
    important: bool


def _kept_rules(nodes, used: set[str]) -> list:
    """(selector, declarations) pairs, (at-rule head, list) nests, or raw text."""
    kept = []
    for node in nodes:
        if node.type == "qualified-rule":
            if _selector_may_match(node.prelude, used):
                declarations = [
                    # Custom property names are case-sensitive, others are not.
                    _Declaration(
                        d.name if d.name.startswith("--") else d.lower_name,
                        tinycss2.serialize(d.value).strip(),
                        d.important,
                    )
                    for d in tinycss2.parse_blocks_contents(node.content, **PARSE)
                    if d.type == "declaration"
                ]
                kept.append((tinycss2.serialize(node.prelude).strip(), declarations))
        elif node.type != "at-rule" or node.lower_at_keyword == "charset":
            continue
        elif node.lower_at_keyword in ("media", "supports") and node.content:
            contents = tinycss2.parse_blocks_contents(node.content, **PARSE)
            inner = _kept_rules(contents, used)
            if inner:
                head = f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}"
                kept.append((head, inner))
        else:
            kept.append(node.serialize())  # @keyframes, @font-face: small, kept whole
    return kept


def _all_rules(rules):
    for rule in rules:
        if isinstance(rule, tuple) and rule[0].startswith("@"):
            yield from _all_rules(rule[1])
        elif isinstance(rule, tuple):
            yield rule


def _serialize(rules, read: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if isinstance(rule, str):
            out.append(rule)
        elif rule[0].startswith("@"):
            inner = _serialize(rule[1], read)
            if inner:
                out.append(f"{rule[0]}{{{''.join(inner)}}}")
        else:
            body = ";".join(
                f"{d.name}:{d.value}{' !important' if d.important else ''}"
                for d in rule[1]
                if not d.name.startswith("--") or d.name in read
            )
            if body:
                out.append(f"{rule[0]}{{{body}}}")
    return out


def _selector_may_match(prelude, used: set[str]) -> bool:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    for tokens in selectors:
        classes = {
            b.value
            for a, b in zip(tokens, tokens[1:])
            if a.type == "literal" and a.value == "." and b.type == "ident"
        }
        if classes <= used:
            return True
    return False


@dataclass
class Pages:
    """Notebook pages of one build: what their styles were, what they use."""

    notebooks: dict[str, Path] = field(default_factory=dict)  # src_uri -> .ipynb
    cache_dir: Path | None = None
    styles: list[str] = field(default_factory=list)  # distinct, in page order
    used: set[str] = field(default_factory=set)

    def start(self, report: Report, cache_dir: Path):
        """Forget the previous build (``mkdocs serve`` rebuilds in one process)."""
        self.notebooks = report.notebooks
        self.cache_dir = cache_dir
        self.styles = []
        self.used = set()

    def is_notebook(self, page) -> bool:
        return page.file.src_uri in self.notebooks

    def hand_over(self, page):
        """Point a notebook page at its executed .ipynb, for mkdocs-jupyter.

        The file keeps its ``src_uri``, so its URL, the links to it and its
        edit link are those of ``notebooks/NAME.py``; only the file read
        changes. (Done per page: mkdocs-jupyter wraps each file it renders in
        an object of its own, which does not see an earlier change.)
        """
        page.file.abs_src_path = str(self.notebooks[page.file.src_uri])

    def content(self, html: str, page) -> str:
        """A rendered notebook page's content, made to fit the site."""
        html, styles = extract_styles(strip_remote_scripts(html))
        for css in styles:
            if css not in self.styles:
                self.styles.append(css)
        notebook = nbformat.read(page.file.abs_src_path, as_version=4)
        alts = {cell.id: cell.metadata["alt"] for cell in notebook.cells if "alt" in cell.metadata}
        html = image_alt_text(arithmatex(html), alts)
        html = download_button(Path(page.file.abs_src_path).name) + html
        self.used |= classes_in(html)
        # mkdocs-jupyter leaves this unset, which turns off the check of links
        # from other pages to anchors (#heading) on this one.
        page.present_anchor_ids = set(ID_ATTRIBUTE.findall(html))
        return html

    def link_stylesheet(self, output: str, page) -> str:
        """The page with a link to the shared stylesheet in its <head>."""
        href = os.path.relpath(STYLESHEET, Path(page.file.dest_uri).parent.as_posix())
        link = f'<link rel="stylesheet" href="{href}">\n'
        return output.replace("</head>", link + "</head>", 1)

    def write_stylesheet(self, site_dir: Path):
        """The notebook pages' styles, pruned to what they use, as one file.

        Pruning parses some 600 KB of CSS, so the result is cached too.
        """
        if not self.styles:
            return
        styles = "\n".join(self.styles)
        key = hashlib.sha256(f"{styles}\n{sorted(self.used)}".encode()).hexdigest()[:20]
        cached = self.cache_dir / f"stylesheet-{key}.css"
        if not cached.is_file():
            write_atomically(cached, prune_css(styles, self.used) + "\n")
            for old in self.cache_dir.glob("stylesheet-*.css"):
                if old != cached:
                    old.unlink(missing_ok=True)
        path = Path(site_dir) / STYLESHEET
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, path)


def write_atomically(path: Path, text: str):
    """Write ``path`` so that a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
