"""`export -f csv` is written from flat rows (`timeline.store.flat`, `timeline.api.csv_export`):
the file must be, byte for byte, the one the event writer (`render.events.to_csv`) makes from
the same selection's events, including the rows the flat path hands to the full event."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from timeline.api import Timeline
from timeline.render.events import to_csv
from timeline.store.flat import flat_rows

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2024, 10, 15)


def by_events(tl: Timeline, **selection: object) -> str:
    filters = tl.filters(selection)
    out = io.StringIO()
    to_csv(tl.store.iter_events(filters), out, roles=tl.store.roles(filters))
    return out.getvalue()


def by_export(tl: Timeline, **selection: object) -> str:
    out = io.StringIO()
    tl.export("csv", out, **selection)
    return out.getvalue()


SELECTIONS: list[dict[str, object]] = [
    {},
    {"reverse": True},
    {"limit": 3},
    {"reverse": True, "limit": 2},
    {"actor": "Iran"},
    {"from_": "2023", "to": "2024"},
]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_the_bundled_chronology_exports_as_the_event_writer_writes_it(
    tmp_path: Path, selection: dict[str, object]
) -> None:
    db = tmp_path / "events.db"
    shutil.copy(ROOT / "events.db", db)
    with timeline.open(db, today=TODAY) as tl:
        flat = by_export(tl, **selection)
        assert flat == by_events(tl, **selection)
        ids = [row[0] for row in csv.reader(io.StringIO(flat))][1:]
        assert ids and ids == [str(e.id) for e in tl.store.iter_events(tl.filters(selection))]


@pytest.fixture
def tricky(tmp_path: Path) -> Timeline:
    """Every kind of row the flat path writes itself, and every kind it must not."""
    with timeline.open(tmp_path / "t.db", create=True, today=TODAY, date_order="DMY") as tl:
        tl.add("plain", when="August 2022", actors=["Iran", "Russia"], tags=["drones"],
               value=46, unit="UAV")  # fmt: skip
        tl.add("=HYPERLINK(1)", when="late 2023", notes="-5", category="+x")
        tl.add("negative", when="2023", value=-5)
        tl.add("fraction", when="2023", value=0.25)
        tl.add("line\rbreak", when="2021", quote="a\r\nb")
        tl.add("ambiguous", when="03/09/2024")
        tl.add("approximate", when="c. 2019", end_when="c. 2020")
        tl.add("ongoing", when="since early 2023", as_of="2024-10-15")
        tl.add("open start", when="by March 2024")
        tl.add("role dated", when="2023", dates={"delivered": "late 2023"})
        tl.add("@names", when="2020-05-04", actors=["'quoted", "a;b"], tags=["@t"])
        yield tl


def test_every_kind_of_row_matches_the_event_writer(tricky: Timeline) -> None:
    flat = by_export(tricky)
    assert flat == by_events(tricky)
    assert "date:delivered" in flat.splitlines()[0]
    assert "2024-09-03" in flat  # the DMY day written in ISO form, as the event writer does
    assert "'=HYPERLINK(1)" in flat and ",-5," in flat


def test_a_reference_day_cuts_the_ongoing_end_in_both(tricky: Timeline) -> None:
    with timeline.open(tricky.path, today=date(2024, 1, 31)) as earlier:
        flat = by_export(earlier)
        assert flat == by_events(earlier)
    assert "2024-01-31" in flat and "2024-01-31" not in by_export(tricky)


def test_without_role_dates_the_selection_reads_no_role_table(tricky: Timeline) -> None:
    filters = tricky.filters({"actor": "Iran"})
    assert [r[-1] for r in flat_rows(tricky.store, filters, role_dates=False)] == [0]
    dated = tricky.filters({})
    assert sum(r[-1] for r in flat_rows(tricky.store, dated)) == 1
    with pytest.raises(ValueError, match="own dates"):
        flat_rows(tricky.store, tricky.filters({"role": "delivered"}))


TEXT = st.text(st.sampled_from(list("ab ;,\"'=+-@\t\r\n/.0123456789é")), min_size=0, max_size=8)
WHEN = st.sampled_from(
    ["2023", "late 2023", "August 2022", "c. 2019", "by March 2024", "03/09/2024", "2024-02-29",
     "since early 2023", "2004-06-01/", "winter 2023", "1999-12-31"]
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(TEXT, WHEN, TEXT, st.one_of(st.none(), st.integers(-9, 9))),
                     min_size=1, max_size=6))  # fmt: skip
def test_any_events_export_as_the_event_writer_writes_them(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str, str, int | None]],
) -> None:
    db = tmp_path_factory.mktemp("flat") / "h.db"
    with timeline.open(db, create=True, today=TODAY, date_order="DMY") as tl:
        for title, when, note, value in rows:
            tl.add(title.strip() or "t", when=when, notes=note or None, value=value,
                   actors=[note.strip()] if note.strip() else [])  # fmt: skip
        for selection in ({}, {"reverse": True}, {"limit": 2}):
            assert by_export(tl, **selection) == by_events(tl, **selection)
    with timeline.open(db, today=date(2023, 6, 30)) as earlier:
        assert by_export(earlier) == by_events(earlier)
