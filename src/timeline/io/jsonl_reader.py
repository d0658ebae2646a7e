"""JSON Lines import: one JSON event (or object with `when` text) per line.

Decisions encoded here: blank lines are skipped; lines are numbered as in the file (1-based);
each object is read as the JSON import reads a list item.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.io.json_reader import is_claim, is_source, object_fields
from timeline.io.jsontext import loads
from timeline.io.lines import PLAIN, ReadOptions, decoded_lines
from timeline.io.records import Field


def read(
    raw: Iterable[bytes], label: str, opts: ReadOptions = PLAIN
) -> Iterator[tuple[str, dict[str, Field]]]:
    for number, line in enumerate(decoded_lines(raw, label, opts.encoding), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        obj = loads(line, label, where)
        if is_claim(obj) or is_source(obj):
            continue  # read by `json_reader.records_in`, stored with the events
        yield where, object_fields(obj, where, label)
