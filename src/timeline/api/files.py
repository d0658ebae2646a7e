"""Files the user names: written (`export -o`, `backup`) without ever harming the database, and
read (`import`) all or nothing.

Decisions encoded here:
- A target may not be the database or its `-wal`/`-shm`/`-journal` companions, compared by
  resolved path and by file identity (a hard link is the same file): `UsageError`, exit 2,
  before anything is opened for writing.
- A file is replaced atomically: written to a temporary file in the target's folder
  (`.NAME.XXXX.part`), fsynced, given its mode, renamed over the target, and the folder fsynced
  so the rename survives a crash. The target is either as it was or complete; a failure removes
  the temporary file and is a `StorageError` (exit 5), a full disk said as such. A writer holds
  an advisory lock (`flock`) on its temporary file while it works, so the next write to the same
  target removes what a killed one left behind (its `.part` file and the `-wal`, `-shm` and
  `-journal` files SQLite made beside it) without touching one still being written.
- A target that is a symbolic link loop (or lies beyond one) is refused with one line. For
  `-o FILE` (`export`, `extract`) a symbolic link to a file is written through: the file it
  names is replaced, the link stays; elsewhere (`backup`, `publish`) a link is replaced itself.
- A target that is no regular file is never replaced. One of this process's open descriptors
  (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, or a link to one) is written through that
  descriptor, as the shell opened it (appending stays appending). Text is written into a FIFO,
  a character device (`/dev/null`) or a socket in place. A block device is refused, and so is
  a terminal: `-o` writes exact bytes, which a terminal would act on (without `-o` the output
  is made safe for it). A database (`backup`, `publish`) needs a real file: anything else is
  refused. Each refusal is one line (exit 2).
- A new file gets the usual permissions (0666 less the umask); a replaced one keeps its mode.
- A backup goes to PATH, or into PATH when it is a folder (under the database's file name). An
  existing PATH is replaced only with `force`, and only when it is itself a timeline database
  (an earlier backup); the copy gets the database file's permissions.
- An import reads by `--format`, else the content (JSON), else the extension (see
  `timeline.io.registry`), in `--encoding` with `--delimiter` when given, and writes all of it
  or nothing; a database that a failed import created is removed again, so a bad file leaves no
  empty database behind.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from timeline.errors import StorageError, UsageError

if TYPE_CHECKING:
    from timeline.api import Timeline
    from timeline.io.json_reader import Records
    from timeline.io.records import Context

COMPANIONS = ("-wal", "-shm", "-journal")


def _database_files(db: Path) -> list[Path]:
    return [db, *(db.with_name(db.name + s) for s in COMPANIONS)]


def remove_database(db: Path) -> None:
    """Delete a database this command created and left empty, with its companions."""
    for path in _database_files(db):
        path.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):  # a link loop (refused by `checked_target`)
        return False
    return a.exists() and b.exists() and os.path.samefile(a, b)


def checked_target(target: Path) -> Path:
    """`target`, refused when it is (or lies beyond) a symbolic link loop."""
    import errno

    try:
        os.stat(target)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UsageError(f"{str(target)!r} is a symbolic link loop, not a file") from None
    except ValueError:
        pass  # a NUL in the name: `output_path` and the callers say so
    return target


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
    from timeline.store.failures import storage_error

    return storage_error(str(target), err, "cannot write")


def _lock(fd: int) -> bool:
    """Take the advisory lock of a temporary file (False: another live writer holds it)."""
    try:
        import fcntl
    except ImportError:  # no flock here: nothing is ever taken for left behind
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_left_behind(target: Path) -> None:
    """Remove the temporary files a killed write to `target` left (not a live writer's)."""
    prefix = f".{target.name}."
    try:
        names = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    parts = {p for p in names if p.name.endswith(".part")}
    for part in parts:
        try:
            fd = os.open(part, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if not _lock(fd):
                continue
            for path in (part, *(Path(f"{part}{s}") for s in COMPANIONS)):
                path.unlink(missing_ok=True)
        finally:
            os.close(fd)
    for path in names:  # companions whose part is already gone
        base, _, suffix = path.name.rpartition("-")
        if (
            base.endswith(".part")
            and f"-{suffix}" in COMPANIONS
            and path.with_name(base) not in parts
        ):
            path.unlink(missing_ok=True)


def _special(target: Path) -> str | None:
    """What `target` is when it exists as neither a regular file nor a folder (links followed):
    "a FIFO", "a device", "a block device", "a socket"; else None."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


_DESCRIPTOR = re.compile(r"/(?:proc/(self|\d+)/fd|dev/fd)/(\d+)")


def _descriptor(target: Path) -> int | None:
    """This process's open descriptor that `target` names (`/dev/stdout` is a link to
    `/proc/self/fd/1`), following symbolic links one step at a time; else None."""
    path = os.path.abspath(target)
    for _ in range(40):
        found = _DESCRIPTOR.fullmatch(os.path.normpath(path))
        if found is not None:
            pid = found[1]
            return int(found[2]) if pid in (None, "self", str(os.getpid())) else None
        if not os.path.islink(path):
            return None
        try:
            path = os.path.join(os.path.dirname(path), os.readlink(path))
        except OSError:
            return None
    return None


def _through_link(target: Path) -> Path:
    """The file a symbolic link names (a link to a link followed to the end), else `target`."""
    return Path(os.path.realpath(target)) if os.path.islink(target) else target


@contextmanager
def atomic_path(target: Path, mode: int, *, through_links: bool = False) -> Iterator[Path]:
    """An empty temporary file beside `target`; once the block ends it replaces `target` (with
    `through_links`, the file a symbolic link names). Anything but a file is refused."""
    import tempfile

    kind = _special(target) or ("an open descriptor" if _descriptor(target) is not None else None)
    if kind is not None:
        raise UsageError(f"{str(target)!r} is {kind}, not a file: a database can only be "
                         "written to a file")  # fmt: skip
    if through_links:
        target = _through_link(target)
    remove_left_behind(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise _cannot(target, err) from None
    tmp = Path(name)
    _lock(fd)  # held until the end: the next writer leaves this one alone
    try:
        yield tmp
        os.chmod(tmp, mode)
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent, folder=True)
    except OSError as err:
        raise _cannot(target, err) from None
    finally:
        for path in (tmp, *(Path(f"{tmp}{s}") for s in COMPANIONS)):
            path.unlink(missing_ok=True)
        os.close(fd)


@contextmanager
def atomic_text(target: Path, *, through_links: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces `target` only once fully written and synced (with
    `through_links`, the file a symbolic link names); an open descriptor of this process
    (`/dev/stdout`) is written through, and a FIFO, a device or a socket in place, never
    replaced. A block device or a terminal is refused."""
    fd, kind = _descriptor(target), _special(target)
    if kind == "a block device":
        raise UsageError(f"{str(target)!r} is a block device; -o writes only to a file, a FIFO "
                         "or a character device")  # fmt: skip
    if fd is not None or kind is not None:
        try:
            if fd is not None:
                opened = os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="")
            else:
                opened = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            with opened as out:
                if out.isatty():  # exact bytes would reach a terminal: its escapes live
                    raise UsageError(
                        f"{str(target)!r} is a terminal; leave out -o to show it there (made "
                        "safe for a terminal)"
                    )
                yield out
        except OSError as err:
            raise _cannot(target, err) from None
        return
    with (
        atomic_path(target, mode_for(target), through_links=through_links) as tmp,
        tmp.open("w", encoding="utf-8", newline="") as out,
    ):
        yield out


