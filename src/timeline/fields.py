"""How an event field is declared: once, beside its attribute in `timeline.model.Event`.

Each attribute of `Event` carries a `Spec` in its dataclass metadata, and every layer derives
what it needs from those specs instead of naming fields again: the store's columns and row
mapping, the history's typed columns, the CSV and JSON names of import and export, the options
of `add` and `edit`, the filters of every listing command, and the lines of `show`.

Decisions encoded here:
- A field has one name in Python (the attribute, the API keyword); its published spellings (SQL
  column, CSV header, JSON key, command-line option) default to that name and are given only
  where they differ (`when` is the column `when_text`, `end_when` the CSV column `end`).
- The kind says how a value is read and shown: `title` (required one-line text), `date` (the
  required date text), `end` (an optional end date text), `day` (an ISO day), `names` (a list of
  names in a link table), `citations` (the sources an event cites, in their own table),
  `roles` (the event's role dates, each a role and a fuzzy date, in their own table),
  `text` (one line), `block` (text whose line breaks are kept), `number`,
  `stamp` (an ISO date-time the store sets), `id`, `uuid` (the identity that travels with the
  record between files: set by the store, kept by export and import, never typed), and
  `derived` (computed from other fields, never typed).
- A field filters when `filter` says how: `any` (equal to any of the values given, without
  regard to ASCII case), `contains` (contains the text given), `cites` (the event cites a
  source whose title contains the text, or the source `#ID`). Names filter as `any` through
  their link table. The filter's keyword and option are the field's option (`--actor` filters
  by `actor=`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

KINDS = ("id", "uuid", "title", "date", "end", "day", "names", "citations", "roles", "text",
         "block", "number", "stamp")  # fmt: skip
KINDS_DERIVED = ("derived",)
FILTERS = ("any", "contains", "cites")


@dataclass(frozen=True, slots=True)
class Spec:
    """One field's declaration (its `name` is filled in from the attribute)."""

    kind: str
    name: str = ""
    column: str | None = None  # the `events` column (unset: the name, for stored kinds)
    csv: str | None = None  # the CSV header (unset: the name, for typed fields and stamps)
    json: str | None = None  # the JSON key (unset: the name)
    option: tuple[str, ...] = ()  # the spellings of its option on `add` and `edit`
    metavar: str = "TEXT"
    help: str = ""
    label: str = ""  # its name in `show`
    filter: str | None = None  # "any" or "contains"
    filter_help: str = ""
    max_length: int | None = None  # for text fields; None: no limit of its own
    part_of: str = ""  # shown on the line of this other field (a unit after its value)

    @property
    def typed(self) -> bool:
        """Whether users type it (an edit that changes it is named in the history)."""
        return self.kind not in ("id", "uuid", "stamp", "derived")

    @property
    def repeats(self) -> bool:
        return self.kind == "names"

    @property
    def key(self) -> str:
        """The filter's keyword (`actor` for `--actor`)."""
        return self.option[0].removeprefix("--").replace("-", "_") if self.option else self.name


def field(kind: str, default: Any = None, **spec: Any) -> Any:
    """A dataclass field carrying its `Spec` (`name` is set by `specs_of`)."""
    meta = {"spec": Spec(kind, **spec)}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


REQUIRED = dataclasses.MISSING


def specs_of(cls: type) -> tuple[Spec, ...]:
    """The specs of a dataclass's fields in declaration order, with the name filled in and each
    spelling settled: an unset spelling is the field's name where the kind has one (a column for
    stored kinds, a CSV header for typed fields and stamps, a JSON key for all), and `""` in the
    declaration means the field has none (None here)."""
    out = []
    for f in dataclasses.fields(cls):
        spec: Spec = f.metadata["spec"]
        stored = spec.kind not in ("names", "citations", "roles", "derived")
        in_csv = spec.typed or spec.kind in ("stamp", "uuid")
        out.append(
            dataclasses.replace(
                spec,
                name=f.name,
                column=_spelling(spec.column, f.name, stored),
                csv=_spelling(spec.csv, f.name, in_csv),
                json=_spelling(spec.json, f.name, True),
                label=spec.label or f.name.replace("_", " "),
            )
        )
    return tuple(out)


def _spelling(given: str | None, name: str, by_default: bool) -> str | None:
    if given is None:
        return name if by_default else None
    return given or None
