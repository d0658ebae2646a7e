"""Every event, source and stored claim has a UUID: made at creation, kept by edits, exports and
imports, given to existing rows by the migration (schema 9), and never stored twice."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest
from tests.test_cli_events import digest, proc, run

import timeline
from timeline.migrations import SCHEMA_VERSION

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def opened(path: Path) -> timeline.Timeline:
    return timeline.open(path, create=True, today=date(2024, 10, 15))


def test_new_records_get_uuids_that_edits_keep(db_path: Path) -> None:
    with opened(db_path) as tl:
        a = tl.add("A", when="2024", source="Wire")
        b = tl.add("B", when="2023")
        assert a.uuid and b.uuid and UUID.fullmatch(a.uuid) and a.uuid != b.uuid
        edited = tl.edit(a.id, when="late 2024", title="A again")
        assert edited.uuid == a.uuid
        [source] = tl.sources.all()
        assert source.uuid and UUID.fullmatch(source.uuid)
        check = tl.check.count(within="2024", count="one")
        claim = tl.claims.record(check, {"kind": "count", "claim": "one", "within": "2024"})
        assert claim.uuid and UUID.fullmatch(claim.uuid)
        tl.rm(a.id)
        tl.undo()
        assert tl.get(a.id).uuid == a.uuid  # an undone delete comes back as itself


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_and_import_keep_uuids(db_path: Path, tmp_path: Path, fmt: str) -> None:
    with opened(db_path) as tl:
        tl.add("A", when="2024")
        tl.add("B", when="2023", actors=["Iran"])
        tl.export(fmt, tmp_path / f"out.{fmt}")
        kept = {e.title: e.uuid for e in tl.events()}
        with pytest.raises(timeline.TimelineError, match="is in the file twice or already"):
            tl.import_(tmp_path / f"out.{fmt}")  # into the database it came from
        assert tl.count() == 2
    with opened(tmp_path / "copy.db") as copy:
        assert copy.import_(tmp_path / f"out.{fmt}") == 2
        assert {e.title: e.uuid for e in copy.events()} == kept


def test_a_uuid_is_read_in_any_spelling_and_refused_when_it_is_not_one(
    env: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    made = uuid.uuid4()
    good = tmp_path / "good.csv"
    good.write_text(f"uuid,title,when\n{{{str(made).upper()}}},A,2024\n", encoding="utf-8")
    assert proc(env, "import", str(good)).returncode == 0
    [event] = json.loads(proc(env, "list", "--json").stdout)
    assert event["uuid"] == str(made)
    before = digest(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("uuid,title,when\nnot-a-uuid,B,2024\n", encoding="utf-8")
    p = proc(env, "import", str(bad))
    assert p.returncode == 2 and "'not-a-uuid' is not a UUID" in p.stderr
    twice = tmp_path / "twice.jsonl"
    line = json.dumps({"uuid": str(uuid.uuid4()), "title": "C", "when": "2024"})
    twice.write_text(line + "\n" + line + "\n", encoding="utf-8")
    p = proc(env, "import", str(twice))
    assert p.returncode == 2 and "is in the file twice or already in this database" in p.stderr
    assert digest(db_path) == before


def test_a_bulk_import_with_a_repeated_uuid_is_refused_whole(db_path: Path, tmp_path: Path) -> None:
    rows = [f"{uuid.uuid4()},Event {i},2020" for i in range(9000)]
    rows.append(rows[10].replace("Event 10", "Again"))
    src = tmp_path / "big.csv"
    src.write_text("uuid,title,when\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with opened(db_path) as tl:
        with pytest.raises(timeline.TimelineError, match="is in the file twice"):
            tl.import_(src)
        assert tl.count() == 0


SCHEMA_8 = """
DROP INDEX events_uuid; DROP INDEX claims_uuid; DROP INDEX sources_uuid; DROP INDEX sources_title;
ALTER TABLE events DROP COLUMN uuid; ALTER TABLE claims DROP COLUMN uuid;
ALTER TABLE sources DROP COLUMN uuid;
DELETE FROM _sqlite_migrations WHERE name = 'm009_uuids';
PRAGMA user_version = 8;
"""


def test_schema_8_rows_get_uuids_and_nothing_else_changes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with opened(path) as tl:
        for i in range(50):
            tl.add(f"E{i}", when=f"{2000 + i}", source="S" if i % 2 else None, notes=f"n{i}")
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_8)
        before = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    code, out, err = run("--db", str(path), "info")
    assert f"schema: {SCHEMA_VERSION}" in out
    assert code == 0, err
    with sqlite3.connect(path) as conn:
        after = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
        uuids = [r[0] for r in conn.execute("SELECT uuid FROM events")]
        sources = [r[0] for r in conn.execute("SELECT uuid FROM sources")]
        fts = conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'n7'").fetchone()
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_au'").fetchone()[
            0
        ]
    assert [r[:-1] for r in after] == before  # every column as it was, the uuid added last
    assert len(set(uuids)) == 50 and all(UUID.fullmatch(u) for u in uuids)
    assert len(sources) == 1 and UUID.fullmatch(sources[0])
    assert fts == (1,)
    assert 'AFTER UPDATE OF "title", "quote", "notes"' in trigger
