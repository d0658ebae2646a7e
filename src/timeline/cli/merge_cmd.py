"""`timeline merge`: another analyst's chronology merged into this one (`Timeline.merge`).

Decisions encoded here:
- The report goes to stdout: one summary line, a line per kind of record, then one line per
  conflict (field by field) and per possible duplicate; `--json` prints it as one object.
- Conflicts do not fail the command (exit 0): they are kept as they are here, and reported, so
  the user can look and merge again with `--prefer theirs`, or `undo`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli.app import command, print_data, timeline_of
from timeline.render.safe import inert

if TYPE_CHECKING:
    from timeline.store.merge_report import Conflict, Counts, MergeReport

MERGE_HELP = """Merge another chronology into this one, as one change (one `timeline undo`).

OTHER is a timeline database or a JSON, JSON Lines or CSV export (`timeline export`). Events,
sources and stored claims are matched by UUID, aliases by name. An event whose UUID is not here
is added; the same UUID with the same content is skipped; the same UUID with different content
is a conflict, reported field by field and left as it is here unless --prefer theirs. An added
event with the title, date bounds and source of one already here is reported as a possible
duplicate. OTHER is only read (from a copy): it is never changed.

\b
Examples:
  timeline merge colleague.db --dry-run
  timeline merge colleague.db --prefer theirs
  timeline merge export.jsonl --json
"""


@command("merge", help=MERGE_HELP)
def merge(
    ctx: typer.Context,
    other: Annotated[
        str,
        typer.Argument(metavar="OTHER", help="A timeline database, or a JSON/JSONL/CSV export."),
    ],
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer", metavar="SIDE", help="theirs|ours: whose fields a conflict keeps."
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; write nothing.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    with timeline_of(ctx) as tl:
        report = tl.merge(other, prefer=prefer, dry_run=dry_run)
    if json_:
        print_data(json.dumps(report.to_json(), ensure_ascii=False))
        return
    for line in _lines(report):
        print(line)


def _lines(report: MergeReport) -> list[str]:
    e = report.events
    added = f"{e.added} event{'' if e.added == 1 else 's'} added"
    if report.first_id is not None:
        span = f"#{report.first_id}" if report.first_id == report.last_id else (
            f"#{report.first_id}–#{report.last_id}")  # fmt: skip
        added += f" ({span})"
    parts = [added, f"{e.same} the same"]
    if e.conflicts:
        kept = "theirs taken" if report.prefer == "theirs" else "ours kept"
        parts.append(f"{e.conflicts} in conflict ({kept})")
    if report.duplicates:
        n = len(report.duplicates)
        parts.append(f"{n} possible duplicate{'' if n == 1 else 's'}")
    head = f"{inert(report.other)}: " + ", ".join(parts)
    if report.dry_run:
        head += " (dry run; nothing written)"
    records = "; ".join(
        f"{name}: {_counts(c)}"
        for name, c in (("sources", report.sources), ("claims", report.claims),
                        ("aliases", report.aliases))
    )  # fmt: skip
    lines = [head, records]
    lines += [_conflict(c) for c in report.conflicts]
    lines += [
        f'possible duplicate: #{d.id} "{inert(d.title)}" is like #{d.like}'
        for d in report.duplicates
    ]
    return lines


def _counts(c: Counts) -> str:
    return f"{c.added} added, {c.same} the same, {c.conflicts} in conflict"


def _conflict(c: Conflict) -> str:
    where = f"{c.kind} #{c.id}" if c.id is not None else c.kind
    fields = "; ".join(
        f"{d.field}: ours {_value(d.ours)}, theirs {_value(d.theirs)}" for d in c.differences
    )
    return f'conflict, {where} "{inert(c.title)}" ({c.taken} kept): {fields}'


def _value(value: object) -> str:
    return inert(json.dumps(value, ensure_ascii=False))
