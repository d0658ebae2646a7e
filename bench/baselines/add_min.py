"""Baseline for `timeline add`: argparse + sqlite3 inserting the same row into the same table."""

import argparse
import sqlite3
from datetime import UTC, datetime

parser = argparse.ArgumentParser(description="Add one event.")
parser.add_argument("db")
parser.add_argument("title")
parser.add_argument("--when", required=True)
args = parser.parse_args()
now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
conn = sqlite3.connect(args.db, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute(
    "INSERT INTO events (title, when_text, start_earliest, start_latest, end_earliest, "
    "end_latest, precision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'day', ?, ?)",
    (args.title, args.when, args.when, args.when, args.when, args.when, now, now),
)
conn.execute("COMMIT")
print(f"added {args.title} ({args.when})")
