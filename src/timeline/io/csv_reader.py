"""CSV import: the columns of `timeline.model.IMPORT_COLUMNS` (`title,when,end,actors,tags,…,
as_of`, plus `created_at`, `updated_at`), a header row first.

Decisions encoded here:
- Only `title` and `when` are required; an unknown column is an error listing the known ones.
- Rows are numbered from 1 for the first data row (the header is row 0).
- A cell that starts with an apostrophe followed by `=`, `+`, `-`, `@`, a tab, a carriage
  return or another apostrophe carries the guard the CSV export writes against spreadsheet
  formulas (`timeline.csvcell`): exactly that apostrophe is removed, nothing else.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from timeline.csvcell import unguard
from timeline.errors import UsageError
from timeline.io.lines import decoded_lines
from timeline.io.records import Field
from timeline.model import EVENT_FIELDS, IMPORT_COLUMNS

COLUMNS = IMPORT_COLUMNS
FIELD_OF: dict[str, str] = {s.csv: s.name for s in EVENT_FIELDS if s.csv}
COLUMN_OF: dict[str, str] = {name: column for column, name in FIELD_OF.items()}
REQUIRED = ("title", "when")


def read(raw: Iterable[bytes], label: str) -> Iterator[tuple[str, dict[str, Field]]]:
    """(where, fields) for each data row."""
    reader = csv.reader(decoded_lines(raw, label))
    try:
        header = next(reader, None)
        if header is None:
            raise UsageError(f"{label}: the file is empty; the first row must name the columns")
        columns = _check_header(header, label)
        for number, cells in enumerate(reader, start=1):
            if not any(cells):
                continue
            yield f"row {number}", _fields(columns, cells, number, label)
    except csv.Error as err:
        raise UsageError(f"{label}: line {reader.line_num}: {err}") from None


def _check_header(header: list[str], label: str) -> list[str]:
    columns = [h.strip() for h in header]
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise UsageError(
            f"{label}: unknown column {unknown[0]!r}; known columns: {', '.join(COLUMNS)}"
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UsageError(f"{label}: missing column {missing[0]!r} (title and when are required)")
    if len(set(columns)) != len(columns):
        twice = next(c for c in columns if columns.count(c) > 1)
        raise UsageError(f"{label}: column {twice!r} appears twice")
    return columns


def _fields(columns: list[str], cells: list[str], number: int, label: str) -> dict[str, Field]:
    if len(cells) > len(columns):
        raise UsageError(
            f"{label}: row {number} has {len(cells)} cells but the header names {len(columns)}"
        )
    fields: dict[str, Field] = dict(zip(columns, cells, strict=False))
    fields = {FIELD_OF[c]: v for c, v in fields.items()}
    joined = "\x00".join(cells)  # a NUL never reaches here (`decoded_lines` refuses it)
    if joined[:1] == "'" or "\x00'" in joined:  # only a cell opening with ' can carry a guard
        for column, cell in fields.items():
            fields[column] = unguard(cell)  # type: ignore[arg-type]
    return fields
