"""Waiting for the write lock: `BEGIN IMMEDIATE` retried with jittered back-off.

Decisions encoded here:
- SQLite's own busy handler sleeps longer and longer between tries (up to 100 ms), so with many
  writers a process that has already waited long tries least often, and can lose every race
  until a fixed timeout runs out. Here `BEGIN IMMEDIATE` is tried with SQLite's busy timeout
  off, and after each SQLITE_BUSY the process sleeps a random time between nothing and a cap
  that doubles from 1 ms to `MAX_SLEEP` (full jitter): every waiter keeps trying often, and
  which one wins is random each time, so none starves.
- The whole wait is `wait` seconds (`DEFAULT_WAIT` unless the caller says otherwise; 0 tries
  once). Past it the write fails with `DatabaseBusy`, saying how long it waited.
- After `NOTICE_AFTER` seconds of waiting, `on_wait` is called once, so that a person at a
  terminal hears why nothing happens.
- Reads keep SQLite's busy timeout, set to the same `wait`: under WAL they wait only while
  another connection recovers or checkpoints the log.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from timeline.store.failures import busy_error, is_busy

DEFAULT_WAIT = 60.0
NOTICE_AFTER = 2.0
FIRST_SLEEP = 0.001
MAX_SLEEP = 0.025


def busy_timeout_ms(wait: float) -> int:
    """SQLite's busy timeout for reads, in milliseconds, for a total wait of `wait` seconds."""
    return max(0, int(wait * 1000))


def begin_immediate(
    conn: sqlite3.Connection,
    path: str,
    *,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[], None] | None = None,
) -> float:
    """Start a write transaction on `conn`, retrying while another process writes; the seconds
    waited. Raises `DatabaseBusy` after `wait` seconds, and other SQLite errors as they are."""
    start = time.monotonic()
    deadline = start + wait
    cap = FIRST_SLEEP
    told = on_wait is None
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return time.monotonic() - start
            except sqlite3.OperationalError as err:
                if not is_busy(err):
                    raise
            now = time.monotonic()
            if now >= deadline:
                raise busy_error(path, now - start) from None
            if not told and now - start >= NOTICE_AFTER:
                told = True
                assert on_wait is not None
                on_wait()
            import random  # only when another process holds the lock: off every start-up

            time.sleep(min(random.uniform(0, cap), max(0.0, deadline - now)))
            cap = min(cap * 2, MAX_SLEEP)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms(wait)}")
