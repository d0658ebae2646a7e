"""The Python API (`timeline.open`, `Timeline`), used directly on a real SQLite file."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

import timeline
from timeline.api import Timeline
from timeline.errors import NoDatabase, NotFoundError, UsageError

TODAY = date(2024, 10, 15)


@pytest.fixture
def tl(tmp_path: Path) -> Timeline:
    with timeline.open(tmp_path / "aid.db", create=True, today=TODAY) as opened:
        opened.add("Iran sends 46 Shahed drones", when="August 2022", actors=["Iran", "Russia"],
                   tags=["drones"], value=46, unit="UAV")  # fmt: skip
        opened.add("Hwasong-11 shipments", when="late 2023", actors=["North Korea"])
        opened.add("Fath-360 shipment", when="last month", actors=["Iran"], category="missiles")
        yield opened


def test_the_package_offers_the_api_by_name() -> None:
    assert timeline.open is timeline.api.open
    assert timeline.Timeline is Timeline
    assert issubclass(timeline.NotFoundError, timeline.TimelineError)
    assert set(timeline.__all__) <= set(dir(timeline))
    with pytest.raises(AttributeError):
        _ = timeline.no_such_name  # type: ignore[attr-defined]


def test_add_reads_the_date_against_today_and_returns_the_stored_event(tl: Timeline) -> None:
    fath = tl.get("#3")
    assert (fath.earliest, fath.latest) == (date(2024, 9, 1), date(2024, 9, 30))
    assert fath.as_of == TODAY and fath.category == "missiles"
    assert tl.get(1).value == 46 and tl.get("1").actors == ("Iran", "Russia")


def test_events_take_the_selection_as_typed(tl: Timeline) -> None:
    assert [e.id for e in tl.events(actor="iran")] == [1, 3]
    assert [e.id for e in tl.events(actor=["North Korea", "Russia"])] == [1, 2]
    assert [e.id for e in tl.events(from_="2023", to="2023")] == [2]
    assert [e.id for e in tl.events(category="MISSILES")] == [3]
    assert [e.id for e in tl.events(search="shahed")] == [1]
    assert [e.id for e in tl.events(limit=1, reverse=True)] == [3]
    assert tl.count(tag="drones") == 1
    with pytest.raises(UsageError, match="unknown selection 'colour'"):
        list(tl.events(colour="red"))


def test_gaps_between_and_thresholds(tl: Timeline) -> None:
    report = tl.gaps(top=1)
    gap = report.gaps[0]
    assert (gap.before and gap.before.id, gap.after and gap.after.id) == (1, 2)
    assert gap.before is not None and gap.before.title == "Iran sends 46 Shahed drones"
    assert (gap.min_days, gap.max_days) == (366, 517)
    marked = tl.gaps(at_least="14 months")
    assert marked.certain == [False]
    found = tl.between("#1", "late 2023", at_least="1 year")
    assert (found.span.min_days, found.span.max_days) == (366, 517)
    assert found.answer is not None and found.answer.verdict == "yes"
    by_actor = tl.gaps(by="actor", as_of="2024-10-15")
    assert {g.group for g in by_actor.gaps} >= {"Iran", "North Korea"}


def test_edit_rm_undo_and_history(tl: Timeline) -> None:
    edited = tl.edit(2, when="December 2023", tags=["missiles"])
    assert edited.earliest == date(2023, 12, 1) and edited.tags == ("missiles",)
    assert tl.edit(2, tags=[]).tags == ()
    gone = tl.rm(1, "#3")
    assert [e.id for e in gone] == [1, 3] and tl.count() == 1
    assert tl.undo().action == "delete" and tl.count() == 3
    assert [h.action for h in tl.history(3)] == ["delete", "edit", "edit"]
    with pytest.raises(NotFoundError):
        tl.get(99)
    with pytest.raises(UsageError, match="unknown field 'colour'"):
        tl.add("x", when="2024", colour="red")


def test_stats_chart_names_and_info(tl: Timeline) -> None:
    rows = tl.stats(by="year", sums=True)
    assert [(r.period, r.events) for r in rows] == [("2022", 1), ("2023", 1), ("2024", 1)]
    assert rows[0].sums == {"UAV": 46}
    layout = tl.chart(by="actor")
    assert [lane.name for lane in layout.lanes] == ["Iran", "Russia", "North Korea"]
    assert tl.names("actor")[0] == ("Iran", 2)
    info = tl.info()
    assert (info.events, info.schema) == (3, tl.store.schema_version())


def test_export_to_a_stream_and_to_a_file_then_import_it_back(tl: Timeline, tmp_path: Path) -> None:
    out = io.StringIO()
    tl.export("json", out, actor="Iran")
    assert [e["id"] for e in json.loads(out.getvalue())] == [1, 3]
    target = tmp_path / "all.csv"
    tl.export("csv", target)
    with timeline.open(tmp_path / "copy.db", create=True, today=TODAY) as other:
        assert other.import_(target) == 3
        assert [e.title for e in other.events()] == [e.title for e in tl.events()]
        assert other.import_(io.BytesIO(target.read_bytes()), dry_run=True) == 3
    with pytest.raises(UsageError, match="over the database"):
        tl.export("csv", tl.path)


def test_a_question_without_ids_opens_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with timeline.open(missing, today=TODAY) as tl:
        assert tl.between("December 2023", "April 2024").span.min_days == 92
        with pytest.raises(NoDatabase):
            tl.count()
    assert not missing.exists()


def test_parse_reads_like_the_command() -> None:
    when = timeline.parse("last month", as_of="2024-10-15")
    assert (when.earliest, when.latest, when.precision) == (
        date(2024, 9, 1), date(2024, 9, 30), "month",
    )  # fmt: skip
    with pytest.raises(timeline.DateError):
        timeline.parse("Smarch 2023")


def test_writes_go_to_a_real_sqlite_file(tl: Timeline) -> None:
    tl.close()
    with sqlite3.connect(tl.path) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3
