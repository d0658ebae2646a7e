"""`timeline merge`: two analysts' files combined by UUID, conflicts reported field by field, one
transaction and one undo, and the other file never changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_cli_events import digest, proc, run
from tests.test_robust_opening import WAL_CASES, _with_pending_wal

import timeline
from robust_helpers import one_line_error, seed
from timeline.model import Citation
from timeline.store.merge_report import MergeReport

TABLES = ("events", "event_actors", "event_tags", "actors", "tags", "citations", "sources",
          "claims", "actor_aliases", "event_dates")  # fmt: skip


def opened(path: Path) -> timeline.Timeline:
    return timeline.open(path, create=True, today=date(2024, 10, 15))


def state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row a user's record is made of (the history and the clock's `*_at` stamps aside:
    two merges a second apart stamp their rows differently), to compare databases with."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for t in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            kept = ", ".join(f'"{c}"' for c in cols if not c.endswith("_at")) or "*"
            out[t] = sorted(conn.execute(f"SELECT {kept} FROM {t}").fetchall(), key=repr)
        return out
    finally:
        conn.close()


def history_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM history").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def ours_and_theirs(tmp_path: Path) -> tuple[Path, Path]:
    """Our database, and a colleague's copy of it that has moved on."""
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    with opened(ours) as tl:
        tl.add("Iran sends Shahed drones", when="August 2022", actors=["Iran"], source="Wire")
        tl.add("Hwasong-11 missiles arrive", when="late 2023", actors=["North Korea"])
        tl.add("Congress passes aid", when="2024-04-24", category="us-aid", source="Wire")
    shutil.copy(ours, theirs)
    with opened(theirs) as tl:
        tl.edit(2, when="December 2023", notes="Reported by Reuters")
        added = tl.add("Fath-360 shipment", when="last month", as_of="2024-10-15", source="Paper")
        check = tl.check.count(within="September 2024", count="one")
        tl.claims.record(check, {"kind": "count", "claim": "one", "within": "September 2024",
                                 "a": f"#{added.id}"})  # fmt: skip
    return ours, theirs


def test_new_events_are_added_the_same_skipped_and_conflicts_reported_and_kept(
    ours_and_theirs: tuple[Path, Path],
) -> None:
    ours, theirs = ours_and_theirs
    before = state(ours)
    with opened(ours) as tl:
        report = tl.merge(theirs)
        assert (report.events.added, report.events.same, report.events.conflicts) == (1, 2, 1)
        [conflict] = report.conflicts
        assert (conflict.kind, conflict.id, conflict.taken) == ("event", 2, "ours")
        assert [d.field for d in conflict.differences] == ["when", "notes"]
        assert conflict.differences[0].ours == "late 2023"
        assert conflict.differences[0].theirs == "December 2023"
        assert tl.get(2).when == "late 2023"  # left as it is here
        [new] = [e for e in tl.events() if e.title == "Fath-360 shipment"]
        assert new.id == report.first_id == report.last_id == 4
        assert new.earliest == date(2024, 9, 1) and new.source == "Paper"
        assert report.sources.added == 1 and report.sources.same == 1
        [claim] = tl.claims.all()
        assert claim.a == "#4"  # their anchor, renumbered to our id
        assert report.claims.added == 1
        tl.undo()
    assert state(ours) == before


def test_prefer_theirs_takes_their_fields_and_one_undo_puts_ours_back(
    ours_and_theirs: tuple[Path, Path],
) -> None:
    ours, theirs = ours_and_theirs
    before = state(ours)
    with opened(ours) as tl:
        report = tl.merge(theirs, prefer="theirs")
        assert report.conflicts[0].taken == "theirs"
        taken = tl.get(2)
        assert (taken.when, taken.notes, taken.earliest) == (
            "December 2023", "Reported by Reuters", date(2023, 12, 1))  # fmt: skip
        with opened(theirs) as other:
            assert taken.uuid == other.get(2).uuid
        again = tl.merge(theirs)  # a merge done twice adds nothing and finds no conflict
        assert (again.events.added, again.events.conflicts, again.changed) == (0, 0, False)
        [entry, *_] = tl.history()
        assert entry.action == "merge" and str(theirs) in entry.summary
        tl.undo()
    assert state(ours) == before


