SELECT e.id, e.uuid, e.title, e.when_text, e.end_text,
  (SELECT group_concat(k.name, ';') FROM event_actors l JOIN actors k ON k.id = l.actor_id
   WHERE l.event_id = e.id) AS actors,
  (SELECT group_concat(k.name, ';') FROM event_tags l JOIN tags k ON k.id = l.tag_id
   WHERE l.event_id = e.id) AS tags,
  e.category, e.source, e.quote, e.value, e.unit, e.location, e.notes, e.as_of,
  e.start_earliest, e.end_latest, e.start_edtf
FROM events e
ORDER BY e.start_earliest, e.start_latest, e.id
