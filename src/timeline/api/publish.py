"""`timeline publish DIR`: a snapshot of the chronology that Datasette serves as it stands, with
what the tool computes and SQL cannot (`tl.publish`).

Decisions encoded here (* where the issue is silent):
- DIR gets three files: `timeline.db` (the snapshot), `metadata.json` (`api.datasette`) and
  `README.md` (how to serve it). *The snapshot's name is fixed, so the URLs (`/timeline/
  chronology`) and the serving command are the same for every chronology; DIR may not be where
  that name is the database itself.
- Nothing is written before the database has been opened and checked: a foreign or newer file
  is a `StorageError` (exit 5) and DIR is left as it was (not even created).
- The snapshot is an online-backup copy (one consistent state, even while others write) made
  beside its target, and everything publishing computes (the gaps, the claims' verdicts) is
  read from that copy, so it describes exactly the events the snapshot holds. The copy is then
  sealed (out of WAL mode, checked) and renamed into place: DIR holds the old snapshot or the
  new one, never half of one.
- *An existing file of those names is replaced only when publishing wrote it: a timeline
  database, a JSON `metadata.json` (whose title, description, licence and source are kept), a
  README that says it was written here. Anything else is refused (exit 2).
- The gaps are the tool's own (`tl.gaps`): over the whole chronology, per actor and per
  category, every one of them (no `--min`), each group's longest ranked 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.errors import StorageError, UsageError

if TYPE_CHECKING:
    from timeline.api.timeline import Timeline

SNAPSHOT = "timeline.db"
METADATA = "metadata.json"
README = "README.md"
MARK = "<!-- written by `timeline publish`: it replaces this file when it publishes again -->"
SCOPES = (("all", None), ("actor", "actor"), ("category", "category"))
SERVE_COMMAND = f"datasette serve -i {SNAPSHOT} -m {METADATA}"
"""How the README says to serve the folder (`-i`: immutable, read-only)."""


class Published(NamedTuple):
    """Where a publish wrote, and what the snapshot holds."""

    folder: Path
    database: Path
    metadata: Path
    readme: Path
    events: int
    gaps: int
    claims: int


def publish(tl: Timeline, given: str, *, title: str | None = None) -> Published:
    """The body of `Timeline.publish`."""
    folder = _folder(given)
    database = folder / SNAPSHOT
    existing = _checked_targets(folder, Path(tl.path))
    store = tl.store  # a foreign or newer database stops here, before anything is written
    with _made(folder):
        from timeline.api.files import atomic_path, atomic_text, mode_for
        from timeline.store.published import seal

        with atomic_path(database, mode_for(database)) as tmp:
            events = store.backup_to(tmp)
            gaps, claims, about = _complete(tl, tmp, events)
            seal(tmp)
        from timeline.api.datasette import metadata, user_fields
        from timeline.store.published import QUERIES

        user = user_fields(existing, title)
        doc = metadata(user, about, QUERIES)
        with atomic_text(folder / METADATA) as out:
            json.dump(doc, out, ensure_ascii=False, indent=2)
            out.write("\n")
        with atomic_text(folder / README) as out:
            out.write(readme(user["title"], about))
    return Published(folder, database, folder / METADATA, folder / README, events, gaps, claims)


def _folder(given: str) -> Path:
    if not given.strip():
        raise UsageError("publish needs a folder to write to")
    if "\x00" in given:
        raise UsageError("a folder name cannot contain a NUL byte")
    folder = Path(given)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{given!r} is a file; publish writes a folder")
    return folder


def _checked_targets(folder: Path, db: Path) -> object:
    """Refuse targets publishing did not write; the earlier metadata (parsed), if any."""
    from timeline.api.files import refuse_database_target
    from timeline.store.maintenance import is_timeline_file

    database = folder / SNAPSHOT
    refuse_database_target(database, db, "snapshot")
    if database.exists() and not is_timeline_file(database):
        raise UsageError(f"{str(database)!r} exists and is not a timeline database; not replaced")
    readme_path = folder / README
    if readme_path.exists() and MARK not in _text(readme_path):
        raise UsageError(f"{str(readme_path)!r} exists and was not written by publish")
    meta = folder / METADATA
    if not meta.exists():
        return None
    try:
        found = json.loads(_text(meta))
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise UsageError(f"{str(meta)!r} exists and is not Datasette metadata (a JSON object)")
    return found


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise StorageError(f"cannot read {str(path)!r}: {err.strerror or err}") from None


@contextmanager
def _made(folder: Path) -> Iterator[None]:
    """`folder`, created (with its parents) if missing, and removed again on failure when this
    created it and it is still empty."""
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StorageError(f"cannot create {str(folder)!r}: {err.strerror or err}") from None
    try:
        yield
    except BaseException:
        if created:
            with suppress(OSError):
                folder.rmdir()
        raise


def _complete(tl: Timeline, copy: Path, events: int) -> tuple[int, int, str]:
    """Add what the tool computes to the copy at `copy` (read from the copy itself): how many
    gap rows and claim rows, and the database's description."""
    from timeline.api.timeline import Timeline
    from timeline.store.published import add_published

    with Timeline(copy, today=tl.today, date_order=tl.date_order) as snap:
        store = snap.store
        with store.snapshot():
            gap_rows = list(gap_records(snap))
            check_rows = list(claim_records(snap))
            first, last = _extent(snap)
        gaps, claims = add_published(store, gap_rows, check_rows)
    day = tl.today.isoformat()
    span = f", the first starting {first} and the last {last}" if first else ""
    about = (
        f"{events} events{span}; published {day} by timeline. The gaps and the claims' "
        "verdicts were computed then, on these events."
    )
    return gaps, claims, about


