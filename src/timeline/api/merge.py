"""`Timeline.merge`: another analyst's chronology read, and merged into this one.

Decisions encoded here:
- The other chronology is a timeline database or an export that carries UUIDs (JSON, JSON
  Lines, CSV); a TimelineJS file carries none and is refused (import it instead), as is this
  very database under another name.
- The other database is never opened where it lies: the file and its `-wal` are copied into a
  temporary folder and the copy is opened (checked, and migrated when older), so its bytes stay
  as they were whatever happens; a foreign or newer database is refused as `open` refuses one,
  naming the file as the user typed it (exit 5), and the temporary folder goes away.
- An export is read with the import's readers and rules (`timeline.io`): its source records
  and stored claims come with it; relative dates are read against its sources' days.
- The matching and the writing are the store's (`timeline.store.merging`): one transaction,
  one history entry, one `undo`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.errors import EXIT_STORAGE, StorageError, TimelineError, UsageError

if TYPE_CHECKING:
    from timeline.api import Timeline
    from timeline.store.merge_report import Incoming, MergeReport

SQLITE_MAGIC = b"SQLite format 3\x00"
PREFER = ("theirs", "ours")


def merge(
    tl: Timeline, other: str, *, prefer: str | None = None, dry_run: bool = False
) -> MergeReport:
    """The body of `Timeline.merge`."""
    if prefer is not None and prefer not in PREFER:
        raise UsageError(f"--prefer {prefer!r}: give theirs or ours")
    path = Path(other)
    _check_other(path, Path(tl.path))
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as err:  # no permission to read it
        raise UsageError(f"cannot read {other!r}: {err.strerror or err}") from None
    opened = _other_database(path, other) if head == SQLITE_MAGIC else _export(tl, path, other)
    with opened as incoming:
        return tl.store.merge(incoming, prefer=prefer, dry_run=dry_run)


def _check_other(path: Path, ours: Path) -> None:
    from timeline.api.files import _same_file

    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a file"
            raise UsageError(f"cannot merge {str(path)!r}: {what}")
        if ours.exists() and _same_file(path, ours):
            raise UsageError(f"cannot merge {str(path)!r} into itself: it is this database")
    except (OSError, ValueError) as err:  # a name too long, a NUL in it, a link loop
        raise UsageError(f"cannot merge {str(path)!r}: {err}") from None


@contextmanager
def _other_database(path: Path, typed: str) -> Iterator[Incoming]:
    """The other database's contents, read from a copy in a temporary folder."""
    from timeline.store import aliases, open_store, records
    from timeline.store.merge_report import Incoming as Found

    with tempfile.TemporaryDirectory(prefix="timeline-merge-") as folder:
        copy = Path(folder) / "other.db"
        try:
            shutil.copyfile(path, copy)
            wal = path.with_name(path.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        except OSError as err:
            raise StorageError(f"cannot read {typed!r}: {err.strerror or err}") from None
        try:
            store = open_store(copy, create=False)
        except TimelineError as err:
            raise _renamed(err, str(copy), typed) from None
        try:
            yield Found(
                typed,
                store.events_by_id(),
                [],
                records.all_rows(store, "source"),
                records.all_rows(store, "claim"),
                aliases.aliases(store),
            )
        except TimelineError as err:
            if str(copy) not in err.message:
                raise
            raise _renamed(err, str(copy), typed) from None
        finally:
            store.close()


def _renamed(err: TimelineError, copy: str, typed: str) -> TimelineError:
    """The error as the user should read it: naming their file, not the copy."""
    message = err.message.replace(copy, typed)
    return StorageError(message) if err.exit_code == EXIT_STORAGE else UsageError(message)


@contextmanager
def _export(tl: Timeline, path: Path, typed: str) -> Iterator[Incoming]:
    """The events (read as the merge goes), source records and stored claims of an export."""
    from timeline.api.files import _open_input, records_of
    from timeline.io.registry import HEAD_BYTES, format_for, read_events
    from timeline.store.merge_report import Incoming

    raw, name = _open_input(path)
    with raw:
        try:
            kind = format_for(name, raw.peek(HEAD_BYTES)[:HEAD_BYTES], None)
        except UsageError:
            raise UsageError(
                f"cannot tell what {typed!r} is: merge reads a timeline database or a JSON, JSON "
                "Lines (.jsonl) or CSV (.csv) export"
            ) from None
        if kind == "timelinejs":
            raise UsageError(
                f"{typed!r} is a TimelineJS file: it keeps no event identities to merge by; "
                "`timeline import` adds its events"
            )
        claims, found, old_ids, ctx = records_of(raw, kind, typed, tl._context(None, sources=True))
        rows = [dict(s) | {"id": None} for s in found]
        events = read_events(raw, kind, typed, ctx)
        yield Incoming(typed, events, list(old_ids), rows, claims, partial=kind == "csv")
