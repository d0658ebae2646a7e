"""What Datasette is told about a published snapshot (`metadata.json`): a description of every
column, the chronology's label, facets, sort and full-text table, the internal tables hidden,
and the canned queries' titles.

Decisions encoded here (* where the issue is silent):
- *The metadata is JSON (Datasette reads `metadata.json` as it reads YAML), so writing it needs
  nothing beyond the standard library.
- The title, description, licence and source fields are the user's: left empty (the title
  `Chronology`, or `--title`) and, when the folder already holds a `metadata.json` from an
  earlier publish, kept as the user filled them in. What the tool knows (how many events, their
  days, when it was published) is the database's description, written anew each time.
- Hidden: the history, the migration record and SQLite's sequence table (Datasette hides the
  full-text tables itself). Hidden is not removed: a downloaded copy still holds them.
- Default facets of `chronology`: actors and tags (array facets), category and start year; it
  sorts by `start` (the tool's order) and searches through `events_fts` by `id`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DATABASE = "timeline"
"""The snapshot's file stem, which is its name in Datasette (`/timeline/chronology`)."""
USER_FIELDS = ("title", "description", "license", "license_url", "source", "source_url")
HIDDEN = ("history", "_sqlite_migrations", "sqlite_sequence")
_WIDE = ("title", "sources", "summary", "claim")
_WIDEST = ("quote", "notes")
_DAYS = (
    *("start", "effective_end", "start_earliest", "start_latest", "end_earliest", "end_latest"),
    *("as_of", "min_from", "min_to", "max_from", "max_to", "published", "accessed"),
)
STYLE = (
    "td.col-when_text{min-width:8em}"
    + "".join(f"td.col-{c}{{min-width:16em}}" for c in _WIDE)
    + "".join(f"td.col-{c}{{min-width:28em}}" for c in _WIDEST)
    + "".join(f"td.col-{c}{{white-space:nowrap}}" for c in _DAYS)
)
"""Datasette sets a wide table in the narrowest columns it can, so a 34-column view wraps every
title over five lines and a day over two; these widths keep a row a few lines high (the page
scrolls sideways instead). A `data:` stylesheet, so the folder needs nothing else."""

