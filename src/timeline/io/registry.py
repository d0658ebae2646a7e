"""The import formats: an explicit registry of readers, one module per format.

A reader takes the file's raw lines (bytes), a label naming the file and the `ReadOptions`
(encoding, CSV separator, the context dates are read in), and yields `(where, fields)`: where in
the file (`row 3 (line 4)`, `line 7`, `item 2`, `slide 2`) and the loose fields of one event.
`read_events` turns those into `Event` values through `timeline.io.records`, so every format is
checked by the same rules, and names the file, the place and the column of the first problem.

Decisions: the format comes from `--format`, else the content where it is JSON (`timeline.io.
sniff`: a list is JSON, an object TimelineJS or JSON Lines by its first keys), else the
extension (`.csv`, `.tsv`, `.json`, `.jsonl`/`.ndjson`, `.timelinejs`). So a `.json` file that
holds a TimelineJS document, and a file named without a known extension that holds JSON, are
read right. Stdin that is not JSON is CSV; a file that is neither JSON nor named `.csv`/`.tsv`
needs `--format`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

from timeline.errors import UsageError
from timeline.io import csv_reader, json_reader, jsonl_reader, timelinejs
from timeline.io.lines import PLAIN, ReadOptions, head_text
from timeline.io.records import Context, Field, RecordError, build_event
from timeline.io.sniff import sniff
from timeline.model import Event

Reader = Callable[[Iterable[bytes], str, ReadOptions], Iterator[tuple[str, dict[str, Field]]]]

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
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".timelinejs": "timelinejs",
}
HEAD_BYTES = 4096
"""How much of a file is looked at to recognise its format."""


def format_for(
    name: str, first_bytes: bytes, given: str | None, encoding: str | None = None
) -> str:
    """The import format: given, else by content (JSON), else by extension; stdin is CSV."""
    if given:
        if given not in READERS:
            raise UsageError(f"format {given!r} is not one of {', '.join(READERS)}")
        return given
    ext = EXTENSIONS.get(PurePath(name).suffix.lower()) if name != "-" else None
    found = sniff(head_text(first_bytes, encoding))
    if found == "object":  # an object the head cannot decide
        found = "timelinejs" if ext in ("json", "timelinejs") else "jsonl"
    if ext in ("csv", "jsonl") or (ext == "timelinejs" and found is None):
        return ext
    if found is not None:
        return found
    if ext is not None:
        return ext
    if name == "-":
        return "csv"
    raise UsageError(
        f"cannot tell the format of {name!r} from its extension or its content; give --format "
        f"({', '.join(READERS)})"
    )


def read_events(
    raw: Iterable[bytes], fmt: str, label: str, ctx: Context, opts: ReadOptions = PLAIN
) -> Iterator[Event]:
    """The events of a file, checked one by one; the first problem stops everything."""
    spelled = SPELLINGS.get(fmt, {})
    for where, fields in READERS[fmt](raw, label, opts._replace(context=ctx)):
        try:
            yield build_event(fields, ctx)
        except RecordError as err:
            column = spelled.get(err.column, err.column)
            raise UsageError(f"{label}: {where}, column {column!r}: {err.reason}") from None


__all__ = ["EXTENSIONS", "READERS", "Context", "ReadOptions", "format_for", "read_events"]
