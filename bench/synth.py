"""Deterministic synthetic events for the benchmarks: a database in the real schema, and a CSV.

Decisions encoded here:
- Seeded, so every build of the same size holds the same events, ids and names.
- Dates of mixed precision over 1960-2024: a quarter exact days (ISO), the rest months,
  thirds (`late 2023`), seasons, quarters, years, and about one in eight a span of months
  (`when` a month, `end` a later month).
- 200 actors (20 parties x 10 bodies), 50 categories, 100 tags (25 topics x 4 regions); each
  event has a category, one or two actors and zero to three tags; titles read like news lines.
- Bounds are computed by the tool's own date reader (`timeline.io.records.resolve`, cached per
  distinct text), so a database built here and an import of the CSV hold the same dates.
- The store creates the file (schema, ids, migrations); the rows then go in with stdlib
  `executemany` in one transaction, with the secondary indexes and the full-text triggers dropped
  during the insert and rebuilt from their own SQL afterwards (the full-text index by `rebuild`).
  No `ANALYZE`: a user's database has no statistics either, so plans are measured as they are.

    python bench/synth.py db /tmp/events-100k.db -n 100000
    python bench/synth.py csv /tmp/events-100k.csv -n 100000
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED = 20241015
STAMP = "2024-10-15T00:00:00Z"
TODAY = date(2024, 10, 15)
FIRST_YEAR, LAST_YEAR = 1960, 2024

PARTIES = (
    "Iran", "Russia", "Ukraine", "China", "North Korea", "Israel", "Turkey", "India",
    "Pakistan", "Brazil", "Nigeria", "Ethiopia", "Sudan", "Syria", "Yemen", "Venezuela",
    "Mexico", "Colombia", "Myanmar", "European Union",
)  # fmt: skip
BODIES = (
    "", " Ministry of Defence", " Navy", " Central Bank", " Parliament", " Foreign Ministry",
    " Energy Ministry", " Supreme Court", " Armed Forces", " Election Commission",
)  # fmt: skip
ACTORS = tuple(f"{p}{b}" for b in BODIES for p in PARTIES)
CATEGORIES = (
    "military", "diplomacy", "sanctions", "energy", "elections", "protest", "trade", "finance",
    "health", "migration", "cyber", "nuclear", "maritime", "aviation", "space", "climate",
    "agriculture", "justice", "media", "religion", "education", "labour", "housing",
    "infrastructure", "telecoms", "mining", "water", "transport", "tourism", "arms-control",
    "humanitarian", "terrorism", "policing", "corruption", "border", "refugees", "disaster",
    "technology", "science", "culture", "sport", "treaty", "ceasefire", "coup", "referendum",
    "census", "budget", "debt", "currency", "inflation",
)  # fmt: skip
TOPICS = (
    "drones", "oil", "gas", "grain", "wheat", "missiles", "tanks", "ships", "satellites",
    "chips", "loans", "bonds", "tariffs", "visas", "vaccines", "floods", "drought",
    "earthquake", "pipeline", "port", "railway", "dam", "election-fraud", "strike", "hostages",
)  # fmt: skip
REGIONS = ("europe", "asia", "africa", "americas")
TAGS = tuple(f"{t}-{r}" for r in REGIONS for t in TOPICS)
VERBS = (
    "announces", "signs", "rejects", "delivers", "suspends", "resumes", "expands", "cuts",
    "approves", "blocks", "launches", "tests", "seizes", "releases", "orders", "cancels",
)  # fmt: skip
OBJECTS = (
    "a new sanctions package", "46 Shahed drones", "an arms deal", "a grain corridor",
    "a $2.5bn loan", "a ceasefire proposal", "its nuclear programme", "a naval exercise",
    "export licences", "a border crossing", "emergency powers", "a trade agreement",
    "an inquiry into the blackout", "the pipeline contract", "a satellite", "the election result",
)  # fmt: skip
PLACES = ("", " in the capital", " at the border", " after talks", " at the UN", " overnight")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SEASONS = ("spring", "summer", "autumn", "winter")
CSV_COLUMNS = ("title", "when", "end", "actors", "tags", "category", "source", "value", "unit")


def _when(rng: random.Random) -> tuple[str, str | None]:
    """(when, end) of one event: mixed precisions, some spans."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR - 1)
    roll = rng.random()
    if roll < 0.25:
        day = date(year, 1, 1) + timedelta(rng.randrange(365))
        return day.isoformat(), None
    month = rng.randrange(12)
    if roll < 0.48:
        return f"{MONTHS[month]} {year}", None
    if roll < 0.58:
        return f"{rng.choice(('early', 'mid', 'late'))} {year}", None
    if roll < 0.68:
        return f"{rng.choice(SEASONS)} {year}", None
    if roll < 0.76:
        return f"Q{rng.randint(1, 4)} {year}", None
    if roll < 0.88:
        return str(year), None
    end = month + rng.randint(1, 8)
    return f"{MONTHS[month]} {year}", f"{MONTHS[end % 12]} {year + end // 12}"


