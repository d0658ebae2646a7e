"""JSON import: a list of JSON events (as `list -f json` prints) or of objects with `when` text.

Decisions encoded here: the whole document is one JSON list of objects; keys are the JSON
event's (`end_when` is the separately typed end; `id`, `start`, `end` objects and `ongoing`
are accepted and ignored, since ids are assigned anew and bounds recomputed from the text);
any other key is an error listing the known ones. Items are numbered from 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.errors import UsageError
from timeline.io.jsontext import loads
from timeline.io.lines import decoded_lines
from timeline.io.records import FIELDS, Field
from timeline.model import EVENT_FIELDS

IGNORED = ("id", "start", "ongoing")
FIELD_OF: dict[str, str] = {
    key: s.name
    for s in EVENT_FIELDS
    if s.name in FIELDS
    for key in dict.fromkeys(k for k in (s.json, s.csv) if k)
}
"""A JSON key (or the CSV spelling of the same field) to its field name."""
KEY_OF: dict[str, str] = {s.name: s.json for s in EVENT_FIELDS if s.json}
KNOWN = tuple(FIELD_OF)


def object_fields(obj: object, where: str, label: str) -> dict[str, Field]:
    """The record fields of one JSON object."""
    if not isinstance(obj, dict):
        raise UsageError(f"{label}: {where} is not a JSON object")
    fields: dict[str, Field] = {}
    for key, value in obj.items():
        if key in IGNORED or (key == "end" and (value is None or isinstance(value, dict))):
            continue
        if key not in KNOWN:
            raise UsageError(
                f"{label}: {where}: unknown key {key!r}; known keys: {', '.join(KNOWN)}"
            )
        fields[FIELD_OF[key]] = value
    return fields


def read(raw: Iterable[bytes], label: str) -> Iterator[tuple[str, dict[str, Field]]]:
    data = loads("".join(decoded_lines(raw, label)), label)
    if not isinstance(data, list):
        raise UsageError(f"{label}: a JSON import is a list of events")
    for number, obj in enumerate(data, start=1):
        where = f"item {number}"
        yield where, object_fields(obj, where, label)
