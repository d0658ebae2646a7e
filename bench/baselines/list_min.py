"""Baseline for `timeline list -n 50 --actor A --from X --to Y`: the same query, plain sqlite3."""

import sqlite3
import sys

db, actor, start, end = sys.argv[1:5]
conn = sqlite3.connect(db)
rows = conn.execute(
    "SELECT e.id, e.start_earliest, e.when_text, e.title, "
    "(SELECT group_concat(k.name, ', ') FROM event_actors l JOIN actors k ON k.id = l.actor_id "
    "WHERE l.event_id = e.id) FROM events e "
    "WHERE e.start_earliest <= ? AND (e.end_latest >= ? OR e.ongoing = 1) AND e.id IN "
    "(SELECT l.event_id FROM event_actors l JOIN actors k ON k.id = l.actor_id "
    "WHERE k.name = ? COLLATE NOCASE) "
    "ORDER BY e.start_earliest, e.start_latest, e.id LIMIT 50",
    (end, start, actor),
)
for row in rows:
    print(*row, sep="  ")
