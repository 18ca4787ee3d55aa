"""Build each page's figures from its snippet, and cache them.

A *snippet* is a script in ``snippets/`` (it has an ``if __name__ ==
"__main__":`` block); other ``.py`` files there are modules the snippets
import. Running ``snippets/NAME.py --out DIR`` writes ``NAME*-light.svg`` and
``NAME*-dark.svg`` into DIR.

Cache: each snippet's figures live in ``CACHE/NAME-KEY/``, where KEY
(:func:`hooks.build_cache.cache_key`) hashes the snippet, every project
module it imports (transitively), and the torch and matplotlib versions. A
run writes into a scratch folder renamed to that name only after the snippet
succeeded and its output was checked.

Runs: snippets run two at a time, each in its own process forked from a
forkserver that has imported torch and matplotlib once, so the imports are
paid once per build (once per ``mkdocs serve`` session), not once per
snippet; ``hooks.snippet_host`` runs that pool with the snippets folder on
its ``PYTHONPATH``, so a snippet imports its sibling modules (``from
plotting import main``) as ``python snippets/NAME.py`` does.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.util
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from hooks.build_cache import (
    cache_key,
    display_path,
    publish,
    scratch_folder,
    write_atomically,
)
from hooks.snippet_host import SnippetHost

# Bump when the way snippets are run changes (seeds, environment, checks).
RUNNER_VERSION = "3"
# In each entry: the CPU kernels torch ran it with (``torch.backends.cpu.
# get_cpu_capability()``), which set a figure's last bits. Not published.
KERNELS_FILE = ".kernels"
FACTS_FILE = "source-facts.json"  # SourceFacts, beside the entries
# What a snippet's figures may depend on besides its own files.
DISTRIBUTIONS = ("torch", "matplotlib", "numpy", "sympy", "mpmath")
# The project's own packages a snippet may import (the catalogue reads TeX with
# pagecheck's notation): their modules count in its key like its siblings.
PROJECT_PACKAGES = ("pagecheck",)
VARIANTS = ("light", "dark")


class SnippetError(Exception):
    """A snippet raised, or wrote figures that break the conventions.
    ``built``: what the build did before, for its report."""

    built: FigureBuild | None = None


@dataclass
class FigureBuild:
    """What building the figures did: snippets run (with seconds) and cached."""

    ran: dict[str, float] = field(default_factory=dict)
    finished: dict[str, float] = field(default_factory=dict)  # when each run ended (epoch s)
    cached: list[str] = field(default_factory=list)
    figures: dict[str, Path] = field(default_factory=dict)  # site path -> file
    fragments: dict[str, Path] = field(default_factory=dict)  # NAME.md -> file
    entries: set[str] = field(default_factory=set)  # cache entries in use
    seconds: float = 0.0


def _has_main(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) for node in tree.body
    )


def is_snippet(path: Path) -> bool:
    """A script, as opposed to a module: it has a ``__main__`` block."""
    return _has_main(ast.parse(path.read_bytes(), filename=str(path)))


def imported_names(tree: ast.Module) -> list[str]:
    """Dotted names a module imports (for ``from a.b import c``: ``a.b`` and ``a.b.c``)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


class SourceFacts:
    """Whether each Python file is a snippet, and what it imports, found by
    parsing it and remembered by the hash of its bytes: parsing the snippets
    and every module they import took a tenth of a warm build.

    With a ``path``, what was found is kept there (``save``) for the next
    build, and only what this build used. Raises ``SyntaxError`` naming the
    file for a file that does not parse.
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self.known: dict[str, dict] = {}
        if path is not None:
            with contextlib.suppress(FileNotFoundError, ValueError):
                self.known = json.loads(path.read_text(encoding="utf-8"))
        self.used: dict[str, dict] = {}

    def of(self, file: Path) -> dict:
        """``{"snippet": bool, "imports": [dotted names]}`` for ``file``."""
        data = file.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        facts = self.used.get(key) or self.known.get(key)
        if facts is None:
            tree = ast.parse(data, filename=str(file))
            facts = {"snippet": _has_main(tree), "imports": imported_names(tree)}
        self.used[key] = facts
        return facts

    def save(self):
        if self.path is not None and self.used != self.known:
            write_atomically(self.path, json.dumps(self.used, sort_keys=True))


def find_snippets(snippets_dir: Path, facts: SourceFacts | None = None) -> list[Path]:
    facts = facts or SourceFacts()
    return sorted(p for p in snippets_dir.glob("*.py") if facts.of(p)["snippet"])


@functools.cache
def package_root(package: str) -> Path:
    """The folder holding an installed package of the project: the code a
    snippet imports, wherever the snippets themselves are."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the project's package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))).parent


def module_files(dotted: str, snippets_dir: Path) -> list[Path]:
    """The files of a project module: a sibling in ``snippets/``, or a module of
    the project's own packages (with its packages' ``__init__.py``)."""
    parts = dotted.split(".")
    if len(parts) == 1 and (snippets_dir / f"{dotted}.py").is_file():
        return [snippets_dir / f"{dotted}.py"]
    if parts[0] not in PROJECT_PACKAGES:
        return []
    root = package_root(parts[0])
    files = [root.joinpath(*parts[:k], "__init__.py") for k in range(1, len(parts))]
    base = root.joinpath(*parts)
    files += [p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()]
    return [p for p in files if p.is_file()]


