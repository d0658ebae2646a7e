"""The stored claims (CLAIMS.md, "Stored claims"): recorded with their verdict, kept in the
record (history, undo, export and import), and checked again whenever asked.

Decisions encoded here (* where CLAIMS.md is silent):
- *A stored claim keeps what was checked as typed (its kind, the claim, the anchors, the
  window, the selection) and the reference day it was read against: one recorded without
  `as_of` keeps the day it was recorded, so "last month" means what it meant then.
- Re-checking runs the same check on the chronology as it is now; the verdict recorded then is
  kept beside, so a sheet can say which verdicts changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from timeline import claims as c
from timeline.api.claims import (
    check_count,
    check_duration,
    check_first,
    check_gap,
    check_order,
)

if TYPE_CHECKING:
    from timeline.api.timeline import Timeline

_COLUMNS = ("kind", "claim", "a", "b", "within", "selection", "as_of", "source", "quote")


def record(
    tl: Timeline, check: c.Check, args: Mapping[str, object], *, source: str | None,
    quote: str | None,
) -> c.Claim:  # fmt: skip
    """Store a checked claim with its verdict, as one change in the history."""
    from timeline.store import records

    row = {k: args.get(k) for k in _COLUMNS} | {"source": source, "quote": quote}
    row["selection"] = json.dumps(args.get("selection") or {}, ensure_ascii=False, sort_keys=True)
    row["as_of"] = str(args.get("as_of") or tl.today.isoformat())
    row |= {"recorded_verdict": check.verdict}
    stamp = tl.store.clock()
    row |= {"created_at": stamp, "updated_at": stamp}
    from timeline.store.sources import new_uuid

    row["uuid"] = new_uuid()
    new_id = records.add(tl.store, "claim", row, f"claim: {check.claim}")
    return stored(tl, new_id)


def stored(tl: Timeline, claim_id: int) -> c.Claim:
    from timeline.store import records

    return _claim(records.get(tl.store, "claim", claim_id))


def _claim(row: Mapping[str, Any]) -> c.Claim:
    return c.Claim(**{**row, "selection": json.loads(row["selection"] or "{}")})


def all_claims(tl: Timeline) -> list[c.Claim]:
    from timeline.store import records

    return [_claim(row) for row in records.all_rows(tl.store, "claim")]


def recheck(tl: Timeline, claim: c.Claim) -> c.Check:
    """Check a stored claim again, against the chronology as it is now."""
    selection = claim.selection
    as_of = claim.as_of
    if claim.kind == "gap":
        return check_gap(tl, selection, after=claim.a or "", lasted=claim.claim, as_of=as_of)
    if claim.kind == "duration":
        return check_duration(tl, selection, a=claim.a or "", b=claim.b or "",
                              lasted=claim.claim, as_of=as_of)  # fmt: skip
    if claim.kind == "count":
        return check_count(tl, selection, within=claim.within or "", count=claim.claim,
                           as_of=as_of)  # fmt: skip
    if claim.kind == "first":
        return check_first(tl, selection, a=claim.a or "", since=claim.b or "", as_of=as_of)
    return check_order(tl, a=claim.a or "", b=claim.b or "", relation=claim.claim, as_of=as_of)


def delete(tl: Timeline, claim_id: int) -> c.Claim:
    from timeline.store import records

    return _claim(records.delete(tl.store, "claim", claim_id, f"claim #{claim_id}"))


class Claims:
    """`tl.claims`: the stored claims, kept in the record (history, undo, export)."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl

    def record(
        self, check: c.Check, args: Mapping[str, object], *, source: str | None = None,
        quote: str | None = None,
    ) -> c.Claim:  # fmt: skip
        """Store a checked claim (`args`: kind, claim, a, b, within, selection, as_of)."""
        return record(self.tl, check, args, source=source, quote=quote)

    def all(self) -> list[c.Claim]:
        return all_claims(self.tl)

    def rechecked(self) -> list[tuple[c.Claim, c.Check]]:
        """Every stored claim, checked again against the chronology as it is now."""
        with self.tl.store.snapshot():
            return [(claim, recheck(self.tl, claim)) for claim in all_claims(self.tl)]

    def delete(self, claim_id: int) -> c.Claim:
        return delete(self.tl, claim_id)
