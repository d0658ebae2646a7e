"""`export -f json` and `-f jsonl` are written from JSON rows (`timeline.store.flat.json_rows`,
`timeline.api.json_export`): the file must be, byte for byte, the one the event writer
(`render.events.to_json` / `to_jsonl`) makes from the same selection's events, including the
rows handed to the full event and the claims and sources written after the events."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from timeline.api import Timeline
from timeline.render.events import to_json, to_jsonl
from timeline.store.flat import JSON_ROLE_DATED, json_rows

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2024, 10, 15)
FORMATS = ("json", "jsonl")


def by_events(
    tl: Timeline, fmt: str, extra: list[object] | None = None, **selection: object
) -> str:
    filters = tl.filters(selection)
    out = io.StringIO()
    (to_json if fmt == "json" else to_jsonl)(tl.store.iter_events(filters), out, extra or [])
    return out.getvalue()


def by_export(tl: Timeline, fmt: str, **selection: object) -> str:
    out = io.StringIO()
    tl.export(fmt, out, **selection)
    return out.getvalue()


SELECTIONS: list[dict[str, object]] = [
    {},
    {"reverse": True},
    {"limit": 3},
    {"actor": "Iran"},
    {"from_": "2023", "to": "2024"},
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("selection", SELECTIONS)
def test_the_bundled_chronology_exports_as_the_event_writer_writes_it(
    tmp_path: Path, fmt: str, selection: dict[str, object]
) -> None:
    db = tmp_path / "events.db"
    shutil.copy(ROOT / "events.db", db)
    with timeline.open(db, today=TODAY) as tl:
        flat = by_export(tl, fmt, **selection)
        assert flat == by_events(tl, fmt, **selection)
        docs = json.loads(flat) if fmt == "json" else [json.loads(x) for x in flat.splitlines()]
        expected = [e.id for e in tl.store.iter_events(tl.filters(selection))]
        assert expected and [d["id"] for d in docs] == expected


@pytest.fixture
def tricky(tmp_path: Path) -> Timeline:
    """Every kind of row the JSON rows write themselves, and every kind they must not."""
    with timeline.open(tmp_path / "t.db", create=True, today=TODAY, date_order="DMY") as tl:
        tl.add("plain", when="August 2022", actors=["Iran", "Russia"], tags=["drones"],
               value=46, unit="UAV", location="Tehran")  # fmt: skip
        tl.add('quote " and \\ back', when="late 2023", notes="tab\there\nline\x01\x1f\x7f")
        tl.add("fraction", when="2023", value=0.1 + 0.2)
        tl.add("large", when="2023", value=1e20)
        tl.add("tiny", when="2023", value=-5e-324)
        tl.add("integer", when="2023", value=2**62)
        tl.add("unicode \u2028 \u2029 \ufeff é 😀", when="2021", quote="a\r\nb")
        tl.add("approximate", when="c. 2019", end_when="c. 2020")
        tl.add("ongoing", when="since early 2023", as_of="2024-10-15")
        tl.add("open start", when="by March 2024")
        tl.add("open end", when="2004-06-01/")
        tl.add("season", when="winter 2023")
        tl.add("role dated", when="2023", dates={"delivered": "late 2023"})
        cited = [{"source": "A paper", "quote": "q", "when": "early 2022"},
                 {"source": "Другой", "quote": None}]  # fmt: skip
        tl.add("cited", when="2022", citations=cited)
        tl.add("names", when="2020-05-04", actors=["'quoted", 'a"b', "c\\d"], tags=["@t"])
        yield tl


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kind_of_row_matches_the_event_writer(tricky: Timeline, fmt: str) -> None:
    flat = by_export(tricky, fmt)
    assert flat == by_events(tricky, fmt)
    assert "0.30000000000000004" in flat and "1e+20" in flat and str(2**62) in flat
    assert '"delivered": {"when": "late 2023"' in flat  # the role-dated row, from its event
    assert "\\u0001" in flat and "\u2028" in flat and '"Другой"' in flat


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_reference_day_cuts_the_ongoing_end_in_both(tricky: Timeline, fmt: str) -> None:
    with timeline.open(tricky.path, today=date(2024, 1, 31)) as earlier:
        flat = by_export(earlier, fmt)
        assert flat == by_events(earlier, fmt)
    assert "2024-01-31" in flat and "2024-01-31" not in by_export(tricky, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_claims_and_sources_follow_the_events_as_before(tricky: Timeline, fmt: str) -> None:
    check = tricky.check.count(within="2023", count="four")
    tricky.claims.record(check, {"kind": "count", "claim": "four", "within": "2023"})
    extra = [*tricky._claim_objects(), *({"source": s.to_json()} for s in tricky.sources.all())]
    assert len(extra) >= 3
    out = io.StringIO()
    tricky.export(fmt, out, claims=True, sources=True)
    assert out.getvalue() == by_events(tricky, fmt, extra)


def test_an_empty_selection_is_an_empty_list_or_no_lines(tricky: Timeline) -> None:
    assert (
        by_export(tricky, "json", actor="nobody") == "[]\n" == by_events(tricky, "json", actor="x")
    )
    assert by_export(tricky, "jsonl", actor="nobody") == ""


def test_json_rows_say_which_events_have_role_dates(tricky: Timeline) -> None:
    found = list(json_rows(tricky.store, tricky.filters({})))
    assert len(found) == 15 and sum(r[JSON_ROLE_DATED] for r in found) == 1
    with pytest.raises(ValueError, match="own dates"):
        json_rows(tricky.store, tricky.filters({"role": "delivered"}))


def test_sqlite_quotes_every_character_as_the_json_module_does() -> None:
    """The rule the segments rest on, over every code point below U+0800 and a few above."""
    conn = sqlite3.connect(":memory:")
    points = [*range(1, 0x800), 0x2028, 0x2029, 0xFEFF, 0xFFFF, 0x1F600, 0x10FFFF]
    text = "".join(map(chr, points))
    encode = json.JSONEncoder(ensure_ascii=False).encode
    assert conn.execute("SELECT json_quote(?)", [text]).fetchone()[0] == encode(text)
    assert conn.execute("SELECT json_quote(NULL)").fetchone()[0] == encode(None)


TEXT = st.text(
    st.one_of(st.sampled_from(list('ab ;,"\'\\=+-@\t\r\n/.0é\u2028')),
              st.characters(min_codepoint=1, max_codepoint=0x10FFFF,
                            blacklist_categories=("Cs",))),
    min_size=0, max_size=8,
)  # fmt: skip
WHEN = st.sampled_from(
    ["2023", "late 2023", "August 2022", "c. 2019", "by March 2024", "03/09/2024", "2024-02-29",
     "since early 2023", "2004-06-01/", "winter 2023", "1999-12-31"]
)  # fmt: skip
VALUE = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1),
                  st.floats(allow_nan=False, allow_infinity=False))  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(TEXT, WHEN, TEXT, VALUE), min_size=1, max_size=6))
def test_any_events_export_as_the_event_writer_writes_them(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str, str, float | int | None]],
) -> None:
    db = tmp_path_factory.mktemp("flatjson") / "h.db"
    with timeline.open(db, create=True, today=TODAY, date_order="DMY") as tl:
        for title, when, note, value in rows:
            name = note.strip()
            tl.add(title.strip() or "t", when=when, notes=note or None, value=value,
                   actors=[name] if name else [], tags=[title] if title.strip() else [],
                   source=f"Source {name}" if name else None)  # fmt: skip
        for fmt in FORMATS:
            for selection in ({}, {"reverse": True}, {"limit": 2}):
                assert by_export(tl, fmt, **selection) == by_events(tl, fmt, **selection)
    with timeline.open(db, today=date(2023, 6, 30)) as earlier:
        assert by_export(earlier, "jsonl") == by_events(earlier, "jsonl")


def test_only_the_rows_the_segments_cannot_write_are_read_in_full(
    tricky: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Role-dated rows, and ongoing ones (whose end the reference day cuts)."""
    fetched: list[int] = []
    get = tricky.store.get
    monkeypatch.setattr(tricky.store, "get", lambda i: fetched.append(i) or get(i))
    for fmt in FORMATS:
        fetched.clear()
        by_export(tricky, fmt)
        assert sorted(get(i).title for i in fetched) == ["ongoing", "role dated"]


