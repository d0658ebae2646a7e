"""The bundled chronology: events.db at the repository root matches a fresh import of the CSV."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.test_cli_events import BIN

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "fixtures" / "seed-article.csv"
DB = ROOT / "events.db"


def _export(db: Path) -> list[dict[str, object]]:
    env = {**os.environ, "TIMELINE_TODAY": "2024-10-15"}
    env.pop("TIMELINE_DB", None)
    p = subprocess.run([BIN, "--db", str(db), "list", "--json"], capture_output=True, text=True,
                       env=env, check=True)  # fmt: skip
    events: list[dict[str, object]] = json.loads(p.stdout)
    for e in events:
        e.pop("created_at")
        e.pop("updated_at")
    return events


@pytest.mark.skipif(not (CSV.exists() and DB.exists()), reason="needs the CSV and events.db")
def test_events_db_matches_fresh_import(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    env = {**os.environ, "TIMELINE_TODAY": "2024-10-15"}
    subprocess.run([BIN, "--db", str(fresh), "import", str(CSV)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    expected = _export(fresh)
    assert expected, "the CSV imported no events"
    with DB.open("rb") as f:
        header = f.read(100)
    bundled_version = int.from_bytes(header[60:64], "big")
    fresh_version = int.from_bytes(fresh.read_bytes()[60:64], "big")
    assert bundled_version == fresh_version, "events.db has an old schema: run fixtures/build.sh"
    copy = tmp_path / "bundled.db"  # a copy, so that reading it can never change the repository
    shutil.copyfile(DB, copy)
    assert _export(copy) == expected, "events.db is stale: rebuild it with fixtures/build.sh"
