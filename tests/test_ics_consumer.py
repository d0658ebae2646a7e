"""The ICS export read by the `icalendar` package: a named calendar of transparent all-day
events whose dates, revision data and text are what the chronology says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app

icalendar = pytest.importorskip("icalendar")

ROOT = Path(__file__).resolve().parents[1]
SEED_ROWS = (
    len((ROOT / "fixtures" / "seed-article.csv").read_text(encoding="utf-8").splitlines()) - 1
)
"""The events of the bundled fixture (one a row, after the header)."""
ENV = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
runner = CliRunner()


def run(db: Path, *args: str) -> str:
    r = runner.invoke(app, ["--db", str(db), *args], env=ENV)
    assert r.exit_code == 0, r.stderr
    return r.stdout_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    db = tmp_path_factory.mktemp("ics") / "events.db"
    run(db, "import", str(ROOT / "fixtures" / "seed-article.csv"))
    run(db, "add", "Plan, with; commas \\ and\nlines", "--when", "by March 2024", "--as-of",
        "2024-10-15")  # fmt: skip
    run(db, "edit", "1", "--note", "edited once")
    text = run(db, "export", "-f", "ics", "--title", "Aid to Russia, 2022–2024")
    return icalendar.Calendar.from_ical(text), db


def test_the_calendar_is_named_by_the_title(calendar: tuple[object, Path]) -> None:
    cal, _ = calendar
    assert str(cal.get("X-WR-CALNAME")) == "Aid to Russia, 2022–2024"  # type: ignore[attr-defined]
    assert str(cal.get("VERSION")) == "2.0"  # type: ignore[attr-defined]


def test_every_event_is_transparent_all_day_and_revisioned(calendar: tuple[object, Path]) -> None:
    cal, _ = calendar
    events = list(cal.walk("VEVENT"))  # type: ignore[attr-defined]
    assert len(events) == SEED_ROWS + 1
    for ev in events:
        assert str(ev.get("TRANSP")) == "TRANSPARENT"
        start = ev.decoded("DTSTART")
        assert isinstance(start, date) and not isinstance(start, datetime)
        modified, stamp = ev.decoded("LAST-MODIFIED"), ev.decoded("DTSTAMP")
        assert isinstance(modified, datetime) and modified.tzinfo is not None
        assert modified == stamp and modified.utcoffset() == timedelta(0)
        assert isinstance(ev.decoded("SEQUENCE"), int) and ev.decoded("SEQUENCE") >= 0
    by_title = {str(ev.get("SUMMARY")): ev for ev in events}
    year = by_title["North Korea begins selling artillery shells and rockets to Russia"]
    assert year.decoded("DTSTART") == date(2022, 1, 1)
    assert year.decoded("DTEND") == date(2023, 1, 1)  # exclusive: all of 2022, and free time
    edited = [ev for ev in events if ev.decoded("SEQUENCE") > 0]
    assert len(edited) <= 1  # only the edited one moved on (when the edit took a second or more)
    plan = by_title["Plan, with; commas \\ and lines".replace(" lines", "\nlines")]
    assert plan.decoded("DTSTART") == date(2024, 3, 31)
    description = str(plan.get("DESCRIPTION"))
    assert "Date: by March 2024" in description and "Bounds: … 2024-03-31" in description


def test_relative_dates_say_their_resolved_days(calendar: tuple[object, Path]) -> None:
    cal, _ = calendar
    for ev in cal.walk("VEVENT"):  # type: ignore[attr-defined]
        if "Date: last month" in str(ev.get("DESCRIPTION")):
            assert "Bounds: 2024-09-01 … 2024-09-30" in str(ev.get("DESCRIPTION"))
            assert ev.decoded("DTSTART") == date(2024, 9, 1)
            break
    else:
        raise AssertionError("no 'last month' event")


def test_sequence_grows_with_an_edit(tmp_path: Path) -> None:
    from timeline.dates import parse_when
    from timeline.model import Event
    from timeline.render.ics import sequence

    start = parse_when("2024", today=date(2024, 1, 1)).start
    made = datetime(2024, 1, 1, tzinfo=UTC)
    first = Event(
        id=1,
        title="a",
        when="2024",
        start=start,
        created_at=made.isoformat(),
        updated_at=made.isoformat(),
    )
    later = (made + timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    edited = Event(
        id=1, title="a", when="2024", start=start, created_at=first.created_at, updated_at=later
    )
    assert sequence(first) == 0 and sequence(edited) == 7200
    shifted = Event(id=1, title="a", when="2024", start=start,
                    created_at="2024-01-01T02:00:00+02:00",
                    updated_at="2024-01-01T00:00:01Z")  # fmt: skip
    assert sequence(shifted) == 1  # zones are honoured