def test_a_dry_run_reports_exactly_what_the_merge_does_and_writes_nothing(
    ours_and_theirs: tuple[Path, Path],
) -> None:
    ours, theirs = ours_and_theirs
    before, entries = digest(ours), history_count(ours)
    with opened(ours) as tl:
        dry = tl.merge(theirs, prefer="theirs", dry_run=True)
    assert digest(ours) == before and history_count(ours) == entries
    with opened(ours) as tl:
        real = tl.merge(theirs, prefer="theirs")
    assert dry.dry_run and not real.dry_run
    assert {**dry.to_json(), "dry_run": False} == real.to_json()
    assert history_count(ours) == entries + 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_an_export_merges_as_its_database_does(
    ours_and_theirs: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    ours, theirs = ours_and_theirs
    out = tmp_path / f"theirs.{fmt}"
    with opened(theirs) as tl:
        tl.export(fmt, out, **({"claims": True, "sources": True} if fmt != "csv" else {}))
    copy = tmp_path / "copy.db"
    shutil.copy(ours, copy)
    with opened(copy) as tl:
        from_db = tl.merge(theirs)
    with opened(ours) as tl:
        from_file = tl.merge(out)
    assert from_file.events == from_db.events
    assert [c.to_json() for c in from_file.conflicts] == [c.to_json() for c in from_db.conflicts]
    merged, expected = state(ours), state(copy)
    if fmt == "csv":  # CSV holds events only: no claims, and sources made from the citations
        assert from_file.claims.added == 0 and merged["claims"] == []
        merged = {k: v for k, v in merged.items() if k not in ("sources", "claims")}
        expected = {k: v for k, v in expected.items() if k not in ("sources", "claims")}
    else:
        assert from_file.claims == from_db.claims and from_file.sources == from_db.sources
    assert merged == expected


def test_same_title_bounds_and_source_under_another_uuid_is_a_possible_duplicate(
    tmp_path: Path,
) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    with opened(ours) as tl:
        mine = tl.add("Iran sends Shahed drones", when="August 2022", source="Wire")
    with opened(theirs) as tl:  # entered separately: another UUID, the same facts
        tl.add("Iran sends Shahed drones", when="2022-08", source="Wire")
        tl.add("Iran sends Shahed drones", when="2022", source="Wire")  # other bounds
    with opened(ours) as tl:
        report = tl.merge(theirs)
        assert report.events.added == 2
        [dupe] = report.duplicates
        assert dupe.like == mine.id and tl.get(dupe.id).when == "2022-08"


def test_sources_match_by_uuid_even_when_retitled_and_their_citations_land_on_ours(
    tmp_path: Path,
) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    with opened(ours) as tl:
        tl.add("A", when="2023", source="Kyiv Independent")
    shutil.copy(ours, theirs)
    with opened(theirs) as tl:
        tl.sources.edit(1, title="The Kyiv Independent", url="https://kyivindependent.com")
        tl.add("B", when="2024", source="#1")
    before = state(ours)
    with opened(ours) as tl:
        report = tl.merge(theirs)
        [conflict] = report.conflicts
        assert conflict.kind == "source"
        assert {d.field for d in conflict.differences} == {"title", "url"}
        [b] = [e for e in tl.events() if e.title == "B"]
        assert b.citations[0].source_id == 1 and b.source == "Kyiv Independent"
        assert len(tl.sources.all()) == 1
        tl.undo()
        assert state(ours) == before
        tl.merge(theirs, prefer="theirs")
        assert {e.source for e in tl.events()} == {"The Kyiv Independent"}
        tl.undo()
    assert state(ours) == before


def test_aliases_merge_by_name_moving_events_and_a_clash_is_kept_ours(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    with opened(ours) as tl:
        tl.add("Drones seen", when="2022", actors=["IRGC"])
        tl.alias("Iran", "Tehran")
    with opened(theirs) as tl:
        tl.alias("Iran", "IRGC")
        tl.alias("Iranian government", "Tehran")
    before = state(ours)
    with opened(ours) as tl:
        report = tl.merge(theirs)
        assert (report.aliases.added, report.aliases.conflicts) == (1, 1)
        assert tl.aliases() == {"Iran": ["IRGC", "Tehran"]}
        assert tl.get(1).actors == ("Iran",)
        [clash] = [c for c in report.conflicts if c.kind == "alias"]
        assert clash.title == "Tehran" and clash.differences[0].ours == "Iran"
        tl.undo()
    assert state(ours) == before


def test_a_uuid_twice_in_the_other_file_changes_nothing(tmp_path: Path) -> None:
    ours, out = tmp_path / "ours.db", tmp_path / "twice.json"
    with opened(ours) as tl:
        tl.add("A", when="2023")
    one = {"uuid": "0b5d8a3e-95a4-4c4e-8f0a-0f7d6f3c1a2b", "title": "B", "when": "2024"}
    out.write_text(json.dumps([one, {**one, "title": "C"}]))
    before = digest(ours)
    with opened(ours) as tl, pytest.raises(timeline.TimelineError, match="in the file twice"):
        tl.merge(out)
    assert digest(ours) == before


# -- the command line ------------------------------------------------------------------


def test_the_command_reports_in_text_and_json(
    ours_and_theirs: tuple[Path, Path], env: dict[str, str]
) -> None:
    ours, theirs = ours_and_theirs
    code, out, err = run("--db", str(ours), "merge", str(theirs), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (f"{theirs}: 1 event added (#4), 2 the same, 1 in conflict (ours kept) "
                        "(dry run; nothing written)")  # fmt: skip
    assert lines[1].startswith("sources: 1 added, 1 the same, 0 in conflict; claims: 1 added")
    assert lines[2] == ('conflict, event #2 "Hwasong-11 missiles arrive" (ours kept): when: ours '
                        '"late 2023", theirs "December 2023"; notes: ours null, theirs '
                        '"Reported by Reuters"')  # fmt: skip
    done = proc(env, "--db", str(ours), "merge", str(theirs), "--json", "--prefer", "theirs")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["events"] == {"added": 1, "same": 2, "conflicts": 1}
    assert data["conflicts"][0]["taken"] == "theirs" and data["first_id"] == 4
    code, out, _ = run("--db", str(ours), "undo")
    assert code == 0 and "undid merge" in out


def test_bad_input_is_one_line_and_changes_nothing(
    ours_and_theirs: tuple[Path, Path], tmp_path: Path, env: dict[str, str]
) -> None:
    ours, theirs = ours_and_theirs
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "A", "when": "Smarch 2023"}]')
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "A", "when": "2023"}\n{"title": \n')
    tljs = tmp_path / "story.json"
    tljs.write_text(
        json.dumps({"events": [{"start_date": {"year": 2023}, "text": {"headline": "A"}}]})
    )
    cases = {
        (str(ours),): 2,  # itself
        (str(tmp_path / "missing.db"),): 2,
        (str(bad),): 2,
        (str(broken),): 2,
        (str(tljs),): 2,
        (str(theirs), "--prefer", "mine"): 2,
    }
    before = digest(ours)
    for args, expect in cases.items():
        code, _, err = run("--db", str(ours), "merge", *args)
        one_line_error(code, err, expect=expect)
        assert digest(ours) == before, args
    done = proc(env, "--db", str(ours), "merge", str(bad))
    one_line_error(done.returncode, done.stderr, expect=2)
    assert "Smarch" in done.stderr and digest(ours) == before


@pytest.mark.parametrize("case", list(WAL_CASES))
def test_a_foreign_or_newer_database_is_refused_and_left_byte_for_byte(
    ours_and_theirs: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    ours, _ = ours_and_theirs
    src, other = tmp_path / "src.db", tmp_path / "other.db"
    if case == "a newer timeline":
        seed(src, 3)
    _with_pending_wal(src, other, WAL_CASES[case])
    files = {s: digest(Path(f"{other}{s}")) for s in ("", "-wal", "-shm")}
    before = digest(ours)
    code, _, err = run("--db", str(ours), "merge", str(other))
    one_line_error(code, err, expect=5)
    assert str(other) in err and "timeline-merge-" not in err
    assert ("newer version" in err) == (case == "a newer timeline")
    assert {s: digest(Path(f"{other}{s}")) for s in ("", "-wal", "-shm")} == files
    assert digest(ours) == before


def test_the_other_databases_pending_wal_is_read_and_its_files_kept(
    ours_and_theirs: tuple[Path, Path], tmp_path: Path
) -> None:
    ours, theirs = ours_and_theirs
    other = tmp_path / "pending.db"
    _with_pending_wal(theirs, other, ["UPDATE events SET title = 'Retitled' WHERE id = 1"])
    files = {s: digest(Path(f"{other}{s}")) for s in ("", "-wal", "-shm")}
    assert files["-wal"] != "missing"
    with opened(ours) as tl:
        report = tl.merge(other)
    [first] = [c for c in report.conflicts if c.id == 1]
    assert first.differences[0].theirs == "Retitled"
    assert {s: digest(Path(f"{other}{s}")) for s in ("", "-wal", "-shm")} == files


# -- a property: whatever the colleague did, merge then undo is the identity ---------------

EDITS = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"), st.sampled_from(["X", "Y"]), st.sampled_from(["2021", "May 2023"])
        ),
        st.tuples(st.just("edit"), st.integers(1, 3), st.sampled_from(["2020", "late 2023"])),
        st.tuples(st.just("rm"), st.integers(1, 3), st.just("")),
    ),
    max_size=5,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS, prefer=st.sampled_from([None, "ours", "theirs"]))
