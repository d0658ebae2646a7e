"""The least a Python program does for `timeline gaps -c C`: one query, one loop, no checks.

It reads the same extents as `timeline gaps` through the same index, keeps the running latest
end, and prints each gap's two days. It has no sweep for odd spans, no names, no calendar forms
and no error handling, so it is a floor for any Python answer, not a rival to `timeline gaps`.
"""

import sqlite3
import sys

db, category, today = sys.argv[1:4]
conn = sqlite3.connect(db)
rows = conn.execute(
    "SELECT e.id, e.start_earliest, e.start_latest, "
    "CASE WHEN e.ongoing = 1 THEN max(min(e.end_latest, ?), e.start_earliest) "
    "ELSE e.end_latest END "
    "FROM events e WHERE e.category = ? COLLATE NOCASE "
    "ORDER BY e.start_earliest, e.start_latest, e.id",
    (today, category),
)
cover = ""
for _id, start, _latest, end in rows:
    if cover and start > cover:
        print(cover, start)
    if end > cover:
        cover = end
