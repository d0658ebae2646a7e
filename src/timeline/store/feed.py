"""The rows of an import, prepared in batches, in this process or in a forked reader process.

Decisions encoded here:
- A batch is prepared as plain values: the `INSERT_EVENT` parameters of each event (id assigned
  in order, timestamps filled), the names (actors, tags) and the citations of each event, in
  the same order; names and sources become ids in the writing process, which owns their tables.
- A large import reads in a second process so that reading and checking the file (one core)
  runs beside SQLite's writing (the other): after `fork`, the child goes on with the same event
  iterator and sends each prepared batch through a pipe (`marshal`, which carries exactly these
  plain values); the parent only writes. The child never touches the database connection and
  leaves with `os._exit`, so nothing of the parent's state is closed or flushed twice.
- The first problem in the file reaches the parent as the same message and exit code, after
  the batches before it, and the parent raises it inside its transaction, so nothing is written.
  If the parent stops first (an error, Ctrl-C, kill -9), the child is killed or dies on the
  closed pipe. Where `fork` is missing or threads are running, reading stays in this process.
"""

from __future__ import annotations

import marshal
import os
import signal
import threading
from collections.abc import Generator, Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO, NoReturn

from timeline.errors import TimelineError, UsageError
from timeline.model import Event
from timeline.store import rows

BATCH = 2000
PIPE_BUFFER = 1 << 20

Names = tuple[str, ...]
Cited = tuple[tuple[Any, ...], ...]
Prepared = tuple[list[tuple[Any, ...]], list[list[Names]], list[Cited], list[tuple[Any, ...]]]
"""A batch's `INSERT_EVENT` rows, for each names field (`rows.NAME_KINDS`) each event's names,
each event's citations (`rows.cited_values`), in the same order, and the batch's
`INSERT_ROLE_DATE` rows."""
Batches = Generator[Prepared, None, None]


def batches(events: Iterable[Event], first: int, stamp: str) -> Batches:
    """Prepared batches of `events`, ids from `first`, read in this process."""
    it = iter(events)
    while batch := list(islice(it, BATCH)):
        yield prepare(batch, first, stamp)
        first += len(batch)


def prepare(batch: list[Event], first: int, stamp: str) -> Prepared:
    """The rows and links of `batch`, its events numbered from `first`."""
    values = rows.insert_values
    cited = rows.cited_values
    return (
        [values(e, first + i, stamp) for i, e in enumerate(batch)],
        [[getattr(e, field) for e in batch] for field in rows.NAME_KINDS],
        [cited(e) if e.citations else () for e in batch],
        [r for i, e in enumerate(batch) if e.dates for r in rows.role_values(first + i, e)],
    )


def can_fork() -> bool:
    """Whether reading can move to a forked process (never with threads running)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def forked(events: Iterator[Event], first: int, stamp: str) -> Batches:
    """The same batches as `batches`, read by a forked child; `events` must not be used after."""
    read_end, write_end = os.pipe()
    _widen(write_end)
    pid = os.fork()
    if pid == 0:  # the child: read, prepare, send, leave
        os.close(read_end)
        _child(events, first, stamp, write_end)
    os.close(write_end)
    done = False
    try:
        with os.fdopen(read_end, "rb", buffering=PIPE_BUFFER) as pipe:
            while (prepared := _receive(pipe)) is not None:
                yield prepared
        done = True
    finally:
        if not done:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _widen(fd: int) -> None:
    """Let the pipe hold a whole batch or more (Linux), so the reader runs ahead of the writer."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BUFFER)
    except (ImportError, OSError):
        pass  # a smaller pipe only makes the two processes wait for each other more often


def _child(events: Iterator[Event], first: int, stamp: str, fd: int) -> NoReturn:
    code = 0
    try:
        with os.fdopen(fd, "wb", buffering=PIPE_BUFFER) as pipe:
            try:
                for prepared in batches(events, first, stamp):
                    _send(pipe, "rows", prepared)
                _send(pipe, "end", None)
            except TimelineError as err:
                _send(pipe, "error", (err.exit_code, err.message))
            except Exception as err:  # a bug: the parent reports it as one
                _send(pipe, "crash", f"{type(err).__name__}: {err}")
    except BaseException:  # the parent has gone (a closed pipe) or we are interrupted
        code = 1
    finally:
        os._exit(code)


def _send(pipe: BinaryIO, kind: str, payload: object) -> None:
    """One frame: its length (8 bytes, big-endian), then `marshal` of (kind, payload)."""
    data = marshal.dumps((kind, payload))  # type: ignore[arg-type]  # plain values only
    pipe.write(len(data).to_bytes(8, "big"))
    pipe.write(data)


def _receive(pipe: BinaryIO) -> Prepared | None:
    head = pipe.read(8)
    data = pipe.read(int.from_bytes(head, "big")) if len(head) == 8 else b""
    if not data:
        raise RuntimeError("the import's reader process stopped unexpectedly")
    kind, payload = marshal.loads(data)
    if kind == "rows":
        prepared: Prepared = payload
        return prepared
    if kind == "error":
        raise _rebuilt(*payload)
    if kind == "crash":
        raise RuntimeError(f"the import's reader process failed: {payload}")
    return None


def _rebuilt(exit_code: int, message: str) -> TimelineError:
    """The child's error as raised here: same message, same exit code."""
    err = UsageError(message)
    err.exit_code = exit_code
    return err
