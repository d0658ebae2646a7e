"""The level 0 and level 1 examples of python-edtf's own test table (ixc/python-edtf,
`edtf/parser/tests.py`), each read by `timeline parse`, with what the tool makes of it.

Every row that table calls level 0 or 1 is here. Where the tool's answer differs from
python-edtf's, the reason is in the row:
- years outside 1–9999 (negative, zero, `Y…` forms) are refused, as DATES.md says;
- qualifiers never widen the bounds (python-edtf widens its "fuzzy" bounds, not its strict ones,
  which are the ones compared here);
- an unknown start or end (`/2006`, `2004-06-01/`) is open, as the 2019 specification says,
  where python-edtf puts it ten years away; an open end (`/..`) is ongoing as of the reference
  day, where python-edtf says infinity;
- winter (`-24`) runs into the next year (DATES.md), where python-edtf ends it on 31 December.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dates import parse_when
from timeline.errors import DateError

R = date(2024, 10, 15)
OPEN = ".."
# (EDTF, earliest, latest, ongoing) as the tool reads it; "refused" rows name why.
ACCEPTED = [
    ("2001-02-03", "2001-02-03", "2001-02-03", False),
    ("2008-12", "2008-12-01", "2008-12-31", False),
    ("2008", "2008-01-01", "2008-12-31", False),
    ("2001-02-03T09:30:01", "2001-02-03", "2001-02-03", False),
    ("2004-01-01T10:10:10Z", "2004-01-01", "2004-01-01", False),
    ("2004-01-01T10:10:10+05:00", "2004-01-01", "2004-01-01", False),
    ("1985-04-12T23:20:30", "1985-04-12", "1985-04-12", False),
    ("1964/2008", "1964-01-01", "2008-12-31", False),
    ("2004-06/2006-08", "2004-06-01", "2006-08-31", False),
    ("2004-02-01/2005-02-08", "2004-02-01", "2005-02-08", False),
    ("2004-02-01/2005-02", "2004-02-01", "2005-02-28", False),
    ("2004-02-01/2005", "2004-02-01", "2005-12-31", False),
    ("2005/2006-02", "2005-01-01", "2006-02-28", False),
    ("1984?", "1984-01-01", "1984-12-31", False),
    ("2004-06-11?", "2004-06-11", "2004-06-11", False),
    ("2004-06?", "2004-06-01", "2004-06-30", False),
    ("1984~", "1984-01-01", "1984-12-31", False),
    ("1984%", "1984-01-01", "1984-12-31", False),
    ("199X", "1990-01-01", "1999-12-31", False),
    ("19XX", "1900-01-01", "1999-12-31", False),
    ("1999-XX", "1999-01-01", "1999-12-31", False),
    ("1999-01-XX", "1999-01-01", "1999-01-31", False),
    ("1999-XX-XX", "1999-01-01", "1999-12-31", False),
    ("/2006", OPEN, "2006-12-31", False),  # python-edtf: 1996-12-31 (ten years back)
    ("2004-06-01/", "2004-06-01", OPEN, False),  # python-edtf: 2014-06-01
    ("../2006", OPEN, "2006-12-31", False),
    ("2004-01-01/..", "2004-01-01", "2024-10-15", True),  # python-edtf: infinity
    ("1984~/2004-06", "1984-01-01", "2004-06-30", False),
    ("1984/2004-06~", "1984-01-01", "2004-06-30", False),
    ("1984?/2004%", "1984-01-01", "2004-12-31", False),
    ("1984~/2004~", "1984-01-01", "2004-12-31", False),
    ("1984-06?/2004-08?", "1984-06-01", "2004-08-31", False),
    ("1984-06-02?/2004-08-08~", "1984-06-02", "2004-08-08", False),
    ("1984-06-02?/", "1984-06-02", OPEN, False),  # python-edtf: 1994-06-02
    ("2001-21", "2001-03-01", "2001-05-31", False),
    ("2003-22", "2003-06-01", "2003-08-31", False),
    ("2000-23", "2000-09-01", "2000-11-30", False),
    ("2010-24", "2010-12-01", "2011-02-28", False),  # python-edtf: 2010-12-31
]
REFUSED = [
    ("-0999", "outside years 1–9999"),
    ("0000", "outside 1–9999"),
    ("-2005/-1999-02", "outside years 1–9999"),
    ("-0275~", "outside years 1–9999"),
    ("-0001~", "outside years 1–9999"),
    ("0000~", "outside 1–9999"),
    ("Y170000002", "outside years 1–9999"),
    ("Y-170000002", "outside years 1–9999"),
]


def test_every_level_0_and_1_row_is_accounted_for() -> None:
    assert len(ACCEPTED) + len(REFUSED) == 46


@pytest.mark.parametrize(("edtf", "earliest", "latest", "ongoing"), ACCEPTED)
def test_accepted(edtf: str, earliest: str, latest: str, ongoing: bool) -> None:
    when = parse_when(edtf, today=R)
    last = when.end or when.start
    got_first = OPEN if when.start.open_earliest else when.earliest.isoformat()
    got_last = OPEN if last.open_latest else when.latest.isoformat()
    assert (got_first, got_last, when.ongoing) == (earliest, latest, ongoing)
    qualified = edtf.split("/")[0].endswith(("?", "~", "%"))
    assert (when.start.uncertain or when.start.approximate) == qualified


@pytest.mark.parametrize(("edtf", "why"), REFUSED)
def test_refused_with_the_reason(edtf: str, why: str) -> None:
    with pytest.raises(DateError, match=why):
        parse_when(edtf, today=R)
