"""Snippet includes, checked by pymdownx.snippets itself.

A page includes code with ``--8<-- "file.py:section"`` (or line ranges, or
the block form: a ``--8<--`` line, paths, a ``--8<--`` line), and a snippet
file marks sections with ``# --8<-- [start:name]`` … ``[end:name]``. The site's
own configured ``SnippetPreprocessor`` expands each include statement of a
page separately, so the check accepts exactly what the build accepts and
rejects what it rejects, with the page and line pymdownx's own error lacks.

Two things pymdownx lets through are errors here: a section with a start
marker and no end (pymdownx silently includes the rest of the file), and a
line that looks like a section marker but is not one to pymdownx (such as
``# --8<--[start:x]``, with no space), which would be published as code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pymdownx.snippets import SnippetMissingError, SnippetPreprocessor

from pagecheck.paths import rel
from pagecheck.site import CONFIG_FILE, new_markdown

MARKER_TEXT = "8<-"


@dataclass(frozen=True)
class Include:
    line: int  # page line of the path
    target: str  # "file.py:section", "file.py:2:3", "file.py"

    @property
    def file(self) -> str:
        return self.target.split(":", 1)[0].strip()


def preprocessor(config_file: Path = CONFIG_FILE) -> SnippetPreprocessor:
    """The site's pymdownx.snippets preprocessor, configured from ``mkdocs.yml``."""
    return _preprocessor(Path(config_file), Path(config_file).stat().st_mtime_ns)


@functools.cache
def _preprocessor(config_file: Path, mtime_ns: int) -> SnippetPreprocessor:
    snippets = new_markdown(config_file).preprocessors["snippet"]
    assert isinstance(snippets, SnippetPreprocessor)
    return snippets


def includes(text: str, config_file: Path = CONFIG_FILE) -> list[Include]:
    """Every include statement of a page, inline or block form, with its line."""
    pre = preprocessor(config_file)
    found, block = [], False
    for n, line in enumerate(text.splitlines(), 1):
        m = pre.RE_ALL_SNIPPETS.match(line)
        if m and not m.group("escape"):
            if m.group("inline_marker"):
                if not block:
                    found.append(Include(n, m.group("snippet")[1:-1].strip()))
            else:
                block = not block
            continue
        if block and line.strip() and not line.strip().startswith(";"):
            found.append(Include(n, line.strip()))
    return found


def expand(include: Include, config_file: Path = CONFIG_FILE) -> list[str]:
    """The lines an include statement publishes, as pymdownx expands it.

    Raises SnippetMissingError as the build would.
    """
    pre = preprocessor(config_file)
    pre.seen, pre.bases, pre.failed = set(), None, set()
    return pre.parse_snippets(["--8<--", include.target, "--8<--"])


def sections(path: Path, config_file: Path = CONFIG_FILE) -> tuple[dict[str, int], list[str]]:
    """Named sections of a snippet file as pymdownx reads them: ({name: start line}, problems)."""
    pre = preprocessor(config_file)
    opened: dict[str, int] = {}
    complete: dict[str, int] = {}
    problems = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = pre.match_section(line)
        if m is None or m.group("escape"):
            continue
        name, kind = m.group("name"), m.group("type").lower()
        where = f"{rel(path)}:{n}"
        if kind == "start":
            if name in opened or name in complete:
                problems.append(f"{where}: section {name!r} starts twice")
            opened[name] = n
        elif name not in opened:
            problems.append(f"{where}: section {name!r} ends without a start")
        else:
            complete[name] = opened.pop(name)
    for name, n in opened.items():
        problems.append(
            f"{rel(path)}:{n}: section {name!r} starts but never ends (pymdownx would "
            "include the rest of the file)"
        )
    return complete, problems


def check(path: Path, text: str | None = None, config_file: Path = CONFIG_FILE) -> list[str]:
    """Problems with the includes of one page, each as ``page:LINE: …``."""
    text = path.read_text(encoding="utf-8") if text is None else text
    problems = []
    for include in includes(text, config_file):
        where = f"{rel(path)}:{include.line}"
        try:
            lines = expand(include, config_file)
        except SnippetMissingError as exc:
            problems.append(f"{where}: {explain(include, exc, config_file)}")
            continue
        source = preprocessor(config_file).get_snippet_path(include.file)
        if source is not None:
            problems += [
                f"{where}: includes {include.file}, where {p}"
                for p in sections(Path(source), config_file)[1]
            ]
        for line in lines:
            if MARKER_TEXT in line:
                problems.append(
                    f"{where}: includes {include.target!r}, which publishes {line.strip()!r}: "
                    "a section marker pymdownx does not read as one (write it as "
                    "`# --8<-- [start:name]`, with a space after --8<--)"
                )
    return problems


def explain(include: Include, exc: SnippetMissingError, config_file: Path) -> str:
    """pymdownx's message, with the sections a missing one could have been."""
    pre = preprocessor(config_file)
    source = pre.get_snippet_path(include.file)
    target = pre.parse_snippet_target(include.target)
    if source is None:
        bases = ", ".join(rel(b) for b in pre.base_path)
        return f"includes {include.file!r}, which does not exist in {bases}"
    if target and target["section"]:
        names = sorted(sections(Path(source), config_file)[0])
        return (
            f"includes section {target['section']!r} of {include.file}, which has only "
            f"{names} (a section is `# --8<-- [start:name]` … `# --8<-- [end:name]`)"
        )
    return f"includes {include.target!r}: {exc}"
