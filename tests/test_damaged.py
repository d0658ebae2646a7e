"""A database damaged in the middle (not in its header) is reported as storage trouble, exit 5."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.store import open_store

runner = CliRunner()


def damaged(tmp_path: Path) -> Path:
    db = tmp_path / "d.db"
    rows = "".join(f"Event {i} {'x' * 300},2023-{i % 12 + 1:02d}\n" for i in range(3000))
    src = tmp_path / "many.csv"
    src.write_text("title,when\n" + rows, encoding="utf-8")
    assert runner.invoke(app, ["--db", str(db), "import", str(src)]).exit_code == 0
    conn = open_store(db, create=False).conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The later half of the leaf pages of every table and index the events fill (SQLite's own
    # page map, `dbstat`), so that whichever index a query uses, reading it meets damage; the
    # schema's pages are kept, so the file still opens.
    leaves = conn.execute(
        "SELECT name, pageno FROM dbstat WHERE pagetype = 'leaf' AND name IN (SELECT name "
        "FROM dbstat GROUP BY name HAVING count(*) > 4) ORDER BY name, pageno"
    ).fetchall()
    conn.close()
    by_name: dict[str, list[int]] = {}
    for name, number in leaves:
        by_name.setdefault(name, []).append(number)
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    for numbers in by_name.values():
        for number in numbers[len(numbers) // 2 :]:
            start = (number - 1) * size
            data[start + 8 : start + 64] = b"\xff" * 56
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize(
    "args", [["list"], ["gaps"], ["export", "-f", "jsonl"], ["stats"], ["list", "-s", "Event"]]
)
def test_reading_a_damaged_page_exits_5_with_one_line(tmp_path: Path, args: list[str]) -> None:
    db = damaged(tmp_path)
    result = runner.invoke(app, ["--db", str(db), *args], env={"TIMELINE_TODAY": "2024-10-15"})
    assert result.exit_code == 5, (args, result.exit_code, result.stderr)
    assert "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
