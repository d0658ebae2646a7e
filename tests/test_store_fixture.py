"""The bundled chronology: events.db at the repository root matches what fixtures/build.sh builds
(the CSV imported, the article's claim recorded)."""

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
    """The events and the stored claims, without their timestamps."""
    env = {**os.environ, "TIMELINE_TODAY": "2024-10-15"}
    env.pop("TIMELINE_DB", None)
    command = [BIN, "--db", str(db), "export", "-f", "json", "--claims"]
    p = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    items: list[dict[str, object]] = json.loads(p.stdout)
    for item in items:
        record = item.get("claim", item)
        assert isinstance(record, dict)
        record.pop("created_at"), record.pop("updated_at"), record.pop("uuid", None)
    return items


@pytest.mark.skipif(not (CSV.exists() and DB.exists()), reason="needs the CSV and events.db")
def test_events_db_matches_fresh_import(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    env = {**os.environ, "PATH": f"{Path(BIN).parent}:{os.environ['PATH']}"}
    env.pop("TIMELINE_DB", None)
    subprocess.run([str(tmp_path / "fixtures" / "build.sh")], env=env, check=True,
                   capture_output=True)  # fmt: skip
    fresh = tmp_path / "events.db"
    expected = _export(fresh)
    assert expected, "the CSV imported no events"
    assert any("claim" in item for item in expected), "build.sh recorded no claim"
    with DB.open("rb") as f:
        header = f.read(100)
    bundled_version = int.from_bytes(header[60:64], "big")
    fresh_version = int.from_bytes(fresh.read_bytes()[60:64], "big")
    assert bundled_version == fresh_version, "events.db has an old schema: run fixtures/build.sh"
    copy = tmp_path / "bundled.db"  # a copy, so that reading it can never change the repository
    shutil.copyfile(DB, copy)
    assert _export(copy) == expected, "events.db is stale: rebuild it with fixtures/build.sh"
