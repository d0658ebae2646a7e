"""Writing files the user names (`export -o`, `backup`) without ever harming the database.

Decisions encoded here:
- A target may not be the database or its `-wal`/`-shm`/`-journal` companions, compared by
  resolved path and by file identity (a hard link is the same file): `UsageError`, exit 2,
  before anything is opened for writing.
- A file is replaced atomically: written to a temporary file in the target's folder, fsynced,
  given its mode, renamed over the target, and the folder fsynced so the rename survives a
  crash. The target is either as it was or complete; a failure removes the temporary file and
  is a `StorageError` (exit 5).
- A new file gets the usual permissions (0666 less the umask); a replaced one keeps its mode.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from timeline.errors import StorageError, UsageError

COMPANIONS = ("-wal", "-shm", "-journal")


def _database_files(db: Path) -> list[Path]:
    return [db, *(db.with_name(db.name + s) for s in COMPANIONS)]


def remove_database(db: Path) -> None:
    """Delete a database this command created and left empty, with its companions."""
    for path in _database_files(db):
        path.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    return a.exists() and b.exists() and os.path.samefile(a, b)


def refuse_database_target(target: Path, db: Path, what: str = "file") -> None:
    """`UsageError` when `target` is the database file or one of its companions."""
    if any(_same_file(target, p) for p in _database_files(db)):
        raise UsageError(f"refusing to write the {what} over the database file {str(target)!r}")


def mode_for(target: Path) -> int:
    """`target`'s permission bits if it exists, else what a new file gets under the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync(path: Path, *, folder: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if folder else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _cannot(target: Path, err: OSError) -> StorageError:
    return StorageError(f"cannot write {str(target)!r}: {err.strerror or err}")


@contextmanager
def atomic_path(target: Path, mode: int) -> Iterator[Path]:
    """An empty temporary file beside `target`; once the block ends it replaces `target`."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise _cannot(target, err) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent, folder=True)
    except OSError as err:
        raise _cannot(target, err) from None
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces `target` only once fully written and synced."""
    with (
        atomic_path(target, mode_for(target)) as tmp,
        tmp.open("w", encoding="utf-8", newline="") as out,
    ):
        yield out
