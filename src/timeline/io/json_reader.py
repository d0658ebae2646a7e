"""JSON import: a list of JSON events (as `list -f json` prints) or of objects with `when` text.

Decisions encoded here: the whole document is one JSON list of objects; keys are the JSON
event's (`end_when` is the separately typed end; `id`, `start`, `end` objects and `ongoing`
are accepted and ignored, since ids are assigned anew and bounds recomputed from the text, and
so are `offset` and `background`, which `extract` writes);
any other key is an error listing the known ones. Items are numbered from 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from timeline.errors import UsageError
from timeline.io.jsontext import loads
from timeline.io.lines import PLAIN, ReadOptions, decoded_lines
from timeline.io.records import FIELDS, Field
from timeline.model import EVENT_FIELDS
from timeline.model.results import CANDIDATE_COLUMNS

IGNORED = ("id", "start", "ongoing", *CANDIDATE_COLUMNS)
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


def read(
    raw: Iterable[bytes], label: str, opts: ReadOptions = PLAIN
) -> Iterator[tuple[str, dict[str, Field]]]:
    data = loads("".join(decoded_lines(raw, label, opts.encoding)), label)
    if not isinstance(data, list):
        raise UsageError(f"{label}: a JSON import is a list of events")
    for number, obj in enumerate(data, start=1):
        if is_claim(obj) or is_source(obj):
            continue  # read by `records_in`, stored with the events
        where = f"item {number}"
        yield where, object_fields(obj, where, label)


def is_claim(obj: object) -> bool:
    """A stored claim as an export writes it: `{"claim": {...}}`."""
    return isinstance(obj, dict) and len(obj) == 1 and isinstance(obj.get("claim"), dict)


def is_source(obj: object) -> bool:
    """A source record as an export writes it: `{"source": {...}}`."""
    return isinstance(obj, dict) and len(obj) == 1 and isinstance(obj.get("source"), dict)


def source_row(obj: dict[str, object], where: str, label: str) -> dict[str, object]:
    """The fields of an imported source, checked: a one-line title, ISO days, texts."""
    from datetime import date

    from timeline.model import SOURCE_COLUMNS, SOURCE_DAYS

    found = obj["source"]
    assert isinstance(found, dict)
    row = {k: found.get(k) for k in SOURCE_COLUMNS}
    title = row["title"]
    if not isinstance(title, str) or not title.strip() or "\n" in title:
        raise UsageError(f"{label}: {where}: a source needs a one-line title")
    for key, value in row.items():
        if value is not None and not isinstance(value, str):
            raise UsageError(f"{label}: {where}: source {key} must be text, not {value!r}")
        if key in SOURCE_DAYS and value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise UsageError(f"{label}: {where}: source {key} {value!r} is not a day") from None
    from timeline.io.records import RecordError, identity

    try:
        uuid = identity(found.get("uuid"))
    except RecordError as err:
        raise UsageError(f"{label}: {where}: source {err.reason}") from None
    return row | {"title": title.strip(), "uuid": uuid}


CLAIM_KEYS = ("kind", "claim", "a", "b", "within", "selection", "as_of", "source", "quote",
              "recorded_verdict", "created_at", "updated_at", "uuid")  # fmt: skip
CLAIM_KINDS = ("gap", "duration", "count", "first", "order")


def claim_row(obj: dict[str, object], where: str, label: str) -> dict[str, object]:
    """The row of an imported claim, checked: its kind, text and verdict must be there."""
    found = obj["claim"]
    assert isinstance(found, dict)
    row = {k: found.get(k) for k in CLAIM_KEYS}
    if row["kind"] not in CLAIM_KINDS or not isinstance(row["claim"], str):
        raise UsageError(f"{label}: {where}: a claim needs a kind ({', '.join(CLAIM_KINDS)}) "
                         "and its claim text")  # fmt: skip
    if not isinstance(row["recorded_verdict"], str):
        raise UsageError(f"{label}: {where}: a claim needs its recorded_verdict")
    selection = row["selection"]
    if isinstance(selection, str):  # as the database keeps it: the object as JSON text
        try:
            selection = json.loads(selection)
        except ValueError:
            selection = "not JSON"
    if selection is not None and not isinstance(selection, dict):
        raise UsageError(f"{label}: {where}: a claim's selection must be an object of filters")
    row["selection"] = json.dumps(selection or {}, ensure_ascii=False, sort_keys=True)
    for stamp in ("created_at", "updated_at"):
        row[stamp] = row[stamp] or found.get("created_at") or "1970-01-01T00:00:00Z"
    return row


Records = tuple[list[dict[str, object]], list[dict[str, object]], list[object]]


def records_in(text: str, fmt: str, label: str) -> Records:
    """The stored claims and the source records of a JSON or JSON Lines document, and its
    events' ids in file order (what renumbers the claims' `#N` anchors)."""
    if fmt == "json":
        try:
            items = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return [], [], []  # the events reader reports it
        items = items if isinstance(items, list) else []
        places = [f"item {n}" for n in range(1, len(items) + 1)]
    else:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        items, places = [], []
        for n, line in lines:
            try:
                items.append(json.loads(line))
            except (json.JSONDecodeError, RecursionError):
                return [], [], []
            places.append(f"line {n}")
    placed = list(zip(items, places, strict=True))
    claims = [claim_row(o, w, label) for o, w in placed if is_claim(o)]
    sources = [source_row(o, w, label) for o, w in placed if is_source(o)]
    ids = [o.get("id") for o in items if isinstance(o, dict) and not (is_claim(o) or is_source(o))]
    return claims, sources, ids
