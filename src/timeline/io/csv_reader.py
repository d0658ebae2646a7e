"""CSV import: the columns of `timeline.model.IMPORT_COLUMNS` (`title,when,end,actors,tags,…,
as_of`, plus `created_at`, `updated_at`), a header row first.

Decisions encoded here:
- Only `title` and `when` are required; an unknown column is an error listing the known ones.
  A role date is the columns `date:ROLE` (its date), `date:ROLE:end` (an end typed apart) and
  `date:ROLE:source`; an empty `date:ROLE` cell means the event has no such date.
  Header names are matched without regard to case, surrounding space, or a space or hyphen for
  `_` (`Title`, `As of`). The columns the export adds (`id`, the resolved `earliest`, `latest`,
  `edtf`: `CSV_KEYS`, `CSV_BOUNDS`) are accepted and ignored: ids are assigned anew and bounds
  are read from the date text.
- The separator is `--delimiter` when given, else the one of `,` `;` tab `|` that splits the
  header into the most known columns (a comma when none does better). A header that reads
  better with another separator than the one given is refused with a line that says so.
- Rows are counted one way everywhere: the data row number (1 for the first row after the
  header; blank lines are not rows), and the file line it starts on in brackets, `row 2 (line 3)`
  (a quoted cell can span lines).
- A cell that starts with an apostrophe followed by `=`, `+`, `-`, `@`, a tab, a carriage
  return or another apostrophe carries the guard the CSV export writes against spreadsheet
  formulas (`timeline.csvcell`): exactly that apostrophe is removed, nothing else.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator

from timeline.csvcell import unguard
from timeline.errors import UsageError
from timeline.io.lines import PLAIN, ReadOptions, decoded_lines
from timeline.io.records import Field
from timeline.model import CSV_BOUNDS, CSV_KEYS, EVENT_FIELDS, IMPORT_COLUMNS
from timeline.model.results import CANDIDATE_COLUMNS

COLUMNS = IMPORT_COLUMNS
FIELD_OF: dict[str, str] = {s.csv: s.name for s in EVENT_FIELDS if s.csv}
COLUMN_OF: dict[str, str] = {name: column for column, name in FIELD_OF.items()}
IGNORED = tuple(c for c in (*CSV_KEYS, *CSV_BOUNDS, *CANDIDATE_COLUMNS) if c not in COLUMNS)
"""The export's and extract's own columns, read past."""
REQUIRED = ("title", "when")
SEPARATORS = (",", ";", "\t", "|")
_NAMES = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}


ROLE_PARTS = {"": "when", "end": "end_when", "source": "source"}
"""The columns of one role date, `date:ROLE` and `date:ROLE:end` (`date:ROLE:source`), to the
keys of the role date they give."""


def role_column(key: str) -> tuple[str, str] | None:
    """(role, role date key) of a role date's column key (`date:delivered:end`), or None."""
    head, sep, rest = key.partition(":")
    if head != "date" or not sep:
        return None
    role, _, part = rest.partition(":")
    if part not in ROLE_PARTS:
        return None
    return role, ROLE_PARTS[part]


def column_key(name: str) -> str:
    """How a header cell is matched: `' As of '` → `as_of`."""
    key = name.strip().lstrip("\ufeff").lower()
    if key.startswith("date:"):  # a role date's column: the role's own spelling (`first-use`)
        return key
    return name.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _known(cells: list[str]) -> int:
    return sum(1 for c in cells if _is_known(column_key(c)))


def _is_known(key: str) -> bool:
    return key in COLUMNS or key in IGNORED or role_column(key) is not None


def _split(line: str, sep: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep), [])


def sniff_separator(header_line: str) -> str:
    """The separator that splits the header into the most known columns (`,` on a tie)."""
    return max(SEPARATORS, key=lambda sep: (_known(_split(header_line, sep)), sep == ","))


def read(
    raw: Iterable[bytes], label: str, opts: ReadOptions = PLAIN
) -> Iterator[tuple[str, dict[str, Field]]]:
    """(where, fields) for each data row."""
    lines = decoded_lines(raw, label, opts.encoding)
    first = next(lines, None)
    if first is None:
        raise UsageError(f"{label}: the file is empty; the first row must name the columns")
    sep = opts.delimiter or sniff_separator(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=sep)
    where = "the header (line 1)"
    try:
        header = next(reader)
        columns = _check_header(header, first, sep, label)
        number = 0
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(cells):
                continue
            number += 1
            where = f"row {number} (line {line})"
            yield where, _fields(columns, cells, where, label)
    except csv.Error as err:
        raise UsageError(f"{label}: {where}: {err}") from None


def _check_header(header: list[str], line: str, sep: str, label: str) -> list[str | None]:
    keys = [column_key(h) for h in header]
    unknown = [h.strip() for h, k in zip(header, keys, strict=True) if not _is_known(k)]
    if unknown:
        better = _better_separator(line, sep)
        if better is not None:
            raise UsageError(
                f"{label}: the header looks separated by {_NAMES.get(better, repr(better))}, "
                f"not {_NAMES.get(sep, repr(sep))}: {line.strip()[:60]!r}; "
                f"give --delimiter {_arg(better)}"
            )
        raise UsageError(
            f"{label}: unknown column {unknown[0]!r}; known columns: {', '.join(COLUMNS)}"
        )
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise UsageError(f"{label}: missing column {missing[0]!r} (title and when are required)")
    if len(set(keys)) != len(keys):
        twice = next(h.strip() for h, k in zip(header, keys, strict=True) if keys.count(k) > 1)
        raise UsageError(f"{label}: column {twice!r} appears twice")
    return [k if k in COLUMNS or role_column(k) else None for k in keys]


def _better_separator(line: str, sep: str) -> str | None:
    """Another separator under which the header has more known columns, if one does."""
    here = _known(_split(line, sep))
    candidates = [c for c in dict.fromkeys((*SEPARATORS, *line)) if not c.isalnum()]
    candidates = [c for c in candidates if c not in (sep, " ", "_", "-", '"', "\r", "\n")]
    best: str | None = max(candidates, key=lambda c: _known(_split(line, c)), default=None)
    if best is not None and _known(_split(line, best)) > max(here, 1):
        return best
    return None


def _arg(sep: str) -> str:
    return "$'\\t'" if sep == "\t" else repr(sep)


def _fields(
    columns: list[str | None], cells: list[str], where: str, label: str
) -> dict[str, Field]:
    if len(cells) > len(columns):
        raise UsageError(
            f"{label}: {where} has {len(cells)} cells but the header names {len(columns)}"
        )
    fields: dict[str, Field] = {}
    dated: dict[str, dict[str, str]] = {}
    for c, v in zip(columns, cells, strict=False):
        if c is None:
            continue
        role = role_column(c) if c not in FIELD_OF else None
        if role is None:
            fields[FIELD_OF[c]] = v
        elif v:  # an empty cell: the event has no such date
            dated.setdefault(role[0], {})[role[1]] = v
    joined = "\x00".join(cells)  # a NUL never reaches here (`decoded_lines` refuses it)
    if joined[:1] == "'" or "\x00'" in joined:  # only a cell opening with ' can carry a guard
        for column, cell in fields.items():
            fields[column] = unguard(cell)  # type: ignore[arg-type]
        for parts in dated.values():
            for key, cell in parts.items():
                parts[key] = unguard(cell)
    if dated:
        fields["dates"] = [{"role": role, **parts} for role, parts in dated.items()]
    return fields