_B = "0 or 1 (SQLite has no boolean type)"
_BOUNDS = {
    "start_earliest": "The first day the start can be (ISO YYYY-MM-DD). An open earliest "
    "(`by March 2024`: nobody says since when) is stored as 0001-01-01.",
    "start_latest": "The last day the start can be.",
    "end_earliest": "The first day the end can be; an instant repeats its start's bounds here. "
    "An ongoing event's end is its reference day (as_of).",
    "end_latest": "The last day the end can be: start_earliest … end_latest is the widest "
    "extent of the event. An unknown end (EDTF `2004-06-01/`) is stored as 9999-12-31.",
}
_DATES = {
    "precision": "The start's precision: day, week, month-part, month, quarter, third, half, "
    "season, year, decade or century.",
    "end_precision": "The end's precision (the same words); empty for an instant.",
    "approximate": f"The start was qualified as approximate (`c. 2022`, `~`): {_B}.",
    "uncertain": f"The start was qualified as uncertain (`2022?`): {_B}.",
    "end_approximate": f"The end was qualified as approximate: {_B}.",
    "end_uncertain": f"The end was qualified as uncertain: {_B}.",
    "start_edtf": "The start in EDTF (ISO 8601-2), as the tool writes it (`2023-39` is late "
    "2023, `[..2024-03]` an open earliest).",
    "end_edtf": "The end in EDTF; `..` for an ongoing end; empty for an instant.",
    "ongoing": f"Ongoing as of its reference day (`since August 2022`): {_B}. It ends on as_of "
    "for every question.",
    "as_of": "The reference day its relative dates were read against (`last month`), and the "
    "day an ongoing event was last known to go on.",
}
_UUID = "The identity it keeps in every file (a random UUID): what `timeline merge` matches by."
_EVENT = {
    "id": "The event's id (`timeline show 12`); never reused.",
    "uuid": _UUID,
    "title": "What happened.",
    "when_text": "The date as typed, verbatim (a whole span when typed as one).",
    "end_text": "The end date, when it was typed separately.",
    **_BOUNDS,
    **_DATES,
    "category": "Its category.",
    "source": "The first source's title (a copy; the sources are in citations).",
    "quote": "The first source's words (a copy of the first citation's quote).",
    "value": "A number the event carries (`--value`).",
    "unit": "The unit of value.",
    "location": "Where.",
    "notes": "Notes.",
    "created_at": "When the event was entered (UTC).",
    "updated_at": "When it was last changed (UTC).",
}
_VIEW_EXTRA = {
    "start": "The day the event sorts by: start_earliest, or for an open earliest its "
    "start_latest. Sorting by it gives the tool's order.",
    "effective_end": "The last day every question counts the event on: end_latest, which for "
    "an ongoing event is its reference day (as_of); empty when the end is unknown.",
    "open_earliest": f"The start has no known earliest day (start_earliest is 0001-01-01): {_B}.",
    "open_latest": f"The end is unknown (end_latest is 9999-12-31): {_B}.",
    "start_year": "The year the start falls in, when it lies within one year (empty for a "
    "decade or an open earliest).",
    "start_month": "The month (YYYY-MM) the start falls in, when it lies within one month.",
    "actors": "Its actors, in their order, as a JSON array.",
    "tags": "Its tags, in their order, as a JSON array.",
    "sources": "The titles of the sources it cites, in citation order, as a JSON array.",
    "source_count": "How many sources it cites.",
}
_VIEW_ORDER = (
    *("id", "title", "when_text", "start", "effective_end", "actors", "tags", "category"),
    *("sources", "source_count", "precision", "start_year", "start_month", "start_earliest"),
    *("start_latest", "end_earliest", "end_latest", "ongoing", "as_of", "open_earliest"),
    *("open_latest", "approximate", "uncertain", "end_text", "end_precision", "end_approximate"),
    *("end_uncertain", "start_edtf", "end_edtf", "value", "unit", "location", "quote", "notes"),
)
"""The columns of the `chronology` view, in its order (Datasette lists them so)."""
_CHRONOLOGY = {k: (_VIEW_EXTRA | _EVENT)[k] for k in _VIEW_ORDER}
_ROLE_BOUNDS = (
    *("start_earliest", "start_latest", "end_earliest", "end_latest", "precision"),
    *("approximate", "uncertain", "start_edtf", "end_precision", "end_approximate"),
    *("end_uncertain", "end_edtf"),
)
"""The bound columns a role date shares with the events' own date, described alike."""
_NAMES = {"id": "The {0}'s id.", "name": "The {0}'s name, as first typed."}
_LINK = {
    "event_id": "The event (events.id).",
    "{0}_id": "The {0} ({0}s.id).",
    "position": "Its place among the event's {0}s: 0 is the first.",
}
COLUMNS: dict[str, dict[str, str]] = {
    "chronology": _CHRONOLOGY,
    "events": _EVENT,
    "actors": {k: v.format("actor") for k, v in _NAMES.items()},
    "tags": {k: v.format("tag") for k, v in _NAMES.items()},
    "event_actors": {k.format("actor"): v.format("actor") for k, v in _LINK.items()},
    "event_tags": {k.format("tag"): v.format("tag") for k, v in _LINK.items()},
    "sources": {
        "id": "The source's id (`--source 3`).",
        "uuid": _UUID,
        "title": "Its title.",
        "url": "Where it is.",
        "publisher": "Who published it.",
        "published": "The day it was published: the reference day of its relative dates.",
        "accessed": "The day it was read.",
        "archived_url": "An archived copy.",
        "notes": "Notes.",
        "created_at": "When it was entered (UTC).",
        "updated_at": "When it was last changed (UTC).",
    },
    "citations": {
        "event_id": "The event (events.id).",
        "position": "Its place among the event's citations: 0 is the first.",
        "source_id": "The source (sources.id).",
        "quote": "The source's own words.",
        "source_when": "The date as this source gives it (`--source-when`), as typed.",
        "when_earliest": "The first day that date can mean, read against the source's day.",
        "when_latest": "The last day that date can mean.",
    },
    "event_dates": {
        "event_id": "The event (events.id).",
        "role": "The role of this date (announced, committed, delivered, …), in lower case.",
        "when_text": "The role's date as typed, verbatim (a whole span when typed as one).",
        "end_text": "Its end date, when it was typed separately.",
        **{k: _EVENT[k] for k in _ROLE_BOUNDS},
        "ongoing": "Ongoing as of the event's reference day (as_of): 0 or 1 (SQLite has no "
        "boolean type).",
        "source": "The source that gives this date, as named (a title or `#3`).",
        "category": "A copy of the event's category (kept in step by a trigger), so one "
        "category's role dates have an index of their own.",
    },
    "actor_aliases": {
        "id": "The alias's id.",
        "alias": "Another name of the actor (matched without regard to case).",
        "actor_id": "The actor (actors.id).",
    },
    "claims": {
        "id": "The claim's id.",
        "uuid": _UUID,
        "kind": "gap, duration, count, first or order.",
        "claim": "The amount or relation, as typed (`nearly sixteen months`).",
        "a": "The first anchor, as typed (an event `#12` or a date).",
        "b": "The second anchor, as typed.",
        "within": "The window a count is counted in, as typed.",
        "selection": "The filters it was checked over (JSON).",
        "as_of": "The reference day it is read against.",
        "source": "Where the claim comes from.",
        "quote": "The source's words.",
        "recorded_verdict": "The verdict when it was recorded: holds, contradicted or cannot tell.",
        "created_at": "When it was recorded (UTC).",
        "updated_at": "When it was last changed (UTC).",
    },
    "claim_checks": {
        "claim_id": "The stored claim (claims.id).",
        "kind": "gap, duration, count, first or order.",
        "claim": "The claim as it was checked.",
        "source": "Where the claim comes from.",
        "quote": "The source's words.",
        "recorded_verdict": "The verdict when it was recorded.",
        "verdict": "The verdict on the chronology as published: holds, contradicted or "
        "cannot tell.",
        "changed": f"The verdict differs from the recorded one: {_B}.",
        "read_lo": "The least amount the claim can mean (in unit).",
        "read_hi": "The greatest amount it can mean; empty when unbounded.",
        "unit": "days or events.",
        "true_min": "The least true amount, from the chronology.",
        "true_max": "The greatest true amount; empty when there is no upper bound.",
        "deciding": "The ids of the events that decide it (JSON array).",
    },
    "gaps": {
        "id": "The row's id.",
        "scope": "all (the whole chronology), actor or category: whose gaps these are.",
        "group_name": "The actor or category; empty for all.",
        "rank": "1 is the longest gap of its scope and group.",
        "from_id": "The event the certain quiet period starts after (its latest end).",
        "from_title": "That event's title.",
        "from_when": "That event's date as typed.",
        "to_id": "The event the quiet period ends with (its earliest start).",
        "to_title": "That event's title.",
        "to_when": "That event's date as typed.",
        "from_max_id": "The event the longest possible quiet period starts after.",
        "to_max_id": "The event the longest possible quiet period ends with.",
        "min_from": "The certain quiet period runs from this day (the latest end before) …",
        "min_to": "… to this day (the earliest start after).",
        "max_from": "The longest it can have been runs from this day (the greatest earliest "
        "end before) …",
        "max_to": "… to this day (the least latest start after).",
        "min_days": "The least it lasted, in days (min_to − min_from).",
        "max_days": "The most it can have lasted, in days; empty when unbounded (an open side).",
        "min_calendar": "min_days in calendar form (`1 year 3 months 23 days`).",
        "max_calendar": "max_days in calendar form.",
    },
    "history": {
        "id": "The change's id.",
        "at": "When it was made (UTC).",
        "action": "add, edit, delete, import, migrate, or add-/edit-/delete- a claim, source or "
        "alias.",
        "event_id": "The event it changed, when one.",
        "summary": "One line describing it.",
        "before": "JSON snapshot of what it changed, before.",
        "after": "JSON snapshot after.",
        "undone_at": "When `timeline undo` reverted it; empty while it stands.",
    },
    "_sqlite_migrations": {
        "id": "The row's id.",
        "migration_set": "timeline.",
        "name": "A schema migration applied to this file.",
        "applied_at": "When (UTC).",
    },
    "sqlite_sequence": {
        "name": "A table whose ids are never reused.",
        "seq": "The greatest id handed out.",
    },
    "events_fts": {
        "title": "The event's title, indexed for full-text search.",
        "quote": "Its quote, indexed.",
        "notes": "Its notes, indexed.",
    },
}
"""Every column of every table and view in a snapshot, described (a test checks it)."""

