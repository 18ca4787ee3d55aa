"""The build's cache: entries that appear whole, one key recipe, safe pruning.

An entry is a folder (or a file) named ``NAME-KEY`` in one of the cache's
folders (``.cache/figures``, ``.cache/notebooks``, ...), KEY hashing
everything its content depends on (:func:`cache_key`). Content is written
into a scratch folder first and renamed to the entry's name only when
complete, so an entry that exists is always whole: a failed or interrupted
run leaves nothing that counts as cached.

Several builds may use one cache at once (``mkdocs serve`` while the tests
build). Each holds a shared lock on ``.cache/.lease`` while it runs, and a
build removes stale entries only if it can take that lock alone
(:class:`CacheLease`): so no build ever deletes an entry another build is
using or has just written. The lock belongs to an open file, so the system
releases it when a build's process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

SCRATCH = ".tmp"
LEASE = ".lease"
KEY_LENGTH = 20  # hex digits: 80 bits, ample for a few hundred entries


def cache_key(
    recipe: str,
    files: Iterable[Path] = (),
    distributions: Iterable[str] = (),
    options: Mapping[str, Any] | None = None,
) -> str:
    """The hex key of an entry made by ``recipe`` from ``files``.

    ``recipe`` names the way the content is made, with a version to bump when
    that changes (``"snippet runner 2"``). Each file counts by name and bytes,
    each distribution by its installed version, and ``options`` by their JSON
    form. Raises ``importlib.metadata.PackageNotFoundError`` for a
    distribution that is not installed.
    """
    h = hashlib.sha256(f"{recipe}\n".encode())
    for dist in sorted(set(distributions)):
        h.update(f"{dist}=={installed_version(dist)}\n".encode())
    if options is not None:
        h.update(json.dumps(options, sort_keys=True, default=repr).encode() + b"\n")
    for path in files:
        data = Path(path).read_bytes()
        h.update(f"{Path(path).name} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()[:KEY_LENGTH]


@functools.cache
def installed_version(distribution: str) -> str:
    """The version of an installed distribution, looked up once per process: the
    code a process runs is the code it imported, even if an upgrade follows."""
    return importlib.metadata.version(distribution)


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


def write_atomically(path: Path, text: str):
    """Write ``path`` so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def display_path(path) -> str:
    """Relative to the working directory (the project, when building) if inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


class CacheLease:
    """A build's claim on the cache under ``root``: shared while it builds,
    held alone for the moment it prunes.

    :meth:`acquire` when the build starts (blocks only while another build
    prunes), then either :meth:`release` or :meth:`prune` when it ends.
    """

    def __init__(self, root: Path):
        self.root = root
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self):
        if self._file is not None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        # The lock file is never deleted: a lock on a file that another
        # process has just unlinked would protect nothing.
        lease = (self.root / LEASE).open("ab")
        fcntl.flock(lease, fcntl.LOCK_SH)
        self._file = lease

    def release(self):
        if self._file is not None:
            self._file.close()  # closing the file drops the lock
            self._file = None

    def prune(self, keep: Mapping[str, set[str]]) -> list[str] | None:
        """End the lease; remove stale entries if no other build holds one.

        ``keep`` maps a cache folder (relative to the root) to the entry names
        to keep there; every other entry in it, and any scratch folder left by
        an interrupted build, is removed. Returns the removed entries
        (``folder/name``), or None when another build was using the cache, in
        which case nothing is removed and a later build prunes instead.
        """
        if self._file is None:
            raise RuntimeError("prune() needs the lease acquire() took")
        try:
            # Converting the shared lock drops it first; if another build
            # holds one, this fails and the lease simply ends.
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.release()
            return None
        try:
            return [
                f"{folder}/{name}"
                for folder, names in sorted(keep.items())
                for name in remove_stale(self.root / folder, names)
            ]
        finally:
            self.release()


def remove_stale(cache_dir: Path, keep: set[str]) -> list[str]:
    """Remove what ``cache_dir`` holds besides ``keep``; return the names removed.

    Only safe while no other build uses the cache (see :meth:`CacheLease.prune`).
    """
    if not cache_dir.is_dir():
        return []
    removed = []
    for entry in sorted(cache_dir.iterdir()):
        if entry.name in keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        if entry.name != SCRATCH:
            removed.append(entry.name)
    return removed
