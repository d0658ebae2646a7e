"""TimelineJS: an own export read back keeps every bound and its words; other files are read by
their `start_date`/`end_date`, recognised by content, and never stopped by free text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app

ENV_THEN = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
ENV_LATER = {"TIMELINE_TODAY": "2026-11-20", "NO_COLOR": "1"}  # the re-import, two years on
runner = CliRunner()

# Every precision and kind of date: exact, fuzzy (every sub-year grouping), spans, ongoing,
# open sides, relative forms (which need their reference day), qualifiers.
DATES = [
    "2024-09-03", "2024-W36", "late August 2022", "August 2022", "Q3 2024", "late 2023",
    "H1 2024", "spring 2023", "winter 2023", "in 2022", "2020s", "19XX", "c. 2022", "2022?",
    "c. late 2023", "July–August 2024", "late 2022 to early 2023", "2022-08/2022-09",
    "since August 2022", "late 2022 to this month", "by March 2024", "before March 2024",
    "after August 2022", "2004-06-01/", "../2006", "last month", "this September",
    "3 months ago", "Tuesday", "earlier this year", "Christmas 2023",
    "the first week of March 2024", "2023-29", "2023-30~",
]  # fmt: skip


def run(env: dict[str, str], db: Path, *args: str) -> str:
    r = runner.invoke(app, ["--db", str(db), *args], env=env)
    assert r.exit_code == 0, r.stderr
    return r.stdout_bytes.decode("utf-8")


def fails(env: dict[str, str], db: Path, *args: str) -> str:
    r = runner.invoke(app, ["--db", str(db), *args], env=env)
    assert r.exit_code == 2, r.stdout
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    return r.stderr


def dates_of(env: dict[str, str], db: Path) -> list[tuple[object, ...]]:
    return [
        (e["title"], e["when"], e["end_when"], e["start"], e["end"], e["as_of"], e["ongoing"])
        for e in json.loads(run(env, db, "export", "-f", "json"))
    ]


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("tljs") / "events.db"
    for i, when in enumerate(DATES):
        run(ENV_THEN, db, "add", f"Event {i}: {when}", "--when", when, "--as-of", "2024-10-15")
    run(ENV_THEN, db, "add", "Separate end", "--when", "late 2022", "--end", "Q1 2023")
    return db


def test_an_own_export_comes_back_with_every_bound_and_its_words(
    original: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "mine.json"
    run(ENV_THEN, original, "export", "-f", "timelinejs", "-o", str(exported))
    slides = json.loads(exported.read_text(encoding="utf-8"))["events"]
    assert len(slides) == len(DATES) + 1
    assert all("start_date" in s and s["timeline"]["when"] for s in slides)
    back = tmp_path / "back.db"
    run(ENV_LATER, back, "import", str(exported))  # today moved on: nothing may move with it
    assert dates_of(ENV_LATER, back) == dates_of(ENV_THEN, original)


def test_an_edit_in_timelinejs_wins_over_the_words(original: Path, tmp_path: Path) -> None:
    doc = json.loads(run(ENV_THEN, original, "export", "-f", "timelinejs", "-s", "Event 4:"))
    [slide] = doc["events"]  # Q3 2024, drawn 2024-07-01 … 2024-09-30
    slide["start_date"] = {"year": 2024, "month": 10}
    slide.pop("end_date", None)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    db = tmp_path / "edited.db"
    run(ENV_LATER, db, "import", str(path))
    [event] = json.loads(run(ENV_LATER, db, "export", "-f", "json"))
    assert event["when"] == "2024-10" and event["start"]["earliest"] == "2024-10-01"


FOREIGN = {
    "title": {"text": {"headline": "Cosmos &amp; us"}},
    "scale": "human",
    "events": [
        {"start_date": {"year": "2022", "month": "3"}, "display_date": "Early spring, maybe",
         "text": {"headline": "Free-text date", "text": "<p>A &amp; B<br>line two</p>"}},
        {"start_date": {"year": 2023, "month": 6, "day": 1},
         "end_date": {"year": 2023, "month": 8, "day": 31}, "display_date": "Summer 2023",
         "text": {"headline": "Display date that says the same days"}},
        {"start_date": {"year": 2024}, "display_date": "last month",
         "text": {"headline": "Relative words that say other days"}, "group": "g",
         "media": {"url": "https://example.org/m"}},
        {"start_date": {"year": 2021, "month": 5}, "end_date": {"year": 2021, "month": 7},
         "text": {"headline": "No display date"}},
    ],
}  # fmt: skip


def test_foreign_slides_take_their_dates_and_keep_the_display_text(tmp_path: Path) -> None:
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(FOREIGN), encoding="utf-8")
    db = tmp_path / "f.db"
    run(ENV_THEN, db, "import", str(path))
    events = {e["title"]: e for e in json.loads(run(ENV_THEN, db, "export", "-f", "json"))}
    free = events["Free-text date"]
    assert free["when"] == "2022-03" and free["start"]["earliest"] == "2022-03-01"
    assert free["notes"] == "A & B\nline two\n\nDisplay date: Early spring, maybe"
    same = events["Display date that says the same days"]
    assert same["when"] == "Summer 2023" and same["notes"] is None
    other = events["Relative words that say other days"]
    assert other["when"] == "2024" and other["notes"] == "Display date: last month"
    assert other["source"] == "https://example.org/m" and other["category"] == "g"
    span = events["No display date"]
    assert (span["when"], span["end_when"]) == ("2021-05", "2021-07")


def test_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    text = json.dumps(FOREIGN, indent=2)
    for name in ("slides.timelinejs", "slides.json", "slides", "slides.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        db = tmp_path / f"{name}.db"
        out = run(ENV_THEN, db, "import", str(path), "--dry-run")
        assert "4 events would be imported" in out, name
    one_line = tmp_path / "one-line"
    one_line.write_text(json.dumps({"events": FOREIGN["events"], "title": FOREIGN["title"]}))
    assert "4 events" in run(ENV_THEN, tmp_path / "x.db", "import", str(one_line), "--dry-run")
    r = runner.invoke(app, ["--db", str(tmp_path / "s.db"), "import", "-", "--dry-run"],
                      input=text, env=ENV_THEN)  # fmt: skip
    assert r.exit_code == 0 and "4 events" in r.stdout


@pytest.mark.parametrize(
    ("start", "words"),
    [
        ({"year": "-13800000000"}, "year -13800000000 is outside 1–9999; years run from 0001"),
        ({"year": 0}, "year 0 is outside 1–9999"),
        ({"year": 12000, "month": 1}, "year 12000 is outside 1–9999"),
        ({"year": "twenty"}, "year 'twenty' is not a number"),
        ({"month": 3}, "a date needs at least a year"),
    ],
)
def test_dates_outside_the_calendar_say_why(tmp_path: Path, start: object, words: str) -> None:
    doc = {"events": [{"start_date": {"year": 2022}, "text": {"headline": "fine"}},
                      {"start_date": start, "text": {"headline": "Big Bang"}}]}  # fmt: skip
    path = tmp_path / "cosmology.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    err = fails(ENV_THEN, tmp_path / "c.db", "import", str(path))
    assert "slide 2, column 'start_date'" in err and words in err, err
    assert not (tmp_path / "c.db").exists()


def test_a_slide_without_start_date_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"events": [{"text": {"headline": "x"}}]}), encoding="utf-8")
    assert "slide 1, column 'start_date': is required" in fails(
        ENV_THEN, tmp_path / "t.db", "import", str(path)
    )