TABLES: dict[str, str] = {
    "chronology": "One row per event, in the tool's date order: bounds, precision, EDTF, "
    "actors and tags as arrays, source titles. Start here.",
    "events": "The stored events, as the tool keeps them.",
    "gaps": "Quiet periods computed by the tool when it published (SQL cannot): over the whole "
    "chronology, per actor and per category, each as a range of days.",
    "claim_checks": "Every stored claim checked again on the chronology as published.",
    "claims": "What sources say about time, as recorded.",
    "sources": "The sources events cite.",
    "citations": "Which event cites which source, in order, with its words and dating.",
    "event_dates": "Each event's role dates (announced, delivered, …), one per role, with the "
    "same bound columns as the events' own date.",
    "actors": "Actor names.",
    "tags": "Tag names.",
    "event_actors": "Which event involves which actor, in order.",
    "event_tags": "Which event carries which tag, in order.",
    "actor_aliases": "Other names of actors.",
}

QUERY_TEXT: dict[str, tuple[str, str]] = {
    "overlapping": (
        "Events overlapping a period",
        "Events that can fall between :from and :to (each YYYY, YYYY-MM or YYYY-MM-DD; empty "
        "is no bound): their widest bounds overlap it, as `timeline list --from --to`.",
    ),
    "latest_per_actor": (
        "Latest event per actor",
        "Each actor's last event in the tool's date order.",
    ),
    "needs_review": (
        "Events needing review",
        "Approximate or uncertain dates, events with one source or none, open earliest days.",
    ),
    "quiet_periods": (
        "Quiet periods of at least :days days",
        "Gaps that can have lasted :days days or more (as `timeline gaps --min`); "
        "`certainly` says whether they surely did.",
    ),
}
QUERY_PARAMS = {"overlapping": ["from", "to"], "quiet_periods": ["days"]}


