"""Baseline for the everyday commands: a minimal typer program running the same SQL through
sqlite3 (no checks, no dates read, no history): `add`, `list`, `gaps -c`, `show`.

    python bench/baselines/typer_min.py DB list ACTOR FROM TO
    python bench/baselines/typer_min.py DB add TITLE DAY
    python bench/baselines/typer_min.py DB gaps CATEGORY
    python bench/baselines/typer_min.py DB show ID
    python bench/baselines/typer_min.py DB gaps-sql [CATEGORY]
    python bench/baselines/typer_min.py DB stats
    python bench/baselines/typer_min.py DB dates
    python bench/baselines/typer_min.py DB export csv|jsonl

Each prints what the timeline command prints in substance, so output costs the same: `list` a
line per event, `gaps` a line per gap with its days, `show` the event's fields; `gaps-sql` the
gaps the running-MAX query (`gaps_max.sql`) finds, `stats` the events per month (`GROUP BY`),
`dates` the number of events and the first and last day, from a query reading every event's
bounds (what `chart` reads); `export` the rows of `export.sql` (what `export -f csv` writes,
with the same joins) through the csv module, or as one JSON object a line.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)
DB = sys.argv.pop(1)
NAMES = (
    "(SELECT json_group_array(k.name) FROM event_{0}s l JOIN {0}s k ON k.id = l.{0}_id "
    "WHERE l.event_id = e.id)"
)


def connect() -> sqlite3.Connection:
    return sqlite3.connect(DB, isolation_level=None)


@app.command()
def add(title: str, day: str) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    conn = connect()
    conn.execute("BEGIN IMMEDIATE")
    cur = conn.execute(
        "INSERT INTO events (title, when_text, start_earliest, start_latest, end_earliest, "
        "end_latest, precision, start_edtf, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'day', ?, ?, ?)",
        (title, day, day, day, day, day, day, now, now),
    )
    conn.execute(
        "INSERT INTO history (at, action, event_id, summary) VALUES (?, 'add', ?, ?)",
        (now, cur.lastrowid, title),
    )
    conn.execute("COMMIT")
    print(f"#{cur.lastrowid} {title}\n  when:       {day}\n  understood: {day} (day)")


@app.command("list")
def list_(actor: str, start: str, end: str) -> None:
    rows = connect().execute(
        "SELECT e.id, e.start_earliest, e.end_latest, e.title, e.when_text, "
        f"{NAMES.format('actor')} "
        "FROM events e WHERE e.start_earliest <= ? AND e.end_latest >= ? AND e.id IN "
        "(SELECT l.event_id FROM event_actors l WHERE l.actor_id IN "
        "(SELECT k.id FROM actors k WHERE k.name COLLATE NOCASE IN (?))) "
        "ORDER BY e.start_earliest, e.start_latest, e.id LIMIT 50",
        (end, start, actor),
    )
    for row in rows:
        print(f"#{row[0]:>5}  {row[1]}..{row[2]}  {row[3]}  ({row[4]})  {row[5]}")


@app.command()
def gaps(category: str) -> None:
    rows = connect().execute(
        "SELECT e.id, e.start_earliest, e.end_latest FROM events e "
        "WHERE e.category = ? COLLATE NOCASE ORDER BY e.start_earliest, e.start_latest, e.id",
        (category,),
    )
    cover, last = "", 0
    for event_id, start, end in rows:
        if cover and start > cover:
            print(f"#{last} {cover} -> #{event_id} {start}")
        if end >= cover:
            cover, last = end, event_id


@app.command("gaps-sql")
def gaps_sql(category: str = typer.Argument("")) -> None:
    from pathlib import Path

    where = "WHERE category = ? COLLATE NOCASE" if category else ""
    sql = (Path(__file__).with_name("gaps_max.sql")).read_text().replace("{where}", where)
    for row in connect().execute(sql, [category] if category else []):
        print(f"#{row[0]} {row[1]} -> {row[2]} {row[3]:.0f} days")


@app.command()
def stats() -> None:
    rows = connect().execute(
        "SELECT substr(start_earliest, 1, 7), count(*) FROM events GROUP BY 1 ORDER BY 1"
    )
    for month, count in rows:
        print(f"{month}  {count:>6}")


@app.command()
def dates() -> None:
    first, last, n = "9999-12-31", "0001-01-01", 0
    for start, end, _lane in connect().execute(
        "SELECT start_earliest, end_latest, category FROM events ORDER BY start_earliest"
    ):
        n += 1
        first, last = min(first, start), max(last, end)
    print(f"{n} events from {first} to {last}")


@app.command()
def show(event_id: int) -> None:
    row = (
        connect()
        .execute(
            f"SELECT e.*, {NAMES.format('actor')}, {NAMES.format('tag')} "
            "FROM events e WHERE e.id = ?",
            (event_id,),
        )
        .fetchone()
    )
    for value in row:
        print(f"  {value}")


@app.command()
def export(fmt: str) -> None:
    cursor = connect().execute((Path(__file__).with_name("export.sql")).read_text())
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(c[0] for c in cursor.description)
        writer.writerows(cursor)
        return
    keys = [c[0] for c in cursor.description]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    write = sys.stdout.write
    for row in cursor:
        write(encode(dict(zip(keys, row, strict=True))) + "\n")


if __name__ == "__main__":
    app()
