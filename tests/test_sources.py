"""Sources as records: citations with the source's words and dating, the source's day as the
reference day, conflicting sources, actor aliases, and the migration from free-text sources."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_cli_events import digest, proc, run

import timeline
from timeline.migrations import SCHEMA_VERSION
from timeline.model import Citation
from timeline.store import open_store

ARTICLE = "Reuters: Iran ships Fath-360 missiles"
TODAY = date(2024, 12, 1)


def dump(path: Path) -> list[str]:
    """Everything the file holds, as SQL (the history's undo marks aside)."""
    with sqlite3.connect(path) as conn:
        return [line for line in conn.iterdump() if 'INSERT INTO "history"' not in line]


def content(path: Path) -> list[object]:
    """The events, sources and citations as stored."""
    with sqlite3.connect(path) as conn:
        return [
            *conn.execute("SELECT * FROM events ORDER BY id"),
            *conn.execute("SELECT * FROM sources ORDER BY id"),
            *conn.execute("SELECT * FROM citations ORDER BY event_id, position"),
        ]


def record(path: Path) -> list[object]:
    """The events with their actors, and the aliases (names no event carries aside)."""
    with sqlite3.connect(path) as conn:
        return [
            *conn.execute("SELECT * FROM events ORDER BY id"),
            *conn.execute(
                "SELECT l.event_id, k.name FROM event_actors l JOIN actors k ON k.id = l.actor_id "
                "ORDER BY l.event_id, l.position"
            ),
            *conn.execute("SELECT * FROM actor_aliases ORDER BY id"),
        ]


def opened(path: Path) -> timeline.Timeline:
    return timeline.open(path, create=True, today=TODAY)


# -- the reference day, citations and their readings ------------------------------------------


def test_a_sources_published_day_reads_the_events_relative_dates(env: dict[str, str]) -> None:
    code, out, err = run("source", "add", ARTICLE, "--published", "15 October 2024",
                         "--publisher", "Reuters", "--url", "https://example.org/fath")  # fmt: skip
    assert code == 0, err
    assert "#1 Reuters: Iran ships Fath-360 missiles" in out and "published: 2024-10-15" in out
    code, out, err = run("add", "First Fath-360 shipment", "--when", "last month", "--source", "1",
                         "--quote", "Iran sent the missiles last month")  # fmt: skip
    assert code == 0, err
    assert "2024-09-01 … 2024-09-30" in out and "as of 2024-10-15" in out  # not today's month
    assert '"Iran sent the missiles last month"' in out
    code, out, _ = run("add", "Given day wins", "--when", "last month", "--source", "#1",
                       "--as-of", "2024-03-05")  # fmt: skip
    assert code == 0 and "2024-02-01 … 2024-02-29" in out
    [event] = json.loads(proc(env, "list", "--json", "-s", "Fath-360").stdout)
    assert event["source"] == ARTICLE and event["quote"] == "Iran sent the missiles last month"
    assert event["sources"] == [
        {"id": 1, "title": ARTICLE, "url": "https://example.org/fath", "published": "2024-10-15",
         "quote": "Iran sent the missiles last month", "when": None}
    ]  # fmt: skip


def test_a_title_that_names_no_source_creates_one_and_undo_removes_it(db_path: Path) -> None:
    with opened(db_path) as tl:
        tl.sources.add("Reuters", published="2024-10-15")
        first = tl.add("A", when="2024", source="Reuters")
        second = tl.add("B", when="2023", source="Le Monde", quote="en 2023")
        third = tl.add("C", when="2023", source="reuters")  # titles match as written
        assert first.citations[0].source_id == 1 and first.source == "Reuters"
        assert second.citations[0].source_id == 2 and third.source == "reuters"
        assert [s.title for s in tl.sources.all()] == ["Reuters", "Le Monde", "reuters"]
        tl.undo()
        tl.undo()
        assert [s.title for s in tl.sources.all()] == ["Reuters"]
        assert tl.count() == 1


def test_several_sources_each_with_its_words_and_dating(env: dict[str, str]) -> None:
    run("source", "add", ARTICLE, "--published", "2024-10-15")
    code, out, err = run(
        "add", "Fath-360 delivered", "--when", "September 2024",
        "--source", "1", "--quote", "last month, Iran sent", "--source-when", "last month",
        "--source", "WSJ", "--quote", "", "--source-when", "early September 2024",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("show", "1")
    assert code == 0
    assert out.index("#1 Reuters") < out.index("#2 WSJ")
    assert 'dated "last month": 2024-09-01 … 2024-09-30' in out
    assert 'dated "early September 2024": 2024-09-01 … 2024-09-10' in out
    event = json.loads(run("show", "1", "--json")[1])
    assert [(s["title"], s["quote"], s["when"]) for s in event["sources"]] == [
        (ARTICLE, "last month, Iran sent", "last month"),
        ("WSJ", None, "early September 2024"),
    ]
    assert event["source"] == ARTICLE and event["quote"] == "last month, Iran sent"
    # `list --source` matches any cited source's title, or a source by id
    for ref in ("wsj", "#2", "2", "Reuters"):
        listed = json.loads(proc(env, "list", "--json", "--source", ref).stdout)
        assert [e["id"] for e in listed] == [1], ref
    assert json.loads(proc(env, "list", "--json", "--source", "Le Monde").stdout) == []


def test_the_sql_copy_columns_follow_the_first_citation(db_path: Path) -> None:
    with opened(db_path) as tl:
        tl.sources.add("Reuters")
        tl.add("A", when="2024", citations=[{"source": "Reuters", "quote": "q"}, "Other"])
        tl.edit(1, quote="new words")
        tl.sources.edit(1, title="Reuters (wire)")
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT source, quote FROM events").fetchone()
        cited = conn.execute(
            "SELECT position, source_id, quote FROM citations ORDER BY position"
        ).fetchall()
    assert row == ("Reuters (wire)", "new words")
    assert cited == [(0, 1, "new words"), (1, 2, None)]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["add", "x", "--when", "2024", "--source", "9"], 3, "no source #9"),
        (["add", "x", "--when", "2024", "--source", "#9"], 3, "no source #9"),
        (["add", "x", "--when", "2024", "--source", "1", "--source-when", "Smarch"], 2,
         "--source-when"),
        (["add", "x", "--when", "2024", "--source-when", "2024"], 2, "--source-when"),
        (["add", "x", "--when", "2024", "--quote", "a", "--quote", "b"], 2, "--quote"),
        (["source", "add", "Y", "--published", "October 2024"], 2, "is not a day"),
        (["source", "add", "Y", "--published", "Smarch"], 2, "--published"),
        (["source", "add", " "], 2, "title cannot be empty"),
        (["source", "edit", "1", "--accessed", "2024"], 2, "is not a day"),
        (["source", "edit", "7", "--url", "https://x"], 3, "no source #7"),
        (["source", "show", "Nothing by that title"], 3, "no source titled"),
        (["source", "rm", "1"], 2, "give --force"),
        (["edit", "1", "--source", "42"], 3, "no source #42"),
        (["actors", "unalias", "Nobody"], 3, "is not an alias"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_changes_nothing(
    env: dict[str, str], db_path: Path, args: list[str], code: int, message: str
) -> None:
    run("source", "add", ARTICLE, "--published", "2024-10-15")
    run("add", "Cited", "--when", "2024", "--source", "1")
    before = digest(db_path), dump(db_path)
    p = proc(env, *args)
    assert p.returncode == code, (p.stdout, p.stderr)
    assert message in p.stderr and len(p.stderr.strip().splitlines()) == 1
    assert "Traceback" not in p.stderr
    assert (digest(db_path), dump(db_path)) == before


def test_bad_source_input_creates_no_database(env: dict[str, str], db_path: Path) -> None:
    assert proc(env, "source", "add", "X", "--published", "soon").returncode == 2
    assert proc(env, "add", "x", "--when", "2024", "--source", "S", "--source-when", "x").returncode
    assert not db_path.exists()


# -- source commands, history and undo ------------------------------------------------------


def test_source_list_show_edit_and_rm_with_undo(env: dict[str, str], db_path: Path) -> None:
    run("source", "add", ARTICLE, "--published", "2024-10-15", "--note", "The wire story.")
    run("add", "Shipment", "--when", "last month", "--source", "1", "--source-when", "last week")
    run("add", "Other", "--when", "2023", "--source", "1", "--source", "Other paper")
    code, out, _ = run("source", "list")
    assert code == 0
    assert "#1  2024-10-15     2 events  Reuters: Iran ships Fath-360 missiles" in out
    assert "#2  -               1 event  Other paper" in out
    listed = json.loads(run("source", "list", "--json")[1])
    assert [(s["id"], s["events"], s["notes"]) for s in listed] == [
        (1, 2, "The wire story."),
        (2, 1, None),
    ]
    code, out, _ = run("source", "show", "reuters: iran ships fath-360 missiles")
    assert code == 0 and "cited by:  2 events" in out and "Shipment" in out and "Other" in out
    assert json.loads(run("source", "show", "1", "--json")[1])["cited_by"] == [2, 1]

    before = content(db_path)
    code, out, err = run("source", "edit", "1", "--published", "2024-11-20", "--note", "")
    assert code == 0, err
    assert "published: 2024-11-20" in out and "notes" not in out
    shown = run("show", "1")[1]
    assert 'dated "last week": 2024-11-11 … 2024-11-17' in shown  # read again against the day
    assert "2024-09-01 … 2024-09-30" in shown  # the event's own date is as it was read
    assert run("undo")[0] == 0
    assert content(db_path) == before

    code, out, _ = run("source", "rm", "1", "--force")
    assert code == 0 and "its citations in 2 events" in out
    event = json.loads(run("show", "2", "--json")[1])
    assert event["source"] == "Other paper" and [s["id"] for s in event["sources"]] == [2]
    assert json.loads(run("show", "1", "--json")[1])["sources"] == []
    assert run("undo")[0] == 0
    assert content(db_path) == before


def test_history_names_the_changes_to_sources(env: dict[str, str]) -> None:
    run("source", "add", "S", "--published", "2024-10-15")
    run("add", "A", "--when", "2024", "--source", "1")
    run("edit", "1", "--source", "T")
    run("source", "edit", "1", "--publisher", "P")
    entries = json.loads(run("log", "--json")[1])
    assert [e["action"] for e in entries] == ["edit-source", "edit", "add", "add-source"]
    assert entries[1]["after"]["created_sources"] == [2]
    code, out, _ = run("log")
    assert code == 0
    assert "[changed: source, citations]" in out
    for _ in range(4):
        assert run("undo")[0] == 0
    assert json.loads(run("source", "list", "--json")[1]) == []


# -- conflicting sources ----------------------------------------------------------------------


def test_conflicts_lists_events_whose_sources_disagree(env: dict[str, str]) -> None:
    run("source", "add", "Wire", "--published", "2024-10-15")
    run("source", "add", "Weekly", "--published", "2024-10-20")
    run("add", "Agree", "--when", "September 2024",
        "--source", "1", "--source-when", "last month",
        "--source", "2", "--source-when", "in September")  # fmt: skip
    run("add", "Disagree with each other", "--when", "2024",
        "--source", "1", "--source-when", "last week",
        "--source", "2", "--source-when", "this week")  # fmt: skip
    run("add", "Disagree with the event", "--when", "August 2024",
        "--source", "1", "--source-when", "last month", "-a", "Iran")  # fmt: skip
    code, out, err = run("conflicts")
    assert code == 0, err
    assert "Agree  (" not in out
    assert "Disagree with each other" in out and "Disagree with the event" in out
    assert "2 events whose sources conflict" in out
    assert 'dated "last month": 2024-09-01 … 2024-09-30  <- outside the event\'s date' in out
    found = json.loads(run("conflicts", "--json", "-a", "iran")[1])
    assert [c["event"]["title"] for c in found] == ["Disagree with the event"]
    [reading] = found[0]["readings"]
    assert reading["fits_event"] is False and reading["earliest"] == "2024-09-01"
    assert run("conflicts", "-a", "China")[1:] == ("", "no events whose sources conflict\n")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.integers(0, 20),
            st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_conflicts_are_exactly_the_events_with_readings_that_do_not_overlap(
    tmp_path_factory: pytest.TempPathFactory,
    events: list[tuple[int, int, list[tuple[int, int]]]],
) -> None:
    path = tmp_path_factory.mktemp("c") / "c.db"
    base = date(2024, 1, 1).toordinal()

    def day(n: int) -> str:
        return date.fromordinal(base + n).isoformat()

    expected = []
    with opened(path) as tl:
        for number, (start, length, readings) in enumerate(events, start=1):
            citations = [
                {"source": f"S{i}", "when": f"{day(a)} to {day(a + n)}"}
                for i, (a, n) in enumerate(readings)
            ]
            when = f"{day(start)} to {day(start + length)}" if length else day(start)
            tl.add(f"E{number}", when=when, citations=citations)
            spans = [(start, start + length), *((a, a + n) for a, n in readings)]
            if readings and any(
                x[1] < y[0] or y[1] < x[0] for i, x in enumerate(spans) for y in spans[i + 1 :]
            ):
                expected.append(f"E{number}")
        found = tl.conflicts()
    assert sorted(c.event.title for c in found) == sorted(expected)


# -- actor aliases ----------------------------------------------------------------------------


def test_aliases_map_to_their_actor_in_filters_add_and_import(
    env: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    run("add", "Before the alias", "--when", "2022", "-a", "US", "-a", "Ukraine")
    run("add", "Already both", "--when", "2022", "-a", "U.S.", "-a", "United States")
    before = record(db_path)
    code, out, err = run("actors", "alias", "United States", "US", "USA", "U.S.")
    assert code == 0, err
    assert "alias US -> United States" in out
    code, out, _ = run("actors")
    assert "United States  (also: U.S., US, USA)" in out and "    2  United States" in out
    assert json.loads(run("actors", "--json")[1])[0] == {
        "name": "United States", "events": 2, "aliases": ["U.S.", "US", "USA"]
    }  # fmt: skip
    assert json.loads(run("show", "1", "--json")[1])["actors"] == ["United States", "Ukraine"]
    assert json.loads(run("show", "2", "--json")[1])["actors"] == ["United States"]
    run("add", "Typed as an alias", "--when", "2023", "-a", "usa")
    csv = tmp_path / "in.csv"
    csv.write_text("title,when,actors\nImported,2024,u.s.;Russia\n", encoding="utf-8")
    assert run("import", str(csv))[0] == 0
    listed = json.loads(proc(env, "list", "--json", "-a", "Us").stdout)
    assert [e["title"] for e in listed] == [
        "Before the alias", "Already both", "Typed as an alias", "Imported"
    ]  # fmt: skip
    assert all(e["actors"][0] == "United States" for e in listed)
    code, _, err = run("actors", "alias", "Russia", "US")
    assert code == 2 and "already an alias of 'United States'" in err
    for _ in range(2):  # the import and the add
        run("undo")
    for _ in range(3):  # each alias, the first one moving the events back
        assert run("undo")[0] == 0
    assert record(db_path) == before


def test_unalias_keeps_the_events_with_the_actor(env: dict[str, str]) -> None:
    run("actors", "alias", "Iran", "IRI")
    run("add", "A", "--when", "2023", "-a", "IRI")
    code, out, _ = run("actors", "unalias", "iri")
    assert code == 0 and "removed alias IRI of Iran" in out
    assert json.loads(run("show", "1", "--json")[1])["actors"] == ["Iran"]
    assert json.loads(proc(env, "list", "--json", "-a", "IRI").stdout) == []


# -- import, export and the migration --------------------------------------------------------


def test_import_cites_sources_by_title_and_reads_their_days(db_path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "in.csv"
    # 9000 rows: past the forked reader and bulk mode
    rows = "".join(f"Event {i},last month,{'Wire' if i % 2 else 'Weekly'},words {i}\n"
                   for i in range(9000))  # fmt: skip
    csv.write_text("title,when,source,quote\n" + rows, encoding="utf-8")
    with opened(db_path) as tl:
        tl.sources.add("Wire", published="2024-10-15")
        assert tl.import_(csv) == 9000
        sources = tl.sources.all()
        assert [(s.title, s.events) for s in sources] == [("Wire", 4500), ("Weekly", 4500)]
        wire = tl.get(2)
        assert wire.source == "Wire" and wire.as_of == date(2024, 10, 15)
        assert (wire.start.earliest, wire.start.latest) == (date(2024, 9, 1), date(2024, 9, 30))
        weekly = tl.get(1)
        assert weekly.as_of == TODAY and weekly.start.earliest == date(2024, 11, 1)
        assert weekly.citations[0].quote == "words 0"
        assert tl.count(source="weekly") == 4500
        tl.undo()
        assert [s.title for s in tl.sources.all()] == ["Wire"] and tl.count() == 0


def test_json_export_and_import_keep_every_citation(db_path: Path, tmp_path: Path) -> None:
    with opened(db_path) as tl:
        tl.sources.add("Wire", published="2024-10-15", url="https://example.org/w")
        tl.add("A", when="September 2024", citations=[
            {"source": "Wire", "quote": "last month", "when": "last month"},
            {"source": "Weekly", "when": "early September 2024"},
        ])  # fmt: skip
        tl.add("B", when="2023", source="Weekly", quote="in 2023")
        tl.export("json", tmp_path / "out.json")
        original = [e.to_json() for e in tl.events()]
    with opened(tmp_path / "copy.db") as copy:
        assert copy.import_(tmp_path / "out.json") == 2
        again = [e.to_json() for e in copy.events()]
        assert [(s.title, s.url, s.published, s.events) for s in copy.sources.all()] == [
            ("Weekly", None, None, 2),  # created in file order: B (2023) comes first
            ("Wire", "https://example.org/w", date(2024, 10, 15), 1),
        ]
        [a] = [e for e in copy.events() if e.title == "A"]
        assert [(c.earliest, c.latest) for c in a.citations] == [
            (date(2024, 9, 1), date(2024, 9, 30)),
            (date(2024, 9, 1), date(2024, 9, 10)),
        ]
    for e in (*original, *again):
        for key in ("id", "created_at", "updated_at"):
            e.pop(key)
        for cited in e["sources"]:  # type: ignore[attr-defined]
            cited.pop("id")
    assert again == original


def test_csv_export_keeps_the_first_citation_as_source_and_quote(
    db_path: Path, tmp_path: Path
) -> None:
    with opened(db_path) as tl:
        tl.add("A", when="2024", citations=[{"source": "One", "quote": "q1"}, "Two"])
        tl.export("csv", tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert re.match(r"1,[0-9a-f-]{36},A,2024,,,,,One,q1,", text.splitlines()[1])


SCHEMA_7 = """
DROP TABLE citations; DROP TABLE sources; DROP TABLE actor_aliases;
DROP INDEX events_uuid; DROP INDEX claims_uuid;
ALTER TABLE events DROP COLUMN uuid; ALTER TABLE claims DROP COLUMN uuid;
DELETE FROM _sqlite_migrations WHERE name IN ('m008_sources_citations_aliases', 'm009_uuids');
PRAGMA user_version = 7;
"""


def test_schema_7_free_text_sources_become_records_and_citations(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with opened(path) as tl:
        tl.add("A", when="2022", source="Article", quote="first words")
        tl.add("B", when="2023", source="https://example.org/report")
        tl.add("C", when="2024", source="Article", quote="other words")
        tl.add("D", when="2024", quote="a quote without a source")
        tl.add("E", when="2024")
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_7)
        before = conn.execute("SELECT id, source, quote FROM events ORDER BY id").fetchall()
    with opened(path) as tl:
        assert tl.info().schema == SCHEMA_VERSION
        assert [(s.id, s.title, s.url, s.events) for s in tl.sources.all()] == [
            (1, "Article", None, 2),
            (2, "https://example.org/report", "https://example.org/report", 1),
        ]
        cited = {e.id: [(c.source_id, c.quote) for c in e.citations] for e in tl.events()}
        assert cited == {1: [(1, "first words")], 2: [(2, None)], 3: [(1, "other words")],
                         4: [], 5: []}  # fmt: skip
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT id, source, quote FROM events ORDER BY id").fetchall() == before
    store = open_store(path, create=False)
    assert store.integrity_problems() == []
    store.close()


def test_the_bundled_chronology_cites_its_sources() -> None:
    bundled = Path(__file__).parents[1] / "events.db"
    with timeline.open(bundled, today=date(2024, 10, 15)) as tl:
        sources = tl.sources.all()
        assert [(s.id, s.published) for s in sources] == [
            (1, date(2024, 10, 15)), (2, date(2022, 12, 23)), (3, date(2024, 4, 23))
        ]  # fmt: skip
        assert [s.events for s in sources] == [18, 1, 1]  # #6 cites the article and its Act
        [conflict] = tl.conflicts()
        assert conflict.event.id == 6
        assert [(r.citation.source_id, r.fits) for r in conflict.readings] == [
            (2, True),
            (1, False),
        ]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_sources_carries_every_source_record(
    db_path: Path, tmp_path: Path, fmt: str
) -> None:
    with opened(db_path) as tl:
        tl.sources.add("Wire", published="2024-10-15", publisher="Example Wire",
                       accessed="2024-10-20", archived_url="https://archive.example/w",
                       notes="The overnight story.")  # fmt: skip
        tl.sources.add("Uncited")
        tl.add("A", when="last month", source="Wire", quote="last month")
        tl.export(fmt, tmp_path / f"out.{fmt}", sources=True, claims=True)
        kept = [s.to_json() for s in tl.sources.all()]
    text = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    assert re.search(r'"source": \{"id": 2, "uuid": "[0-9a-f-]{36}", "title": "Uncited"', text)
    with timeline.open(tmp_path / "copy.db", create=True, today=date(2026, 1, 1)) as copy:
        copy.sources.add("Uncited", notes="Already here, kept as it is.")
        assert copy.import_(tmp_path / f"out.{fmt}") == 1
        [event] = copy.events()
        # the file's source day reads "last month", not the importing day
        assert event.as_of == date(2024, 10, 15) and event.earliest == date(2024, 9, 1)
        got = {s.title: s.to_json() for s in copy.sources.all()}
        assert got["Uncited"]["notes"] == "Already here, kept as it is."
        for key in ("id", "created_at", "updated_at"):
            got["Wire"].pop(key), kept[0].pop(key)
        assert got["Wire"] == kept[0]
        assert "1 events from" in copy.history(1)[0].summary
        copy.undo()
        assert [s.title for s in copy.sources.all()] == ["Uncited"]


def test_sources_flag_goes_with_json_only(env: dict[str, str]) -> None:
    run("add", "A", "--when", "2024")
    code, _, err = run("export", "-f", "csv", "--sources")
    assert code == 2 and "--sources goes with -f json or jsonl" in err


def test_a_source_of_only_white_space_cites_nothing_and_a_blank_citation_is_refused(
    env: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    """Export wrote a source titled ' ' that no import would read back: white space alone, as
    typed or in a CSV cell, cites nothing (like an empty cell); a citation given as such with
    a blank title is refused."""
    assert run("init")[0] == 0
    code, _, err = run("add", "X", "--when", "2024", "--source", " ")
    assert code == 0, err
    blank = tmp_path / "ws.csv"
    blank.write_text("title,when,source\nA,2024,\u2028\n")
    assert run("import", str(blank))[0] == 0
    with timeline.open(db_path) as tl:
        assert [e.citations for e in tl.events()] == [(), ()]
        assert tl.sources.all() == []
        before = db_path.read_bytes()
        with pytest.raises(timeline.TimelineError, match="white space"):
            tl.add("Y", when="2024", citations=[Citation(" ")])
    assert db_path.read_bytes() == before