def records(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """`n` events as loose fields (the CSV columns), deterministic for a seed."""
    rng = random.Random(seed)
    for _ in range(n):
        actors = rng.sample(ACTORS, rng.choice((1, 1, 1, 2)))
        when, end = _when(rng)
        title = f"{actors[0]} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(PLACES)}"
        valued = rng.random() < 0.2
        yield {
            "title": title,
            "when": when,
            "end": end,
            "actors": actors,
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "category": rng.choice(CATEGORIES),
            "source": f"https://news.example.org/{rng.randrange(10**8):08d}",
            "value": rng.randint(1, 5000) if valued else None,
            "unit": "units" if valued else None,
        }


class _Dates:
    """The read dates (start, end, ongoing, reference day) of each distinct (when, end), once."""

    def __init__(self) -> None:
        from timeline.io.records import Context

        self.ctx = Context(today=TODAY)
        self.cache: dict[tuple[str, str | None], tuple[Any, ...]] = {}

    def read(self, when: str, end: str | None) -> tuple[Any, ...]:
        key = (when, end)
        if key not in self.cache:
            from timeline.io.records import resolve

            self.cache[key] = resolve(when, end, None, self.ctx)
        return self.cache[key]


def _row(i: int, rec: dict[str, Any], dates: _Dates) -> tuple[Any, ...]:
    """The `INSERT_EVENT` parameters of one record, through the store's own row mapping."""
    from timeline.model import Event
    from timeline.store.rows import insert_values

    start, stop, ongoing, used = dates.read(rec["when"], rec["end"])
    event = Event(
        id=i, title=rec["title"], when=rec["when"], start=start, end=stop, end_when=rec["end"],
        ongoing=ongoing, as_of=used, category=rec["category"], source=rec["source"],
        value=rec["value"], unit=rec["unit"], created_at=STAMP, updated_at=STAMP,
    )  # fmt: skip
    return insert_values(event, i, STAMP)


def _insert(conn: sqlite3.Connection, n: int) -> None:
    from timeline.store.rows import INSERT_EVENT

    actor_id = {name: k for k, name in enumerate(ACTORS, start=1)}
    tag_id = {name: k for k, name in enumerate(TAGS, start=1)}
    conn.executemany(
        "INSERT INTO actors (id, name) VALUES (?, ?)", [(v, k) for k, v in actor_id.items()]
    )
    conn.executemany(
        "INSERT INTO tags (id, name) VALUES (?, ?)", [(v, k) for k, v in tag_id.items()]
    )
    dates = _Dates()
    events: list[tuple[Any, ...]] = []
    links: dict[str, list[tuple[int, int, int]]] = {"actor": [], "tag": []}
    for i, rec in enumerate(records(n), start=1):
        events.append(_row(i, rec, dates))
        links["actor"] += [(i, actor_id[a], p) for p, a in enumerate(rec["actors"])]
        links["tag"] += [(i, tag_id[t], p) for p, t in enumerate(rec["tags"])]
        if len(events) >= 50_000:
            _flush(conn, INSERT_EVENT, events, links)
    _flush(conn, INSERT_EVENT, events, links)


def _flush(
    conn: sqlite3.Connection,
    insert: str,
    events: list[tuple[Any, ...]],
    links: dict[str, list[tuple[int, int, int]]],
) -> None:
    conn.executemany(insert, events)
    for kind, rows in links.items():
        conn.executemany(
            f"INSERT INTO event_{kind}s (event_id, {kind}_id, position) VALUES (?, ?, ?)", rows
        )
        rows.clear()
    events.clear()


def build_db(path: Path, n: int) -> None:
    """Create `path` with the store, then fill it with `n` synthetic events."""
    from timeline.store import open_store

    open_store(path, create=True).close()
    conn = sqlite3.connect(path, isolation_level=None)
    ddl = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND sql IS NOT NULL AND tbl_name IN ('events', 'event_actors', 'event_tags')"
    ).fetchall()
    conn.execute("BEGIN")
    for kind, name, _ in ddl:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    _insert(conn, n)
    for _, _, sql in ddl:
        conn.execute(sql)
    conn.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def write_csv(path: Path, n: int) -> None:
    """The same `n` events as an importable CSV (names joined with `;`)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(CSV_COLUMNS)
        for rec in records(n):
            row = dict(rec, actors=";".join(rec["actors"]), tags=";".join(rec["tags"]))
            out.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("db", "csv"))
    parser.add_argument("path", type=Path)
    parser.add_argument("-n", type=int, default=100_000)
    args = parser.parse_args()
    if args.path.exists():
        parser.error(f"{args.path} exists; give a new path")
    (build_db if args.what == "db" else write_csv)(args.path, args.n)


if __name__ == "__main__":
    main()
