"""What a merge reads and what it reports (`timeline.store.merging`): plain frozen values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from timeline.model import FIELD, TYPED_FIELDS, Citation, Event

UNCITED = ("source", "quote")
"""Copies of the first citation: compared only where neither side has citations."""
CONTENT = tuple(s.name for s in TYPED_FIELDS if s.name not in UNCITED)
"""The fields two events are compared on: what a user types."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """What another chronology holds: its events, read once in order (citations naming their
    sources by the other file's source id, or by title), the file's id of each (for claims'
    `#N` anchors; none for a database, whose events carry their own), its
    source rows (`id` the other file's, or None), stored claim rows and aliases by actor."""

    label: str
    events: Iterable[Event]
    ids: Sequence[object]  # empty: each event's own id (from a database)
    sources: Sequence[Mapping[str, Any]] = ()
    claims: Sequence[Mapping[str, Any]] = ()
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    partial: bool = False  # a CSV file: only each event's first citation, without its dating


@dataclass(frozen=True, slots=True)
class Difference:
    """One field that differs: its name as the JSON export spells it, and both values."""

    field: str
    ours: object
    theirs: object

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "ours": self.ours, "theirs": self.theirs}


@dataclass(frozen=True, slots=True)
class Conflict:
    """A record stored here and there under one UUID (or, for a source, one title) whose
    fields differ; `taken` is whose fields it has after the merge."""

    kind: str  # event, source, claim, alias
    id: int | None  # ours
    uuid: str | None
    title: str
    differences: tuple[Difference, ...]
    taken: str = "ours"

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "uuid": self.uuid, "title": self.title,
                "taken": self.taken,
                "differences": [d.to_json() for d in self.differences]}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An added event (its new id and UUID) with the title, date bounds and source of a stored
    one."""

    id: int
    uuid: str | None
    title: str
    like: int

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "uuid": self.uuid, "title": self.title, "like": self.like}


@dataclass(frozen=True, slots=True)
class Counts:
    added: int = 0
    same: int = 0
    conflicts: int = 0

    def to_json(self) -> dict[str, int]:
        return {"added": self.added, "same": self.same, "conflicts": self.conflicts}


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What a merge did (or, with `dry_run`, would do)."""

    other: str  # the other file, as named
    dry_run: bool
    prefer: str | None
    events: Counts
    sources: Counts
    claims: Counts
    aliases: Counts
    conflicts: tuple[Conflict, ...]
    duplicates: tuple[Duplicate, ...]
    first_id: int | None = None
    last_id: int | None = None

    @property
    def changed(self) -> bool:
        taken = any(c.taken == "theirs" for c in self.conflicts)
        added = (self.events, self.sources, self.claims, self.aliases)
        return taken or any(c.added for c in added)

    def to_json(self) -> dict[str, object]:
        return {
            "other": self.other,
            "dry_run": self.dry_run,
            "prefer": self.prefer,
            "events": self.events.to_json(),
            "sources": self.sources.to_json(),
            "claims": self.claims.to_json(),
            "aliases": self.aliases.to_json(),
            "first_id": self.first_id,
            "last_id": self.last_id,
            "conflicts": [c.to_json() for c in self.conflicts],
            "duplicates": [d.to_json() for d in self.duplicates],
        }


def differences(ours: Event, theirs: Event) -> tuple[Difference, ...]:
    """The typed fields in which two events differ (citations by source, quote and date)."""
    names = CONTENT if ours.citations or theirs.citations else CONTENT + UNCITED
    found = []
    for name in names:
        a, b = getattr(ours, name), getattr(theirs, name)
        if name == "citations":
            a, b = _cited(a), _cited(b)
        if a != b:
            found.append(Difference(_key(name), _shown(ours, name),
                                    _shown(theirs, name)))  # fmt: skip
    return tuple(found)


def _cited(citations: tuple[Citation, ...]) -> tuple[tuple[object, ...], ...]:
    return tuple((c.source, c.quote, c.when) for c in citations)


def _shown(event: Event, name: str) -> object:
    """A field as the JSON export writes it (citations by source, quote and dating)."""
    if name == "citations":
        return [{"title": c.source, "quote": c.quote, "when": c.when} for c in event.citations]
    return event.to_json()[_key(name)]


def _key(name: str) -> str:
    """A field's key in the JSON export."""
    return FIELD[name].json or name


__all__ = [
    "Conflict",
    "Counts",
    "Difference",
    "Duplicate",
    "Incoming",
    "MergeReport",
    "differences",
]