def test_merge_then_undo_is_the_identity_and_a_second_merge_adds_nothing(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, object, str]],
    prefer: str | None,
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("prop")
    ours, theirs = folder / "ours.db", folder / "theirs.db"
    with opened(ours) as tl:
        for n in range(3):
            tl.add(f"E{n}", when=f"20{10 + n}", actors=["Iran"], source="Wire")
    shutil.copy(ours, theirs)
    with opened(theirs) as tl:
        for op, arg, when in edits:
            gone = {e.id for e in tl.events()}
            if op == "add":
                tl.add(str(arg), when=when, source="Paper")
            elif op == "edit" and arg in gone:
                tl.edit(int(str(arg)), when=when)
            elif op == "rm" and arg in gone:
                tl.rm(int(str(arg)))
    before = state(ours)
    with opened(ours) as tl:
        first: MergeReport = tl.merge(theirs, prefer=prefer)
        second = tl.merge(theirs, prefer=prefer)
        assert second.events.added == 0 and second.sources.added == 0
        assert second.events.conflicts == (0 if prefer == "theirs" else first.events.conflicts)
        if first.changed:
            tl.undo()
    assert state(ours) == before


def test_batches_and_flushes_give_the_same_merge_and_catch_a_uuid_far_apart(
    ours_and_theirs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.store.merging as merging

    ours, theirs = ours_and_theirs
    copy = tmp_path / "copy.db"
    shutil.copy(ours, copy)
    with opened(copy) as tl:
        whole = tl.merge(theirs).to_json()
    monkeypatch.setattr(merging, "BATCH", 1)
    monkeypatch.setattr(merging, "FLUSH", 1)
    with opened(ours) as tl:
        assert tl.merge(theirs).to_json() == whole  # one event at a time, the same merge
    events = [{"uuid": f"0b5d8a3e-95a4-4c4e-8f0a-0f7d6f3c1a{n:02d}", "title": f"E{n}",
               "when": "2024"} for n in range(4)]  # fmt: skip
    far = tmp_path / "far.json"
    far.write_text(json.dumps([*events, {**events[0], "title": "again"}]))
    before = digest(ours)
    with opened(ours) as tl, pytest.raises(timeline.TimelineError, match="in the file twice"):
        tl.merge(far)
    assert digest(ours) == before


def test_role_dates_merge_as_part_of_an_event(tmp_path: Path, env: dict[str, str]) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    with opened(ours) as tl:
        tl.add("Shahed drones", when="August 2022", dates={"agreed": "summer 2022"})
    shutil.copy(ours, theirs)
    with opened(theirs) as tl:
        tl.edit(1, dates={"delivered": "late 2022"})
        tl.add("Fath-360 missiles", when="September 2024", dates={"delivered": "September 2024"})
    before = state(ours)
    code, out, err = run("--db", str(ours), "merge", str(theirs), "--json")
    assert code == 0, err
    report = json.loads(out)
    [conflict] = report["conflicts"]
    assert [d["field"] for d in conflict["differences"]] == ["dates"]
    assert set(conflict["differences"][0]["theirs"]) == {"agreed", "delivered"}
    with opened(ours) as tl:
        [new] = [e for e in tl.events() if e.title == "Fath-360 missiles"]
        assert new.role_date("delivered") is not None
        assert tl.get(1).role_date("delivered") is None  # kept ours
        tl.undo()
        tl.merge(theirs, prefer="theirs")
        taken = tl.get(1).role_date("delivered")
        assert taken is not None and taken.start.earliest == date(2022, 9, 1)
        tl.undo()
    assert state(ours) == before


# -- what a fresh-eyes review found ------------------------------------------------------


def test_a_csv_export_holds_only_first_citations_and_merging_it_loses_none(
    tmp_path: Path,
) -> None:
    ours, out = tmp_path / "ours.db", tmp_path / "ours.csv"
    with opened(ours) as tl:
        tl.add("Act passed", when="2022-12-23", citations=[
            Citation("Act of Congress", None, "2022-12-23"), Citation("Article", "in December")
        ])  # fmt: skip
        tl.export("csv", out)
    before = state(ours)
    with opened(ours) as tl:
        report = tl.merge(out, prefer="theirs")
        assert report.events.same == 1 and report.conflicts == ()
    assert state(ours) == before  # nothing CSV cannot hold was taken away


def test_a_claim_anchored_on_an_event_not_in_the_file_is_reported_not_misplaced(
    tmp_path: Path,
) -> None:
    ours, theirs, out = tmp_path / "ours.db", tmp_path / "theirs.db", tmp_path / "part.json"
    with opened(ours) as tl:
        tl.add("Only here", when="1999")
    with opened(theirs) as tl:
        tl.add("B1", when="1998")
        tl.add("B2", when="2030")
        check = tl.check.order("#1", "#2", relation="before")
        tl.claims.record(check, {"kind": "order", "claim": "before", "a": "#1", "b": "#2"})
        tl.export("json", out, claims=True, from_="2030")  # B1 is not in the file
    with opened(ours) as tl:
        report = tl.merge(out)
        assert tl.claims.all() == []
        [lost] = [c for c in report.conflicts if c.kind == "claim"]
        assert lost.differences[0].theirs == ["#1"]


def test_the_review_s_other_findings(tmp_path: Path) -> None:
    ours = tmp_path / "ours.db"
    with opened(ours) as tl:
        first = tl.add("A", when="2023")
    twice = tmp_path / "twice.jsonl"
    line = {"uuid": first.uuid, "title": "T", "when": "2023"}
    twice.write_text(json.dumps(line) + "\n" + json.dumps({**line, "title": "T2"}) + "\n")
    before = digest(ours)
    with opened(ours) as tl:
        with pytest.raises(timeline.TimelineError, match="in the file twice; nothing was merged"):
            tl.merge(twice, prefer="theirs")
        bad = tmp_path / "claim.json"
        claim = {"kind": "count", "claim": "one", "within": "2023", "recorded_verdict": "holds",
                 "selection": "notadict"}  # fmt: skip
        bad.write_text(json.dumps([{"title": "X", "when": "2023"}, {"claim": claim}]))
        with pytest.raises(timeline.TimelineError, match="selection must be an object"):
            tl.merge(bad)
        notes = tmp_path / "notes.md"
        notes.write_text("# not a chronology\n")
        with pytest.raises(timeline.TimelineError, match="merge reads a timeline database"):
            tl.merge(notes)
    assert digest(ours) == before
    new = tmp_path / "new.jsonl"
    event = {"uuid": "0b5d8a3e-95a4-4c4e-8f0a-0f7d6f3c1a99", "title": "X", "when": "2023",
             "source": "Brand new"}  # fmt: skip
    new.write_text(json.dumps(event) + "\n")
    with opened(ours) as tl:
        report = tl.merge(new)
        assert report.sources.added == 1  # made from a citation's title, and counted
        new.write_text(json.dumps({**event, "title": "X, retitled"}) + "\n")
        taken = tl.merge(new, prefer="theirs")  # a change, and no event added
        assert (taken.first_id, taken.last_id) == (None, None)
        [entry, *_] = tl.history()
        after = json.loads(entry.after or "{}")
        assert (after["first_id"], after["last_id"], after["count"]) == (None, None, 0)
        assert entry.summary.endswith("0 events added, 0 the same, 1 in conflict (theirs taken)")
