-- Baseline for `undo` of an import: the statements that remove it, run by the sqlite3 program
-- as a plain undo would (one transaction; the events' dependents removed by their foreign
-- keys' ON DELETE CASCADE, the full-text rows by the triggers, the created sources once
-- nothing cites them, the history entry marked undone). bench/run.py fills in the import's
-- id range and its new sources' runs from the history entry: {first}, {last}, {source_runs}
-- (a VALUES list of (first, last) pairs).
PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
DELETE FROM events WHERE id BETWEEN {first} AND {last};
WITH runs(a, b) AS (VALUES {source_runs})
DELETE FROM sources WHERE id IN (SELECT s.id FROM runs JOIN sources s ON s.id BETWEEN a AND b)
  AND NOT EXISTS (SELECT 1 FROM citations WHERE source_id = sources.id);
UPDATE history SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = (SELECT max(id) FROM history WHERE undone_at IS NULL);
COMMIT;
