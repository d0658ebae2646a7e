"""`Timeline`: one open chronology, every command's work as a method (see `timeline.api`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, TextIO

from timeline import select
from timeline.errors import UsageError
from timeline.model import TYPED_FIELDS, Event, Filters

if TYPE_CHECKING:
    from timeline.api.claims import Checker
    from timeline.api.extract import Extraction
    from timeline.api.publish import Published
    from timeline.api.results import Between, GapReport, Health, Info
    from timeline.api.serve import Server
    from timeline.api.sources import Conflict, Sources
    from timeline.api.stored_claims import Claims
    from timeline.dates.types import When
    from timeline.io.records import Context, Field
    from timeline.model.lines import Line
    from timeline.model.results import Candidate, LagReport, PeriodTotal, Quiet
    from timeline.render.lanes import Layout
    from timeline.store import HistoryEntry, Store
    from timeline.store.merge_report import MergeReport

Ref = int | str
"""An event id: 12, "12" or "#12"."""


class Timeline:
    """One chronology: a database file and how to read dates for it."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = False,
        today: date | None = None,
        date_order: str | None = None,
        clock: Callable[[], str] | None = None,
        wait: float | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.create = create
        self._today = today
        self.date_order = select.date_order(date_order)
        self._clock = clock
        self.wait = select.wait_seconds(wait)
        self._on_wait = on_wait
        self._store: Store | None = None

    # -- the file ---------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def store(self) -> Store:
        """The open store (opened, checked and migrated on first use)."""
        if self._store is None:
            from timeline.store import open_store

            self._store = open_store(
                self.path,
                create=self.create,
                clock=self._clock,
                wait=self.wait,
                on_wait=self._on_wait,
            )
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Timeline:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def info(self) -> Info:
        from timeline.api.results import Info
        from timeline.store.maintenance import sqlite_version

        store = self.store
        return Info(self.path, store.schema_version(), sqlite_version(), store.count())

    def health(self) -> Health:
        """SQLite's integrity and foreign-key checks, the schema version and the counts."""
        from timeline.api.results import Health

        store = self.store
        problems = store.integrity_problems()
        return Health(self.path, problems, store.schema_version(), store.table_counts())

    def backup(self, target: str | os.PathLike[str], *, force: bool = False) -> tuple[Path, int]:
        """A consistent, verified copy at `target` (a file, or a folder to put it in):
        where it went and how many events it holds (`timeline.api.files`). An existing
        earlier backup there is replaced only with `force`."""
        from timeline.api.files import backup

        return backup(self, os.fspath(target), force=force)

    def publish(self, folder: str | os.PathLike[str], *, title: str | None = None) -> Published:
        """Write a snapshot for Datasette into `folder`: `timeline.db` (a consistent copy with
        the `chronology` view, the tool's `gaps` and the claims' verdicts), `metadata.json` and
        a README (`timeline.api.publish`)."""
        from timeline.api.publish import publish

        return publish(self, os.fspath(folder), title=title)

    def serve(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8001,
        title: str | None = None,
        log: IO[str] | None = None,
    ) -> Server:
        """Datasette serving a snapshot read-only from a temporary folder, as a context manager
        (`with tl.serve(port=0) as server: server.url`); Datasette's output goes to `log`
        (`timeline.api.serve`)."""
        from timeline.api.serve import Server

        return Server(self, host=host, port=port, title=title, log=log)

    # -- reading ----------------------------------------------------------------------

    def filters(self, selection: Mapping[str, object], as_of: str | date | None = None) -> Filters:
        """The `Filters` a selection (`timeline.select`) means, against `as_of` (else today)."""
        reference = self.reference_day(as_of)
        return select.filters(
            selection, today=self.today, date_order=self.date_order, reference=reference
        )

    def reference_day(self, as_of: str | date | None) -> date:
        return select.reference_day(as_of, self.today, self.date_order)

    def get(self, ref: Ref) -> Event:
        """One event, its ongoing end resolved to today."""
        return self.store.get(select.parse_id(ref)).resolved(self.today)

    def events(self, **selection: object) -> Iterator[Event]:
        """The selected events in date order (streamed)."""
        return self.store.iter_events(self.filters(selection))

    def lines(self, **selection: object) -> Iterator[Line]:
        """The selected events as the one-line listing prints them (`timeline.model.Line`: id,
        title, date as typed, dates, actors), in the order of `events`, read without the rest
        of each event. The selection cannot ask for a role's date (`events` gives those)."""
        filters = self.filters(selection)
        if filters.role is not None:
            raise UsageError("lines are written on the events' own dates, not a role's")
        return self.store.iter_lines(filters)

    def json_texts(self, **selection: object) -> Iterator[str]:
        """The selected events' JSON events as text, one each, in date order (streamed): what
        `export -f jsonl` writes a line of, made without an `Event` for most of them. The
        selection cannot ask for a role's date (`events` gives those)."""
        from timeline.api.json_export import json_texts

        filters = self.filters(selection)
        if filters.role is not None:
            raise UsageError("JSON texts are written on the events' own dates, not a role's")
        return json_texts(self.store, filters)

    def lacking(self, **selection: object) -> int:
        """How many events a question asked of `role` leaves out: those the other filters
        select that have no date of that role (0 without a `role`)."""
        return self.store.lacking(self.filters(selection))

    def roles(self, **selection: object) -> list[str]:
        """The roles of the selected events' role dates (`delivered`, …), alphabetically."""
        return self.store.roles(self.filters(selection))

    def count(self, **selection: object) -> int:
        return self.store.count(self.filters(selection))

    def any(self, **selection: object) -> bool:
        """Whether the selection holds any event (without counting them)."""
        return self.store.any(self.filters(selection))

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the file: another process's write cannot land
        between them (one read transaction)."""
        with self.store.snapshot():
            yield

    def names(self, by: str) -> list[tuple[str, int]]:
        """The names of `actor` or `tag` with how many events carry each, most used first."""
        if by not in _NAMES:
            raise UsageError(f"{by!r} is not one of {', '.join(_NAMES)}")
        return self.store.name_counts(_NAMES[by])

    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """The recorded changes, newest first."""
        return self.store.log(None if limit is None else min(limit, select.SQLITE_MAX_INT))

    def gaps(
        self,
        *,
        at_least: str | None = None,
        top: int | None = None,
        by: str | None = None,
        as_of: str | date | None = None,
        since: str | None = None,
        **selection: object,
    ) -> GapReport:
        """The quiet periods of the selection, longest first (DATES.md, Gaps).

        `at_least` keeps the gaps that can be that long; `top` the N longest; `by` finds each
        group's gaps apart (`actor`, `tag`, `category`); `as_of` adds the open gap from the
        last event to that day (and cuts ongoing events there); `since` adds the gap from that
        date to the first event. With no gaps, the report says why (`GapReport.covering`).
        """
        from timeline.api.questions import gaps

        return gaps(self, selection, at_least=at_least, top=top, by=by, as_of=as_of, since=since)

    def quiet(
        self, *, as_of: str | date | None = None, by: str | None = None, **selection: object
    ) -> list[Quiet]:
        """Who has been quiet longest on `as_of` (default today): per group (`by` actor, tag
        or category; else the whole selection), its last event and the time since, longest
        first. Events that begin after `as_of` are left out."""
        from timeline.api.questions import quiet

        return quiet(self, selection, as_of=as_of, by=by)

    def lags(
        self, start: str, end: str, *, as_of: str | date | None = None, **selection: object
    ) -> LagReport:
        """The lag from each selected event's `start` role date to its `end` one (`announced`
        to `delivered`), each a range of days, in the order of the first, with their summary
        (`LagReport`: count, shortest, longest, median of the midpoints). The selection's
        window is asked of the `start` dates; events lacking either role are left out and
        counted (`left_out`)."""
        from timeline.api.questions import lags

        return lags(self, start, end, selection, as_of=as_of)

    def between(
        self,
        a: str,
        b: str,
        *,
        as_of: str | date | None = None,
        at_least: str | None = None,
        at_most: str | None = None,
    ) -> Between:
        """The time from A to B, each an event (`#12`, its widest bounds; `#12:announced`, that
        role date's) or a date."""
        from timeline import gaps as g
        from timeline.api.results import Between, duration

        reference = self.reference_day(as_of)
        low, high = duration(at_least), duration(at_most)
        span = g.between(self.bounds(a, reference), self.bounds(b, reference))
        answer = g.answer(span, low, high) if (low or high) else None
        return Between(span, answer)

    def parse(self, text: str, reference: date) -> When:
        """A date read against `reference` with this timeline's date order."""
        from timeline.dates import parse_when

        return parse_when(text, today=reference, date_order=self.date_order)

    def bounds(self, text: str, reference: date) -> tuple[date, date]:
        """`#12`: an event's widest bounds; `#12:delivered`: that role date's; anything else a
        date expression."""
        if select.is_event_ref(text):
            event_id, role = select.event_ref(text)
            return self.store.extent(event_id, reference=reference, role=role)
        from timeline.dates import parse_when

        when = parse_when(text, today=reference, date_order=self.date_order)
        return when.earliest, when.latest

    @property
    def check(self) -> Checker:
        """What sources say about time, checked (CLAIMS.md): `tl.check.gap(after=…, lasted=…)`,
        `.duration`, `.count`, `.first`, `.order`, `.relate` (`timeline.api.claims`)."""
        from timeline.api.claims import Checker

        return Checker(self)

    @property
    def claims(self) -> Claims:
        """The stored claims: `tl.claims.record(check, args)`, `.all()`, `.rechecked()`,
        `.delete(id)` (`timeline.api.claims`)."""
        from timeline.api.stored_claims import Claims

        return Claims(self)

    @property
    def sources(self) -> Sources:
        """The sources as records: `tl.sources.add(title, published=…)`, `.all()`, `.get(ref)`,
        `.citing(ref)`, `.edit(ref, …)`, `.rm(ref, force=…)` (`timeline.api.sources`)."""
        from timeline.api.sources import Sources

        return Sources(self)

    def conflicts(self, **selection: object) -> list[Conflict]:
        """The selected events whose sources date them incompatibly (their readings do not
        overlap each other or the event's own date), each with every source's reading."""
        from timeline.api.sources import conflicts

        return conflicts(self, selection)

    def aliases(self) -> dict[str, list[str]]:
        """Each actor's aliases, by actor name."""
        from timeline.store import aliases

        return aliases.aliases(self.store)

    def alias(self, actor: str, *names: str) -> list[str]:
        """Make `names` aliases of `actor`: filters, `add` and `import` map each to it (ASCII
        case aside); events that already carry one move to the actor. One change per alias."""
        from timeline.store import aliases

        return aliases.add_aliases(self.store, actor, list(names))

    def unalias(self, *names: str) -> list[tuple[str, str]]:
        """Remove aliases (all or none); (alias, actor) of each."""
        from timeline.store import aliases

        return aliases.remove_aliases(self.store, list(names))

    def stats(
        self, *, by: str = "month", sums: bool = False, **selection: object
    ) -> list[PeriodTotal]:
        """Events (and summed values per unit) per month, quarter or year, empty ones included."""
        from timeline.store.periods import BY

        if by not in BY:
            raise UsageError(f"--by {by!r} is not one of {', '.join(BY)}")
        return self.store.period_totals(self.filters(selection), by=by, sums=sums)

    def chart(self, *, by: str | None = None, **selection: object) -> Layout:
        """The chart's layout: a lane per group (`actor`, `category`), marks and quiet days."""
        from timeline.render.lanes import build_layout

        filters = self.filters(selection)
        field = _lane(by)
        day = filters.reference_day
        events = (e.on(filters.role) for e in self.store.iter_events(filters))
        shown = (e.resolved(day) if day and e.ongoing else e for e in events)
        return build_layout(shown, by=field, window=(filters.window_start, filters.window_end))

    def draw_chart(
        self,
        *,
        by: str | None = None,
        width: int = 80,
        color: bool = False,
        ascii: bool = False,
        **selection: object,
    ) -> str:
        """The terminal chart of the selection, as `render_chart(chart(...))` draws it, but
        streamed from the store: its memory is the chart's cells, however many events it
        draws. Empty when nothing is selected."""
        from timeline.render.chart import render_chart

        filters = self.filters(selection)
        if filters.limit is not None or filters.reverse:
            layout = self.chart(by=by, **selection)
            return (
                render_chart(layout, width=width, color=color, ascii=ascii) if layout.lanes else ""
            )
        from timeline.api import charts

        return charts.draw(self.store, filters, _lane(by), width=width, color=color, ascii=ascii)

    def export(
        self,
        fmt: str,
        target: str | os.PathLike[str] | TextIO | None = None,
        *,
        by: str | None = None,
        title: str = "Chronology",
        claims: bool = False,
        sources: bool = False,
        bom: bool = False,
        **selection: object,
    ) -> None:
        """Write the selection in export format `fmt` to `target`: a stream, or a file path
        (replaced atomically, never the database itself). With `claims`, a JSON or JSON Lines
        export adds the stored claims after the events (`{"claim": {...}}` each), and with
        `sources` every source record (`{"source": {...}}`), which `import_` reads back;
        without, it holds events only, as its consumers expect. `bom` starts a CSV file with a
        UTF-8 byte order mark, as Excel needs."""
        from timeline.render.formats import Options, writer

        write = writer("export", fmt)
        if bom and fmt != "csv":
            raise UsageError(f"--bom is for -f csv (for Excel), not -f {fmt}")
        filters = self.filters(selection)
        for flag, given in (("--claims", claims), ("--sources", sources)):
            if given and fmt not in ("json", "jsonl"):
                raise UsageError(f"{flag} goes with -f json or jsonl, not {fmt!r}")
        extra = self._claim_objects() if claims else []
        if sources:
            extra += [{"source": s.to_json()} for s in self.sources.all()]
        window = (filters.window_start, filters.window_end)
        roles = self.store.roles(filters) if fmt == "csv" else ()
        options = Options(title=title, by=_lane(by), window=window, extra=extra, bom=bom,
                          roles=roles, role=filters.role)  # fmt: skip

        def emit(out: TextIO) -> None:
            if fmt == "csv" and filters.role is None:
                from timeline.api.csv_export import export_csv

                export_csv(self.store, filters, out, bom=bom, roles=roles)
            elif fmt in ("json", "jsonl") and filters.role is None:
                from timeline.api.json_export import json_texts, write_json

                write_json(json_texts(self.store, filters), out, fmt, extra)
            else:
                write(_drawn(self.store.iter_events(filters), fmt, filters.role), out, options)

        if target is None or not isinstance(target, str | os.PathLike):
            emit(target if target is not None else _stdout())
            return
        from timeline.api.files import (
            atomic_text,
            checked_target,
            output_path,
            refuse_database_target,
        )

        path = checked_target(output_path(os.fspath(target)))
        refuse_database_target(path, Path(self.path), "export")
        with atomic_text(path, through_links=True) as out:
            emit(out)

    def _claim_objects(self) -> list[object]:
        """The stored claims as an export writes them: `{"claim": {...}}` each."""
        from timeline.api.stored_claims import all_claims

        return [{"claim": claim._asdict()} for claim in all_claims(self)]

    # -- writing ----------------------------------------------------------------------

    def add(self, title: str, *, as_of: str | date | None = None, **fields: Field) -> Event:
        """Store a new event (`fields` by name: `when`, `actors`, `value`, …).

        Its sources: `source` (an id `3`/`#3` or a title; a new title creates a source) with
        `quote`, or `citations`, a list of such references or of `{"source", "quote", "when"}`
        (`when`: the date as that source gives it). Without `as_of`, the first source's
        `published` day is the reference day for relative dates."""
        values: dict[str, Field] = {"title": title, **fields}
        if values.get("citations") or values.get("source"):
            self._build(values, as_of)  # every field checked before the file is opened
            values = self._cited(values)
        event = self._build(values, as_of)
        return self.store.add(event)

    def edit(
        self,
        ref: Ref,
        *,
        as_of: str | date | None = None,
        drop_dates: Iterable[str] = (),
        **changes: Field,
    ) -> Event:
        """Change an event: each given field replaces the stored one (an empty value clears
        it); the dates are read again against `as_of`, else the event's own reference day.

        `citations` replaces every citation; `source` alone replaces them with that one source
        (keeping the first one's quote unless `quote` is given; `""` removes them all); `quote`
        alone changes the first citation's words. `dates` (`{"delivered": "late 2023"}`) sets
        those role dates and keeps the others; `drop_dates` (role names) removes role dates,
        each of which the event must have (`NotFoundError` otherwise)."""
        return self.apply_edit(ref, as_of=as_of, drop_dates=drop_dates, **changes)[0]

    def apply_edit(
        self,
        ref: Ref,
        *,
        as_of: str | date | None = None,
        drop_dates: Iterable[str] = (),
        **changes: Field,
    ) -> tuple[Event, bool]:
        """`edit`, also saying whether anything changed: an edit that changes nothing is not
        written and not recorded, and returns the event as it was with False."""
        _check_fields(changes)
        old = self.store.get(select.parse_id(ref))
        given: dict[str, Field] = {k: v for k, v in changes.items() if v is not None}
        given = _redated(old, given, drop_dates)
        values = _fields_of(old) | _recited(old, given)
        if as_of:
            values["as_of"] = None
        new = self._build(self._cited(values), as_of, old.id)
        stored = self.store.update(new)
        return stored, stored != old

    def rm(self, *refs: Ref) -> list[Event]:
        """Delete events, all or none, as one change that one `undo` reverts."""
        return self.store.delete([select.parse_id(r) for r in refs])

    def undo(self) -> HistoryEntry:
        """Revert the latest change not yet undone."""
        return self.store.undo()

    def import_(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        *,
        fmt: str | None = None,
        as_of: str | date | None = None,
        dry_run: bool = False,
        label: str | None = None,
        encoding: str | None = None,
        delimiter: str | None = None,
    ) -> int:
        """Import a CSV, JSON, JSON Lines or TimelineJS file (a path, `-` for stdin, or a binary
        stream), all or nothing; the number of events (that would be) imported. `encoding`
        (default UTF-8, or UTF-16 with its byte order mark) and a CSV `delimiter` (default:
        the one the header is written with) say how the file is written."""
        from timeline.api.files import import_file

        ctx = self._context(as_of, sources=True)
        return import_file(self, source, fmt=fmt, ctx=ctx, dry_run=dry_run, label=label,
                           encoding=encoding, separator=delimiter)  # fmt: skip

    def merge(
        self,
        other: str | os.PathLike[str],
        *,
        prefer: str | None = None,
        dry_run: bool = False,
    ) -> MergeReport:
        """Merge another chronology (a timeline database, or a JSON, JSON Lines or CSV export)
        into this one, matching events, sources and claims by UUID and aliases by name, as one
        change that one `undo` reverts (`timeline.api.merge`). A UUID stored here with other
        content is a conflict: kept as it is here unless `prefer="theirs"`. With `dry_run`,
        the report of what the merge would do, and nothing written. The other file is only
        ever read from a copy."""
        from timeline.api.merge import merge

        return merge(self, os.fspath(other), prefer=prefer, dry_run=dry_run)

    def extract(
        self,
        article: str | os.PathLike[str] | IO[bytes],
        *,
        published: str | date | None = None,
        source: str | None = None,
    ) -> Extraction:
        """The candidate events of an article (a path, `-` for stdin, or a binary stream of
        plain text, Markdown or HTML), one per dated statement (`timeline.api.extract`).

        Relative and year-less dates are read against `published` (any form naming one day),
        else the `source`'s published day. `source` is a source's id (`3`, `#3`, which must
        exist) or a title; without it, the article's own title. The database, when it exists,
        gives the actors (and aliases) to look for; nothing is written."""
        from timeline.api.extract import read_extraction

        return read_extraction(self, article, published=published, source=source)

    def add_candidates(self, found: Iterable[Candidate], *, label: str = "extract") -> int:
        """Store candidates as events in one change (one `undo`), each citing its source
        (created with its published day when new); how many."""
        events = [self._build(self._cited(c.record()), None) for c in found]
        return self.store.import_events(events, label)

    # -- helpers ----------------------------------------------------------------------

    def _context(self, as_of: str | date | None, *, sources: bool = False) -> Context:
        """How records are read; with `sources`, knowing the stored sources' days (an import)."""
        from timeline.io.records import Context

        ref = self.reference_day(as_of) if as_of else None
        published = {}
        if sources and (self._store is not None or os.path.exists(self.path)):
            from timeline.store.sources import published_days

            published = published_days(self.store)
        return Context(today=self.today, date_order=self.date_order, as_of=ref,
                       published=published)  # fmt: skip

    def _cited(self, values: dict[str, Field]) -> dict[str, Field]:
        """`values` with its source references (`source`, `citations`) found as citations."""
        from timeline.api.sources import cite

        listed = values.get("citations")
        if listed:
            if not isinstance(listed, list | tuple):
                raise UsageError("citations: a list of sources")
            return values | {"citations": cite(self, listed)}
        source = values.get("source")
        if isinstance(source, str) and source.strip():
            quote = values.get("quote")
            item = {"source": source, "quote": quote if isinstance(quote, str) else None}
            return values | {"citations": cite(self, [item])}
        return values

    def _build(
        self, values: dict[str, Field], as_of: str | date | None, event_id: int = 0
    ) -> Event:
        from timeline.io.records import build_event

        _check_fields(values)
        if as_of:  # a day given for this event wins over its source's published day
            values = values | {"as_of": self.reference_day(as_of).isoformat()}
        return build_event(values, self._context(None), event_id)


_NAMES = {s.key: s.name for s in TYPED_FIELDS if s.kind == "names"}
"""The names fields by their `by` word (`actor` -> `actors`)."""
_FIELD_NAMES = frozenset(s.name for s in TYPED_FIELDS)


DRAWN = frozenset(("timelinejs", "ics", "html", "svg", "markdown"))
"""The export formats that place events on a calendar or a line: asked of a role, they use its
date in place of the main one. Data formats (JSON, CSV) keep every date as it is."""


def _drawn(events: Iterator[Event], fmt: str, role: str | None) -> Iterator[Event]:
    """The events as format `fmt` shows them: with a role and a drawing format, on the role's
    date (`Event.on`)."""
    if role is None or fmt not in DRAWN:
        return events
    return (e.on(role) for e in events)


def _lane(by: str | None) -> str | None:
    """The field a chart's lanes group by (`actors` for `actor`), or None for one lane."""
    return select.grouping(by)


def _check_fields(values: dict[str, Field]) -> None:
    unknown = [k for k in values if k not in _FIELD_NAMES]
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}; known: {', '.join(sorted(_FIELD_NAMES))}")


