"""Snippet includes in pages (``--8<-- "file.py:section"``) and the named
sections of snippet files (``# --8<-- [start:name]`` … ``[end:name]``).

pymdownx.snippets fails on a missing section without naming the page, and
does not notice a start marker without its end. These functions find both,
with the page or snippet and the line, for the build hook and the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

INCLUDE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"(?P<target>[^"]+)"[ \t]*$')
SECTION = re.compile(r"--8<--\s*\[(?P<kind>start|end):(?P<name>[^\]]+)\]")


@dataclass
class Include:
    line: int
    file: str
    section: str | None


def includes(text: str) -> list[Include]:
    """Every block include of a page, with its 1-based line."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        m = INCLUDE.match(line)
        if m:
            file, _, section = m["target"].partition(":")
            found.append(Include(n, file, section or None))
    return found


def sections(path: Path) -> tuple[dict[str, int], list[str]]:
    """Named sections of a snippet file: ({name: start line}, problems)."""
    opened: dict[str, int] = {}
    complete: dict[str, int] = {}
    problems = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        m = SECTION.search(line)
        if not m:
            continue
        name = m["name"]
        if m["kind"] == "start":
            if name in opened or name in complete:
                problems.append(f"{path.name}:{n}: section {name!r} starts twice")
            opened[name] = n
        elif name not in opened:
            problems.append(f"{path.name}:{n}: section {name!r} ends without a start")
        else:
            complete[name] = opened.pop(name)
    for name, n in opened.items():
        problems.append(f"{path.name}:{n}: section {name!r} starts but never ends")
    return complete, problems


def check_page(page: Path, label: str, base_paths: list[Path]) -> list[str]:
    """Problems with the includes of one page, each as ``label:LINE: …``."""
    problems = []
    for inc in includes(page.read_text()):
        target = next((b / inc.file for b in base_paths if (b / inc.file).is_file()), None)
        where = f"{label}:{inc.line}"
        if target is None:
            problems.append(f"{where}: includes {inc.file!r}, which does not exist")
            continue
        names, broken = sections(target)
        problems += [f"{where}: includes {inc.file}, where {p}" for p in broken]
        if inc.section is not None and inc.section not in names:
            problems.append(
                f"{where}: includes section {inc.section!r} of {inc.file}, "
                f"which has only {sorted(names)}"
            )
    return problems