def metadata(user: Mapping[str, str], about: str, queries: Mapping[str, str]) -> dict[str, Any]:
    """The whole metadata document: the user's fields, the database's description `about`,
    every table's description, columns and settings, and the canned queries (their SQL)."""
    tables: dict[str, Any] = {}
    for name, columns in COLUMNS.items():
        entry: dict[str, Any] = {}
        if name in TABLES:
            entry["description"] = TABLES[name]
        entry["columns"] = dict(columns)
        if name in HIDDEN:
            entry["hidden"] = True
        tables[name] = entry
    tables["chronology"] |= {
        "label_column": "title",
        "facets": [{"array": "actors"}, {"array": "tags"}, "category", "start_year"],
        "sort": "start",
        "fts_table": "events_fts",
        "fts_pk": "id",
    }
    tables["events"] |= {"label_column": "title", "facets": ["category", "precision"]}
    tables["sources"] |= {"label_column": "title"}
    tables["claims"] |= {"label_column": "claim", "facets": ["recorded_verdict"]}
    tables["claim_checks"] |= {"facets": ["verdict", "changed"]}
    tables["gaps"] |= {"facets": ["scope", "group_name"], "sort": "id"}
    canned: dict[str, dict[str, object]] = {}
    for name, sql in queries.items():
        title, description = QUERY_TEXT[name]
        canned[name] = {"title": title, "description": description, "sql": sql}
        if name in QUERY_PARAMS:
            canned[name]["params"] = QUERY_PARAMS[name]
    from urllib.parse import quote

    return {
        **{k: user.get(k, "") for k in USER_FIELDS},
        "extra_css_urls": ["data:text/css," + quote(STYLE)],
        "databases": {DATABASE: {"description": about, "tables": tables, "queries": canned}},
    }


def user_fields(existing: object, title: str | None) -> dict[str, str]:
    """The user's fields: those of an earlier `metadata.json` (`existing`, parsed), the title
    `title` when given, else `Chronology`."""
    found = existing if isinstance(existing, Mapping) else {}
    fields = {k: v for k in USER_FIELDS if isinstance(v := found.get(k), str)}
    fields["title"] = title or fields.get("title") or "Chronology"
    return {k: fields.get(k, "") for k in USER_FIELDS}