def output_path(text: str) -> Path:
    """An output file's name as a path, refusing names no file system takes (empty, NUL, too
    long)."""
    if not text.strip():
        raise UsageError("-o needs a file name")
    if "\x00" in text:
        raise UsageError("-o: a file name cannot contain a NUL byte")
    path = Path(text)
    if len(os.fsencode(path.name)) > 255 or len(os.fsencode(text)) > 4096:
        raise UsageError(f"-o: the file name {text[:40]!r}… is too long")
    return path


def _backup_target(given: Path, database: Path, force: bool) -> Path:
    """Where the copy goes; `UsageError` for the database itself, a file that is not ours, or
    an earlier backup without `force`."""
    from timeline.store.maintenance import is_timeline_file

    target = checked_target(given / database.name if checked_target(given).is_dir() else given)
    refuse_database_target(target, database, "backup")
    if os.path.lexists(target):
        if not is_timeline_file(target):
            raise UsageError(
                f"{str(target)!r} exists and is not a timeline database; "
                "backup replaces only an earlier backup"
            )
        if not force:
            raise UsageError(f"{str(target)!r} exists; give --force to replace it")
    if not target.parent.is_dir():
        raise StorageError(
            f"cannot write {str(target)!r}: folder {str(target.parent)!r} does not exist"
        )
    return target