def _fields_of(event: Event) -> dict[str, Field]:
    """An event's typed fields as loose values (what `edit` starts from)."""
    out: dict[str, Field] = {}
    for spec in TYPED_FIELDS:
        value = getattr(event, spec.name)
        if isinstance(value, date):
            value = value.isoformat()
        out[spec.name] = list(value) if isinstance(value, tuple) else value
    return out


def _redated(old: Event, given: dict[str, Field], drop: Iterable[str]) -> dict[str, Field]:
    """The changes of an edit with its role dates merged into the event's own: `dates` given
    replace the same roles and keep the others (a role given as `{"source": …}` alone keeps
    its date; one given a date without a source keeps its source); each role in `drop` is
    removed (one the event lacks is a `NotFoundError`, one both set and dropped a
    `UsageError`)."""
    from timeline.errors import NotFoundError
    from timeline.io.records import role_items
    from timeline.model import RoleDate, role_name

    dropped = [role_name(r) for r in drop]
    if "dates" not in given and not dropped:
        return given
    kept: dict[str, object] = {d.role: d for d in old.dates}
    setting = role_items(given.get("dates"))
    for role, value in list(setting.items()):
        if isinstance(value, Mapping) and "when" not in value:  # only its source: keep the date
            had = kept.get(role)
            if not isinstance(had, RoleDate):
                raise NotFoundError(
                    f"event #{old.id} has no {role!r} date to name a source for; "
                    f"give its date too (--date {role}=DATE)"
                )
            setting[role] = {"when": had.when, "end_when": had.end_when, **value}
        elif isinstance(value, Mapping) and "source" not in value:  # a new date, same source
            had = kept.get(role)
            if isinstance(had, RoleDate) and had.source:
                setting[role] = {**value, "source": had.source}
    for role in dropped:
        if role not in kept:
            have = ", ".join(kept) or "none"
            raise NotFoundError(f"event #{old.id} has no {role!r} date (its roles: {have})")
        if role in setting:
            raise UsageError(f"--drop-date {role}: the same edit also sets it; give one")
        del kept[role]
    merged = {k: v for k, v in kept.items() if k not in setting} | setting
    return given | {"dates": merged}


