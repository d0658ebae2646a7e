"""The bundled chronology: events.db at the repository root matches a fresh import of the CSV."""

from __future__ import annotations

import json
import os
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
    assert _export(DB) == expected, "events.db is stale: rebuild it with fixtures/build.sh"
