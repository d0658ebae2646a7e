"""The store: the only room that touches SQLite (open, migrate, CRUD, filters, history).

`open_store(path, create=...)` checks a file is a timeline database before anything writes to
it, configures the connection and brings the schema up to date; `Store` reads and writes events.
Everyday commands never import sqlite_utils: it is loaded only to create or upgrade the schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.store.core import Store, open_store, utc_now

if TYPE_CHECKING:
    from timeline.store.history import HistoryEntry


def __getattr__(name: str) -> object:
    """`HistoryEntry`, loaded on first use (reading commands never need the history)."""
    if name == "HistoryEntry":
        from timeline.store.history import HistoryEntry

        return HistoryEntry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["HistoryEntry", "Store", "open_store", "utc_now"]