def project_imports(
    script: Path, snippets_dir: Path, facts: SourceFacts | None = None
) -> list[Path]:
    """Project modules ``script`` imports, directly or through each other: its
    siblings in ``snippets/`` and modules of the project's packages."""
    facts = facts or SourceFacts()
    seen: set[Path] = set()
    todo = [script]
    while todo:
        for name in facts.of(todo.pop())["imports"]:
            for module in module_files(name, snippets_dir):
                if module not in seen and module != script:
                    seen.add(module)
                    todo.append(module)
    # In an order that does not depend on where the project lies (a copy of
    # it has the same keys): siblings by name, then the packages' modules.
    return sorted(seen, key=lambda p: module_label(p, snippets_dir))


def module_label(path: Path, snippets_dir: Path) -> str:
    """``plotting.py`` for a sibling, ``pagecheck/page.py`` for a package's module."""
    if path.parent == snippets_dir:
        return path.name
    package = next(p for p in PROJECT_PACKAGES if p in path.parts)
    return path.relative_to(package_root(package)).as_posix()


def entry_name(script: Path, snippets_dir: Path, facts: SourceFacts | None = None) -> str:
    """``NAME-KEY``: the cache entry holding this snippet's figures."""
    inputs = [script, *project_imports(script, snippets_dir, facts)]
    return f"{script.stem}-{cache_key(f'snippet runner {RUNNER_VERSION}', inputs, DISTRIBUTIONS)}"


def check_output(stem: str, folder: Path) -> list[str]:
    """Problems with what a snippet wrote (empty when it keeps the rules).

    Besides its figures (``NAME*-light.svg`` and ``-dark.svg``), a snippet may
    write ``NAME.md``, Markdown its page inserts (``<!-- insert: NAME.md -->``),
    and ``NAME.json``, data published beside the figures.
    """
    problems = []
    written = sorted(p.name for p in folder.iterdir() if p.name != KERNELS_FILE)
    svgs = [name for name in written if name not in {f"{stem}.md", f"{stem}.json"}]
    if not any(name.endswith(".svg") for name in svgs):
        problems.append("wrote no figure")
    for name in svgs:
        if not name.startswith(stem) or not name.endswith(".svg"):
            problems.append(f"wrote {name!r}: figures must be named {stem}*-light.svg / -dark.svg")
            continue
        base = name[: -len(".svg")]
        if not base.endswith(tuple(f"-{v}" for v in VARIANTS)):
            problems.append(f"wrote {name!r}: neither a -light nor a -dark variant")
            continue
        pair = base.rsplit("-", 1)[0]
        for variant in VARIANTS:
            if f"{pair}-{variant}.svg" not in svgs:
                problems.append(f"wrote {name!r} but no {pair}-{variant}.svg")
        if (folder / name).stat().st_size == 0:
            problems.append(f"wrote an empty {name!r}")
    return problems


HOST = SnippetHost()  # started on first use, kept for later builds (mkdocs serve)


def build_figures(snippets_dir: Path, cache_dir: Path, log=print) -> FigureBuild:
    """Run the snippets whose inputs changed; return every current figure.

    ``log`` gets one line per snippet run. Stale entries stay: the build
    prunes them once it is done (:meth:`hooks.build_cache.CacheLease.prune`).
    Raises :class:`SnippetError` naming the file and line of each failure.
    """
    start = time.perf_counter()
    built = FigureBuild()
    cache_dir.mkdir(parents=True, exist_ok=True)
    entries = {}
    todo = []
    facts = SourceFacts(cache_dir / FACTS_FILE)
    for script in find_snippets(snippets_dir, facts):
        entry = cache_dir / entry_name(script, snippets_dir, facts)
        entries[script] = entry
        if entry.is_dir():
            built.cached.append(script.name)
        else:
            todo.append(script)
    if todo:
        try:
            run_all(
                todo, entries, snippets_dir=snippets_dir, cache_dir=cache_dir, built=built, log=log
            )
        except SnippetError as exc:
            built.seconds = time.perf_counter() - start
            exc.built = built
            raise
    facts.save()
    built.entries = {entry.name for entry in entries.values()} | {FACTS_FILE}
    for entry in entries.values():
        built.figures.update(published(entry))
        built.fragments.update({md.name: md for md in entry.glob("*.md")})
    built.seconds = time.perf_counter() - start
    return built


def kernels(entry: Path) -> str:
    """The CPU kernels a cache entry was made with (lower case)."""
    return (entry / KERNELS_FILE).read_text().strip()


def published(entry: Path) -> dict[str, Path]:
    """Site path -> file of what a cache entry publishes: figures and data."""
    files = sorted([*entry.glob("*.svg"), *entry.glob("*.json")])
    return {f"figures/{path.name}": path for path in files}


def cached_figures(cache_dir: Path) -> FigureBuild:
    """Whatever the cache holds, without checking or running anything."""
    built = FigureBuild()
    for entry in sorted(p for p in cache_dir.glob("*-*") if p.is_dir()):
        built.figures.update(published(entry))
        built.fragments.update({md.name: md for md in entry.glob("*.md")})
    return built


def run_all(todo, entries, *, snippets_dir, cache_dir, built, log):
    outs = {s: scratch_folder(cache_dir, s.stem) for s in todo}
    scripts = {str(s): s for s in todo}
    failures = []
    try:
        jobs = [(str(s), str(outs[s])) for s in todo]
        for name, raised, seconds in HOST.run(snippets_dir, jobs):
            script = scripts[name]
            problems = [] if raised else check_output(script.stem, outs[script])
            error = raised or (
                f"{display_path(str(script))}: " + "; ".join(problems) if problems else None
            )
            if error:
                failures.append(error)
                continue
            publish(outs[script], entries[script])
            built.ran[script.name] = seconds
            built.finished[script.name] = time.time()
            log(f"{script.name}: ran in {seconds:.2f} s")
    finally:
        for out in outs.values():
            shutil.rmtree(out, ignore_errors=True)
    if failures:
        raise SnippetError("\n\n".join(sorted(failures)))
