"""What a failure of SQLite or of the file system means, said in words a user can act on.

Decisions encoded here:
- A full disk is said to be full. SQLite reports it as SQLITE_FULL ("database or disk is full")
  when a write cannot grow a file, but as a disk I/O error (SQLITE_IOERR_*) when the `-shm`
  index or the `-wal` file cannot be grown, which even a reading command needs; an I/O error
  on a file system with less than `NEARLY_FULL` bytes free is therefore reported as a full
  disk too, never as damage. An `OSError` with ENOSPC or EDQUOT says the disk or the quota is
  full.
- A lock held past the whole wait is `DatabaseBusy`, which says how long it waited.
- Every message names the file as it was given and quotes it with `repr`, so user text in a
  path stays inert.
"""

from __future__ import annotations

import errno
import os

from timeline.errors import DatabaseBusy, StorageError

NEARLY_FULL = 1 << 20  # bytes free below which an I/O error is taken for a full disk


def free_bytes(path: str) -> int | None:
    """Bytes free (to this user) on the file system holding `path`, or None if unknown."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    try:
        st = os.statvfs(folder)
    except (OSError, ValueError):
        return None
    return st.f_bavail * st.f_frsize


def is_full(path: str, err: BaseException) -> bool:
    """Whether `err`, raised while using `path`, comes from a full disk."""
    if isinstance(err, OSError):
        return err.errno in (errno.ENOSPC, errno.EDQUOT)
    name = getattr(err, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL" or "database or disk is full" in str(err):
        return True
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in str(err):
        free = free_bytes(path)
        return free is not None and free < NEARLY_FULL
    return False


def is_busy(err: BaseException) -> bool:
    """Whether `err` is SQLite's "database is locked" (SQLITE_BUSY and its variants)."""
    name = getattr(err, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_BUSY") or "database is locked" in str(err)


def storage_error(path: str, err: BaseException, doing: str) -> StorageError:
    """The one-line `StorageError` for `err` while `doing` (`cannot write to`) `path`."""
    shown = repr(str(path))
    if is_full(path, err):
        if isinstance(err, OSError) and err.errno == errno.EDQUOT:
            return StorageError(f"{doing} {shown}: the disk quota is used up")
        return StorageError(f"{doing} {shown}: the disk is full")
    if isinstance(err, OSError):
        return StorageError(f"{doing} {shown}: {err.strerror or err}")
    if isinstance(err, MemoryError):
        return StorageError(f"{doing} {shown}: out of memory (is it damaged?)")
    return StorageError(f"{doing} {shown}: {err}")


def busy_error(path: str, waited: float) -> DatabaseBusy:
    return DatabaseBusy(
        f"cannot write to {str(path)!r}: another process kept it locked for {waited:.1f} s "
        "(database is locked)",
        waited,
    )


__all__ = ["busy_error", "free_bytes", "is_busy", "is_full", "storage_error"]