def backup(tl: Timeline, given: str, *, force: bool = False) -> tuple[Path, int]:
    """Copy the database to `given` (or into it): the target and the copy's event count.
    The target is checked before the database is opened."""
    if not given:
        raise UsageError("backup needs a PATH to write the copy to")
    database = Path(tl.path)
    try:
        target = _backup_target(Path(given), database, force)
    except (OSError, ValueError) as err:  # a name too long, a NUL in it
        raise UsageError(f"cannot write a backup to {given!r}: {err}") from None
    store = tl.store
    with atomic_path(target, database.stat().st_mode & 0o777) as tmp:
        count = store.backup_to(tmp)
    return target, count


def _open_input(source: str | os.PathLike[str] | IO[bytes]) -> tuple[io.BufferedReader, str]:
    """A peekable binary stream of the source, and its name for messages."""
    if not isinstance(source, str | os.PathLike):  # a stream: its format is sniffed, as stdin's
        return io.BufferedReader(io.BytesIO(source.read())), "-"
    name = os.fspath(source)
    if name == "-":
        return io.BufferedReader(io.BytesIO(sys.stdin.buffer.read())), "-"
    try:
        return open(name, "rb"), name
    except (OSError, ValueError) as err:  # ValueError: a NUL in the name
        raise UsageError(f"cannot read {name!r}: {getattr(err, 'strerror', None) or err}") from None


def records_of(
    raw: io.BufferedReader, kind: str, label: str, ctx: Context
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[object], Context]:
    """The stored claims, source records and event ids an export carries (`_records`), and
    `ctx` reading the events' relative dates against those sources' days (a stored source's
    day wins)."""
    claims, sources, old_ids = _records(raw, kind, label)
    days = {str(s["title"]): date.fromisoformat(str(s["published"]))
            for s in sources if s["published"]}  # fmt: skip
    if days:
        ctx = dataclasses.replace(ctx, published=days | dict(ctx.published))
    return claims, sources, old_ids, ctx


def _records(raw: io.BufferedReader, kind: str, label: str) -> Records:
    """The stored claims and source records a JSON or JSON Lines export carries (read first,
    then the stream is read again from the start for the events); none for other formats."""
    if kind not in ("json", "jsonl") or not _mentions(raw, _RECORD):
        return [], [], []
    data = raw.read()
    raw.seek(0)
    from timeline.io.json_reader import records_in

    return records_in(data.decode("utf-8", "replace"), kind, label)


_RECORD = re.compile(rb'"claim"|"source"\s*:\s*\{')
"""What a stored claim or a source record holds and an event never does."""


def _mentions(raw: io.BufferedReader, pattern: re.Pattern[bytes], chunk: int = 1 << 20) -> bool:
    """Whether the stream matches `pattern` (found within 256 bytes), read a chunk at a time;
    the stream is rewound."""
    tail = b""
    try:
        while block := raw.read(chunk):
            if pattern.search(tail + block):
                return True
            tail = block[-256:]
        return False
    finally:
        raw.seek(0)


def delimiter(text: str | None) -> str | None:
    """A CSV separator as typed: one character, or `tab` / `\\t` for a tab."""
    if text is None:
        return None
    sep = "\t" if text.lower() in ("tab", "\\t") else text
    if len(sep) != 1 or sep in '"\r\n' or sep.isalnum():
        raise UsageError(
            f"--delimiter {text!r} is not a separator; give one character such as ';' or 'tab'"
        )
    return sep


def import_file(
    tl: Timeline,
    source: str | os.PathLike[str] | IO[bytes],
    *,
    fmt: str | None,
    ctx: Context,
    dry_run: bool,
    label: str | None,
    encoding: str | None = None,
    separator: str | None = None,
) -> int:
    """The body of `Timeline.import_`: read, check, and write all of it or nothing."""
    from timeline.io.lines import ReadOptions, codec_name
    from timeline.io.registry import HEAD_BYTES, format_for, read_events

    opts = ReadOptions(encoding=encoding, delimiter=delimiter(separator))
    codec_name(encoding)  # an unknown encoding is refused before the file is opened
    raw, name = _open_input(source)
    with raw:
        head = raw.peek(HEAD_BYTES)[:HEAD_BYTES]
        kind = format_for(name, head, fmt, encoding)
        if opts.delimiter is not None and kind != "csv":
            raise UsageError(f"--delimiter is for CSV files, and {name!r} is read as {kind}")
        shown = label or ("stdin" if name == "-" else name)
        claims, sources, old_ids, ctx = records_of(raw, kind, shown, ctx)
        events = read_events(raw, kind, shown, ctx, opts)
        if dry_run:
            return sum(1 for _ in events)
        database = Path(tl.path)
        fresh = not database.exists()
        try:
            return tl.store.import_events(events, shown, claims, old_ids, sources)
        except BaseException:
            tl.close()
            if fresh:
                remove_database(database)
            raise
