"""Another chronology merged into this one: the body of `Store.merge` (its SQL and undo are in
`timeline.store.merge_sql`).

Decisions encoded here:
- Identity is the UUID. An incoming event whose UUID is not stored is added (under a new id,
  keeping its UUID and timestamps); one whose UUID is stored is compared field by field on what
  a user types (`CONTENT`), with its citations' sources and its actors first translated to this
  database's (a source matched by UUID may be titled differently here; an actor may be an
  alias here): equal is skipped, different is a conflict, kept as it is here unless the caller
  prefers theirs, when the stored event is rewritten with their fields (id and UUID kept).
- An incoming event with a new UUID whose title, earliest day, latest day and source equal a
  stored event's is added and reported as a possible duplicate of it (only events stored
  before the merge are compared with, once, after the last new event is in).
- The other file is read once, as the merge goes: its events are matched a batch at a time and
  new ones inserted `FLUSH` at a time, so memory does not grow with its size.
- Sources match by UUID, then by exact title; a new one is added with its UUID. Their columns
  that differ are a source conflict, settled the same way as an event's. Aliases match by
  name: a new one is attached (moving the events that carried the name, as `actors alias`
  does); an alias of another actor here is a conflict and stays as it is. Stored claims match
  by UUID; a new one is added with its `#N` anchors renumbered to this database's ids.
- Everything is one BEGIN IMMEDIATE transaction and one history entry, action `merge`, whose
  `after` names the file and what was added (the id range of the events, the sources, claims
  and aliases) and whose `before` keeps every stored event, source and claim the merge
  changed, so one `undo` puts the database back exactly. A dry run does all of it and rolls
  it back, so its report is the report of the real merge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from timeline.errors import UsageError
from timeline.model import Citation, Event, ascii_lower
from timeline.store import history, rows
from timeline.store.merge_report import (
    Conflict,
    Counts,
    Difference,
    Duplicate,
    Incoming,
    MergeReport,
    differences,
)
from timeline.store.merge_sql import (
    _write_row,
    _write_source,
    by_uuid,
    note_new,
    possible_duplicates,
)

if TYPE_CHECKING:
    from timeline.store.core import Store

BATCH = 500  # UUIDs looked up per query
FLUSH = 4_000  # new events inserted at a time (below the import's fork: all in this process)
ANCHORS = ("a", "b", "within")
_REF = re.compile(r"#(\d+)")
CLAIM_CONTENT = ("kind", "claim", "a", "b", "within", "selection", "as_of", "source", "quote",
                 "recorded_verdict")  # fmt: skip


class _DryRun(Exception):
    def __init__(self, report: MergeReport) -> None:
        super().__init__("dry run")
        self.report = report


def merge(store: Store, incoming: Incoming, *, prefer: str | None, dry_run: bool) -> MergeReport:
    """Merge `incoming` into the store as one recorded change (see the module's decisions)."""
    if prefer not in (None, "ours", "theirs"):
        raise UsageError(f"prefer {prefer!r}: give theirs or ours")
    try:
        with store.write():
            report = _Merge(store, incoming, prefer).run(dry_run)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as done:
        report = done.report
    finally:
        store.forget_names()
    return report


class _Merge:
    def __init__(self, store: Store, incoming: Incoming, prefer: str | None) -> None:
        self.store = store
        self.conn = store.conn
        self.inc = incoming
        self.prefer = prefer
        self.taken = "theirs" if prefer == "theirs" else "ours"
        self.stamp = store.clock()
        self.conflicts: list[Conflict] = []
        self.before_events: dict[int, dict[str, Any]] = {}
        self.before_sources: list[dict[str, Any]] = []
        self.before_claims: list[dict[str, Any]] = []
        self.cite: dict[object, tuple[int, str]] = {}  # their source (id or title) -> ours

    def run(self, dry_run: bool) -> MergeReport:
        store = self.store
        store._sources.clear()
        store._created = history.IdRuns()
        first = store._next_id()
        sources = self._sources()
        aliases, alias_ids = self._aliases()
        store._names.clear()  # a name may have become an alias (the sources made are kept)
        events, dupes, renumber = self._events(first)
        count = events.added
        sources = replace(sources, added=len(store._created))  # citations' new titles too
        claims, claim_ids = self._claims(renumber)
        span = (first, first + count - 1) if count else (None, None)
        report = MergeReport(
            self.inc.label, dry_run, self.prefer, events, sources, claims, aliases,
            tuple(self.conflicts), tuple(dupes), *span,
        )  # fmt: skip
        if report.changed:
            after = {"from": self.inc.label, "first_id": span[0], "last_id": span[1],
                     "count": count, "sources": list(store._created), "claims": claim_ids,
                     "aliases": alias_ids}  # fmt: skip
            before = {"events": list(self.before_events.values()),
                      "sources": self.before_sources, "claims": self.before_claims}  # fmt: skip
            history.record(self.conn, self.stamp, "merge", None, _summary(report),
                           json.dumps(before, ensure_ascii=False),
                           json.dumps(after, ensure_ascii=False))  # fmt: skip
        return report

    # -- sources ----------------------------------------------------------------------

    def _sources(self) -> Counts:
        from timeline.store.sources import COLUMNS, by_title, insert

        added = same = 0
        for theirs in self.inc.sources:
            ours = _by_uuid(self.store, "sources", theirs.get("uuid"))
            ours = ours or by_title(self.store, str(theirs["title"]), exact=True)
            if ours is None:
                ours = insert(self.store, theirs)
                self.store._created.append(int(ours["id"]))
                added += 1
            else:
                diffs = tuple(Difference(k, ours[k], theirs.get(k)) for k in COLUMNS
                              if (ours[k] or None) != (theirs.get(k) or None))  # fmt: skip
                if not diffs:
                    same += 1
                else:
                    ident = (int(ours["id"]), ours["uuid"], str(ours["title"]))
                    self.conflicts.append(Conflict("source", *ident, diffs, self.taken))
                    if self.prefer == "theirs":
                        ours = self._take_source(ours, {d.field: d.theirs for d in diffs})
            found = (int(ours["id"]), str(ours["title"]))
            if theirs.get("id") is not None:
                self.cite[("#", theirs["id"])] = found
            self.cite.setdefault(str(theirs["title"]), found)
        return Counts(added, same, sum(c.kind == "source" for c in self.conflicts))

    def _take_source(self, ours: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        self.before_sources.append(dict(ours))
        new = ours | changes | {"updated_at": self.stamp}
        _write_source(self.conn, new)
        return new

    # -- aliases ----------------------------------------------------------------------

    def _aliases(self) -> tuple[Counts, list[int]]:
        from timeline.store.aliases import alias_owner, attach_alias

        added, same, ids = 0, 0, []
        for actor, names in self.inc.aliases.items():
            actor = alias_owner(self.store, actor) or actor
            for alias in names:
                try:
                    attached = attach_alias(self.store, actor, alias, self.stamp)
                except UsageError:
                    owner = alias_owner(self.store, alias) or actor
                    diff = Difference("actor", owner, actor)
                    self.conflicts.append(Conflict("alias", None, None, alias, (diff,)))
                    continue
                if attached is None:
                    same += 1
                    continue
                alias_id, moved = attached
                for event in moved:
                    self.before_events.setdefault(event.id, json.loads(rows.snapshot(event)))
                ids.append(alias_id)
                added += 1
        conflicts = sum(c.kind == "alias" for c in self.conflicts)
        return Counts(added, same, conflicts), ids

    # -- events -----------------------------------------------------------------------

    def _events(self, first: int) -> tuple[Counts, list[Duplicate], dict[str, int]]:
        """Match, compare and add their events, a batch at a time: what was added (its count),
        the same and in conflict; the possible duplicates; their ids renumbered to ours."""
        from timeline.store.aliases import aliases

        owner = {ascii_lower(a): actor for actor, names in aliases(self.store).items()
                 for a in names}  # fmt: skip
        pending: list[tuple[Event, object]] = []
        found: list[Duplicate] = []
        renumber: dict[str, int] = {}
        added = same = conflicts = 0
        matched: set[int] = set()
        ids = chain(self.inc.ids, _own_ids())  # as many as there are events
        pairs = zip(self.inc.events, ids, strict=False)
        while batch := list(islice(pairs, BATCH)):
            stored = by_uuid(self.store, [e.uuid for e, _ in batch if e.uuid])
            for event, old in batch:
                old = event.id if old is None and not self.inc.ids else old
                theirs = self._translated(event, owner)
                ours = stored.get(theirs.uuid) if theirs.uuid else None
                if ours is None:
                    pending.append((theirs, old))
                    continue
                if ours.id >= first or ours.id in matched:  # the file holds the UUID twice
                    raise _twice(self.inc.label, ours.uuid)
                matched.add(ours.id)
                if self.inc.partial:
                    theirs = _completed(theirs, ours)
                if old is not None and self.inc.claims:
                    renumber[str(old)] = ours.id
                diffs = differences(ours, theirs)
                if not diffs:
                    same += 1
                    continue
                conflicts += 1
                self.conflicts.append(
                    Conflict("event", ours.id, ours.uuid, ours.title, diffs, self.taken)
                )
                if self.prefer == "theirs":
                    self._take_event(ours, theirs)
            if len(pending) >= FLUSH:
                added += self._add(pending, first + added, renumber)
                pending = []
        added += self._add(pending, first + added, renumber)
        found += [Duplicate(*d) for d in possible_duplicates(self.store, first)]
        return Counts(added, same, conflicts), found, renumber

    def _take_event(self, ours: Event, theirs: Event) -> None:
        from timeline.store.changes import rewrite

        self.before_events.setdefault(ours.id, json.loads(rows.snapshot(ours)))
        wanted = replace(theirs, id=ours.id, uuid=ours.uuid, created_at=ours.created_at,
                         updated_at=ours.updated_at)  # fmt: skip
        _, made = rewrite(self.store, ours, wanted)
        self.store._created.extend(made)

    def _add(self, pending: list[tuple[Event, object]], at: int, renumber: dict[str, int]) -> int:
        """Insert new events under ids from `at`, noting what would make each a possible
        duplicate (`note_new`); how many."""
        from timeline.store.importing import insert_all

        if not pending:
            return 0
        events = [e for e, _ in pending]
        note_new(self.store, events, at)
        store = self.store
        try:
            count = insert_all(self.conn, events, at, self.stamp, store._name_id, store._source_ids)
        except UsageError as err:  # two new events under one UUID
            uuid = err.message.removeprefix("event uuid ").split(" ", 1)[0]
            raise _twice(self.inc.label, uuid) from None
        if self.inc.claims:  # their ids matter only to renumber their claims' anchors
            renumber.update((str(o), at + i) for i, (_, o) in enumerate(pending) if o is not None)
        return count

    def _translated(self, event: Event, owner: Mapping[str, str]) -> Event:
        """Their event in this database's terms: its sources ours, its actors' aliases ours."""
        cited = tuple(self._citation(c) for c in event.citations)
        actors = event.actors
        if owner and any(ascii_lower(a) in owner for a in actors):
            named = (owner.get(ascii_lower(a), a) for a in actors)
            actors = tuple(dict.fromkeys(named))
        if cited == event.citations and actors == event.actors:
            return event
        source = cited[0].source if cited else event.source
        return replace(event, citations=cited, actors=actors, source=source)

    def _citation(self, c: Citation) -> Citation:
        key: object = ("#", c.source_id) if c.source_id is not None else c.source
        found = self.cite.get(key)
        if found is None:  # a title no incoming source record names: found or made by title
            return c._replace(source_id=None)
        return c._replace(source_id=found[0], source=found[1])

    # -- claims -----------------------------------------------------------------------

    def _claims(self, renumber: Mapping[str, int]) -> tuple[Counts, list[int]]:
        from timeline.store.importing import add_claim_row, renumbered
        from timeline.store.sources import new_uuid

        added, same, ids = 0, 0, []
        for claim in self.inc.claims:
            lost = [f"#{n}" for k in ANCHORS for n in _REF.findall(str(claim.get(k) or ""))
                    if n not in renumber]  # fmt: skip
            if lost:  # an anchor names no event of the file: it would land on another one
                diff = Difference("anchors", None, lost)
                named = (_str(claim.get("uuid")), str(claim.get("claim")))
                self.conflicts.append(Conflict("claim", None, *named, (diff,), "ours"))
                continue
            row = renumbered({k: v for k, v in claim.items() if k != "id"}, renumber)
            ours = _by_uuid(self.store, "claims", row.get("uuid"))
            if ours is None:
                row["uuid"] = row.get("uuid") or new_uuid()
                ids.append(add_claim_row(self.conn, row))
                added += 1
                continue
            diffs = tuple(Difference(k, ours[k], row.get(k)) for k in CLAIM_CONTENT
                          if ours[k] != row.get(k))  # fmt: skip
            if not diffs:
                same += 1
                continue
            self.conflicts.append(Conflict("claim", int(ours["id"]), ours["uuid"],
                                           str(ours["claim"]), diffs, self.taken))  # fmt: skip
            if self.prefer == "theirs":
                self.before_claims.append(dict(ours))
                new = ours | {d.field: d.theirs for d in diffs} | {"updated_at": self.stamp}
                _write_row(self.conn, "claims", new)
        conflicts = sum(c.kind == "claim" for c in self.conflicts)
        return Counts(added, same, conflicts), ids


def _twice(label: str, uuid: str | None) -> UsageError:
    return UsageError(f"{label}: event uuid {uuid} is in the file twice; nothing was merged")


def _completed(theirs: Event, ours: Event) -> Event:
    """Their event from a file that keeps only the first citation's source and words (CSV),
    completed with what it cannot hold: our other citations, and our first one's dating when
    it cites the same source with the same words."""
    if not ours.citations:
        return theirs
    if not theirs.citations:  # no source in the file: they removed it
        return theirs
    mine, given = ours.citations[0], theirs.citations[0]
    first = mine if (mine.source, mine.quote) == (given.source, given.quote) else given
    return replace(theirs, citations=(first, *ours.citations[1:]))


def _by_uuid(store: Store, table: str, uuid: object) -> dict[str, Any] | None:
    """The stored source or claim row with this UUID (none for no UUID)."""
    from timeline.store.sources import row_of

    if uuid is None:
        return None
    return row_of(store, f"SELECT * FROM {table} WHERE uuid = ?", [uuid])


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _own_ids() -> Iterator[None]:
    """No file ids: each event's own id is its id in the other file (a database)."""
    while True:
        yield None


def _summary(report: MergeReport) -> str:
    e = report.events
    text = f"merge of {report.other}: {e.added} event{'' if e.added == 1 else 's'} added, "
    text += f"{e.same} the same"
    if e.conflicts:
        kept = "theirs taken" if report.prefer == "theirs" else "ours kept"
        text += f", {e.conflicts} in conflict ({kept})"
    others = len(report.conflicts) - e.conflicts
    if others:
        text += f"; {others} other conflict{'' if others == 1 else 's'} (sources, claims, aliases)"
    return text