def _extent(tl: Timeline) -> tuple[str, str]:
    events = tl.events()
    first = next(events, None)
    if first is None:
        return "", ""
    last = next(tl.events(reverse=True, limit=1), first)
    return first.sort_day.isoformat(), last.sort_day.isoformat()


def gap_records(tl: Timeline) -> Iterator[dict[str, Any]]:
    """The `gaps` rows: the tool's gaps overall, per actor and per category, longest first,
    each group's ranked from 1."""
    from timeline.render.gaps import gap_json

    for scope, by in SCOPES:
        ranks: dict[str | None, int] = {}
        for gap in tl.gaps(by=by).gaps:
            found = gap_json(gap)
            ranks[gap.group] = rank = ranks.get(gap.group, 0) + 1
            row: dict[str, Any] = {"scope": scope, "group_name": gap.group, "rank": rank}
            for side in ("from", "to"):
                ref = found[side]
                row |= _side(side, ref if isinstance(ref, dict) else None)
            for side in ("from_max", "to_max"):
                ref = found[side]
                row[f"{side}_id"] = ref["id"] if isinstance(ref, dict) else None
            row |= {
                "min_from": gap.min_from.isoformat(),
                "min_to": gap.min_to.isoformat(),
                "max_from": gap.max_from.isoformat(),
                "max_to": gap.max_to.isoformat(),
            }
            row |= {k: found[k] for k in ("min_days", "max_days", "min_calendar", "max_calendar")}
            yield row


def _side(side: str, ref: dict[str, Any] | None) -> dict[str, Any]:
    if ref is None:
        return {f"{side}_id": None, f"{side}_title": None, f"{side}_when": None}
    return {f"{side}_id": ref["id"], f"{side}_title": ref["title"], f"{side}_when": ref["when"]}


def claim_records(tl: Timeline) -> Iterator[dict[str, Any]]:
    """The `claim_checks` rows: every stored claim with its verdict on these events."""
    for claim, check in tl.claims.rechecked():
        read = check.claimed
        yield {
            "claim_id": claim.id,
            "kind": check.kind,
            "claim": check.claim,
            "source": claim.source,
            "quote": claim.quote,
            "recorded_verdict": claim.recorded_verdict,
            "verdict": check.verdict,
            "changed": check.verdict != claim.recorded_verdict,
            "read_lo": None if read is None else read.lo,
            "read_hi": None if read is None else read.hi,
            "unit": check.unit,
            "true_min": check.true_min,
            "true_max": check.true_max,
            "deciding": [d.id for d in check.deciding if d.id is not None],
        }


def readme(title: str, about: str) -> str:
    """The folder's README: what it is and how to serve it."""
    from timeline.api.serve import REQUIREMENT

    return f"""{MARK}

# {title}

{about}

Serve it read-only with [Datasette](https://datasette.io/) (`pip install '{REQUIREMENT}'`):

    {SERVE_COMMAND}

and open <http://127.0.0.1:8001/{SNAPSHOT.removesuffix(".db")}/chronology>. `-i` opens the file
immutable: nothing can write to it, so every change goes through timeline, its history and
undo. To change the chronology, change the database with timeline and publish again.

- `chronology`: one row per event, in the tool's order, with its actors and tags (array facets),
  bounds, precision, EDTF, `start_year` and `start_month`, and source titles.
- `gaps`: the quiet periods, overall, per actor and per category, as ranges of days.
- `claim_checks`: every stored claim with its verdict on these events.
- Canned queries: events overlapping a period, the latest event per actor, events needing
  review, quiet periods of at least N days.

Fill in the title, description, licence and source in `{METADATA}`; publishing again keeps
them. The snapshot also holds the history (hidden, not removed).
"""
