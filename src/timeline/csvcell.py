"""The spreadsheet formula guard, shared by every CSV export and the import.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in
a spreadsheet, so it is written with a leading apostrophe. So that the guard can be undone
exactly, a cell that already starts with an apostrophe gets one more: `guard` prefixes `'` when
the cell starts with any of `= + - @ \\t \\r '`, and `unguard` removes one leading `'` when the
next character is one of those. `unguard(guard(s)) == s` for every string.

A plain number is not a formula: `-5`, `-0.25`, `+3` and `-1.5e3` (a sign, digits, at most one
decimal point, an optional exponent, nothing else) are written as they are, so a spreadsheet
reads them as numbers. `-5+1`, `-A1`, `- 5` and `-5 ` are guarded. (A number cannot start with
an apostrophe, so `unguard` never meets an unguarded one that it would change.)
(The CSV columns are the event's fields: `timeline.model.CSV_COLUMNS`.)
"""

from __future__ import annotations

import re

GUARDED = frozenset("=+-@\t\r'")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def guard(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would read as a formula (or that starts with `'`);
    a plain number (`-5`) is left as it is."""
    if cell[:1] not in GUARDED:
        return cell
    if cell[0] in "+-" and _NUMBER.fullmatch(cell, 0, len(cell)) and cell.isascii():
        return cell
    return "'" + cell


def unguard(cell: str) -> str:
    """Remove exactly the guard `guard` wrote."""
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in GUARDED:
        return cell[1:]
    return cell
