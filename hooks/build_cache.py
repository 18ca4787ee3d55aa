"""A cache folder of build results, each entry a folder that appears whole.

An entry is named ``NAME-KEY``, KEY hashing everything its content depends on.
Its content is written into a temporary folder first and renamed to the
entry's name only when complete, so an entry that exists is always whole: a
failed or interrupted run leaves nothing that counts as cached.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SCRATCH = ".tmp"


def scratch_folder(cache_dir: Path, name: str) -> Path:
    """A new empty folder to write an entry's content into."""
    scratch = cache_dir / SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=scratch))


def publish(folder: Path, entry: Path):
    """Make a finished scratch folder the entry, atomically."""
    try:
        os.rename(folder, entry)
    except OSError:
        if not entry.is_dir():  # otherwise a concurrent build published it first
            raise


def prune(cache_dir: Path, keep: set[str]):
    """Remove the entries whose names are not in ``keep``."""
    for entry in cache_dir.iterdir():
        if entry.is_dir() and entry.name != SCRATCH and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def display_path(path) -> str:
    """Relative to the working directory (the project, when building) if inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative
