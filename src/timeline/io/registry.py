"""The import formats: an explicit registry of readers, one module per format.

A reader takes the file's raw lines (bytes) and a label naming the file, and yields
`(where, fields)`: where in the file (`row 3`, `line 7`, `item 2`) and the loose fields of one
event. `read_events` turns those into `Event` values through `timeline.io.records`, so every
format is checked by the same rules, and names the file, the place and the column of the first
problem. Decisions: the format comes from `--format`, else the extension (`.csv`, `.json`,
`.jsonl`/`.ndjson`), else (for stdin) the first character (`[` JSON, `{` JSON Lines, else CSV);
a `.json` file or stdin that opens as a TimelineJS3 object (`events` or a `title` object among
its first keys) is read as TimelineJS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

from timeline.errors import UsageError
from timeline.io import csv_reader, json_reader, jsonl_reader, timelinejs
from timeline.io.records import Context, Field, RecordError, build_event
from timeline.model import Event

Reader = Callable[[Iterable[bytes], str], Iterator[tuple[str, dict[str, Field]]]]

READERS: dict[str, Reader] = {
    "csv": csv_reader.read,
    "json": json_reader.read,
    "jsonl": jsonl_reader.read,
    "timelinejs": timelinejs.read,
}
SPELLINGS: dict[str, dict[str, str]] = {
    "csv": csv_reader.COLUMN_OF,
    "json": json_reader.KEY_OF,
    "jsonl": json_reader.KEY_OF,
}
"""How each format spells a field in its errors (`column 'end'` in a CSV file)."""
EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_for(name: str, first_bytes: bytes, given: str | None) -> str:
    """The import format: given, else by extension, else sniffed from the first bytes."""
    if given:
        if given not in READERS:
            raise UsageError(f"format {given!r} is not one of {', '.join(READERS)}")
        return given
    ext = PurePath(name).suffix.lower()
    if ext in (".json", "") and _looks_like_timelinejs(first_bytes):
        return "timelinejs"
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if name != "-":
        raise UsageError(
            f"cannot tell the format of {name!r} from its extension; give --format "
            f"({', '.join(READERS)})"
        )
    head = first_bytes.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"[": "json", b"{": "jsonl"}.get(head, "csv")


_TIMELINEJS_KEY = re.compile(
    rb'^\s*\{\s*(?:"[^"\\]*"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*)*"(?:events|title)"\s*:\s*[\[{]'
)


def _looks_like_timelinejs(first_bytes: bytes) -> bool:
    """A JSON object whose first keys open `events` (a list) or `title` (an object): TimelineJS3.

    A JSON event's `title` is a string, so JSON Lines never matches.
    """
    return bool(_TIMELINEJS_KEY.match(first_bytes.removeprefix(b"\xef\xbb\xbf")))


def read_events(raw: Iterable[bytes], fmt: str, label: str, ctx: Context) -> Iterator[Event]:
    """The events of a file, checked one by one; the first problem stops everything."""
    spelled = SPELLINGS.get(fmt, {})
    for where, fields in READERS[fmt](raw, label):
        try:
            yield build_event(fields, ctx)
        except RecordError as err:
            column = spelled.get(err.column, err.column)
            raise UsageError(f"{label}: {where}, column {column!r}: {err.reason}") from None


__all__ = ["EXTENSIONS", "READERS", "Context", "format_for", "read_events"]