@pytest.mark.parametrize("args", [["--json"], ["--format", "jsonl"], ["--json", "-n", "4"],
                                  ["--json", "--reverse", "-a", "Iran"]])  # fmt: skip
def test_list_json_is_the_event_writers_list(
    tricky: Timeline, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """`list --json` (a plain list) and `--format jsonl` go the same way, through the CLI."""
    from typer.testing import CliRunner

    from timeline.cli.app import app

    monkeypatch.setenv("TIMELINE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TIMELINE_DATE_ORDER", "DMY")
    result = CliRunner().invoke(app, ["--db", str(tricky.path), "list", *args])
    assert result.exit_code == 0, result.output
    fmt = "jsonl" if "jsonl" in args else "json"
    selection: dict[str, object] = {"limit": 4} if "-n" in args else {}
    if "--reverse" in args:
        selection = {"reverse": True, "actor": "Iran"}
    assert result.stdout == by_events(tricky, fmt, **selection)
    assert len(json.loads(result.stdout) if fmt == "json" else result.stdout.splitlines()) >= 1


def test_list_json_as_a_subprocess_and_of_a_role(tmp_path: Path) -> None:
    """The bundled chronology, by the installed command; a role's selection keeps its events."""
    import os
    import subprocess
    import sys

    db = tmp_path / "events.db"
    shutil.copy(ROOT / "events.db", db)
    env = {**os.environ, "TIMELINE_TODAY": TODAY.isoformat(), "TIMELINE_DB": str(db)}
    command = Path(sys.executable).with_name("timeline")
    out = subprocess.run([str(command), "list", "--json"], env=env, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    with timeline.open(db, today=TODAY) as tl:
        assert out == by_events(tl, "json")
        with pytest.raises(timeline.UsageError, match="role"):
            tl.json_texts(role="delivered")
        assert [json.loads(t) for t in tl.json_texts(actor="Iran")] == [
            json.loads(by_events(tl, "jsonl", actor="Iran").splitlines()[i])
            for i in range(tl.count(actor="Iran"))
        ]