def _recited(old: Event, given: dict[str, Field]) -> dict[str, Field]:
    """The changes of an edit, with `source` or `quote` alone turned into the citations they
    mean (see `Timeline.edit`)."""
    if "citations" in given or not ({"source", "quote"} & set(given)):
        return given
    first = old.citations[0] if old.citations else None
    quote = given.get("quote", first.quote if first else old.quote)
    if "source" in given:
        source = given["source"]
        if not source:  # `--source ''`: no sources; the quote, if any, stays as a loose one
            return given | {"citations": [], "source": None, "quote": quote}
        item = {"source": source, "quote": quote, "when": first.when if first else None}
        return given | {"citations": [item]}
    if first is None:
        return given
    words = quote if isinstance(quote, str) and quote else None
    return given | {"citations": [first._replace(quote=words), *old.citations[1:]]}


def _stdout() -> TextIO:
    import sys

    return sys.stdout


def open(
    path: str | os.PathLike[str] = "events.db",
    *,
    create: bool = False,
    today: date | None = None,
    date_order: str | None = None,
    wait: float | None = None,
) -> Timeline:
    """Open the chronology at `path` (created when `create` and missing); a write waits up to
    `wait` seconds (default 60) while another process writes."""
    return Timeline(path, create=create, today=today, date_order=date_order, wait=wait)
