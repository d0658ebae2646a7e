"""The spreadsheet formula guard, shared by every CSV export and the import.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in
a spreadsheet, so it is written with a leading apostrophe. So that the guard can be undone
exactly, a cell that already starts with an apostrophe gets one more: `guard` prefixes `'` when
the cell starts with any of `= + - @ \\t \\r '`, and `unguard` removes one leading `'` when the
next character is one of those. `unguard(guard(s)) == s` for every string.
(The CSV columns are the event's fields: `timeline.model.CSV_COLUMNS`.)
"""

from __future__ import annotations

GUARDED = frozenset("=+-@\t\r'")


def guard(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would read as a formula (or that starts with `'`)."""
    return "'" + cell if cell[:1] in GUARDED else cell


def unguard(cell: str) -> str:
    """Remove exactly the guard `guard` wrote."""
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in GUARDED:
        return cell[1:]
    return cell
