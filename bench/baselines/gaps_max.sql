SELECT id, prev_end, start_earliest, julianday(start_earliest) - julianday(prev_end) AS days
FROM (
    SELECT id, start_earliest, MAX(end_latest) OVER (
        ORDER BY start_earliest, start_latest, id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS prev_end
    FROM events {where}
)
WHERE start_earliest > prev_end
ORDER BY days DESC;
