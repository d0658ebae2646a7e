"""The piped listing reads only what it prints (`Timeline.lines`): the same lines as from
the full events, for every kind of date, selection and reference day; and `list -f csv`
writes the export's file from flat rows, the same file the events make."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from timeline.api import Timeline
from timeline.errors import UsageError
from timeline.render.viewkit import plain

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2024, 10, 15)
WHENS = ("August 2022", "late 2023", "by March 2024", "since early 2023", "c. 2022", "2022?",
         "2023-05-01", "between 2021 and 2022", "spring 2024", "last month", "1960s",
         "after June 2023", "~2023-02", "since 2024-09-01")  # fmt: skip
ACTORS = ("Iran", "Russia", "North Korea", "Ukraine", "China", "A, B", "x\x1b[31my", "\u202eevil",
          "tab\there", "\u0645\u06cc\u200c\u062e")  # fmt: skip
SELECTIONS: tuple[dict[str, object], ...] = (
    {},
    {"reverse": True},
    {"limit": 3},
    {"reverse": True, "limit": 2},
    {"actor": "Iran"},
    {"from_": "2023", "to": "2024"},
    {"from_": "2024-01", "strictly": True},
    {"search": "drones"},
)

event = st.tuples(
    st.one_of(
        st.sampled_from(("Shahed drones", "Hwasong-11 missiles")),
        st.text(
            st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30
        ),
    ),
    st.sampled_from(WHENS),
    st.lists(st.sampled_from(ACTORS), max_size=3, unique=True),
)


def _lines(found: object) -> str:
    out = io.StringIO()
    plain(found, out)  # type: ignore[arg-type]
    return out.getvalue()


def _fill(tl: Timeline, events: list[tuple[str, str, list[str]]]) -> None:
    for title, when, actors in events:
        tl.add(title.strip() or "untitled", when=when, actors=actors)


def _same(tl: Timeline) -> None:
    for selection in SELECTIONS:
        events = list(tl.events(**selection))
        lines = list(tl.lines(**selection))
        assert [line.id for line in lines] == [e.id for e in events], selection
        for line, e in zip(lines, events, strict=True):
            for name in ("title", "when", "start", "end", "ongoing", "actors"):
                assert getattr(line, name) == getattr(e, name), (selection, name)
            assert (line.earliest, line.latest) == (e.earliest, e.latest)
        assert _lines(lines) == _lines(events), selection


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event, min_size=1, max_size=12), st.sampled_from(("2024-03-01", "2024-10-15")))
def test_lines_print_as_the_events_do(
    events: list[tuple[str, str, list[str]]], reading_day: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.db"
        with timeline.open(path, create=True, today=TODAY) as tl:
            _fill(tl, events)
        with timeline.open(path, today=date.fromisoformat(reading_day)) as tl:
            _same(tl)  # an earlier reading day cuts the ongoing ends: both ways alike


def test_an_ongoing_end_is_cut_at_an_earlier_reference_day(tmp_path: Path) -> None:
    with timeline.open(tmp_path / "t.db", create=True, today=TODAY) as tl:
        tl.add("Shahed deliveries", when="since early 2023", actors=["Iran"])
    with timeline.open(tmp_path / "t.db", today=date(2024, 3, 1)) as tl:
        (line,) = tl.lines()
        (stored,) = tl.store.iter_lines(tl.filters({}, as_of=TODAY))
    assert line.ongoing and line.latest == date(2024, 3, 1)
    assert stored.latest == TODAY
    assert "2023-01-01..2024-03-01+" in _lines([line])


def test_lines_are_not_asked_of_a_role(tmp_path: Path) -> None:
    with timeline.open(tmp_path / "t.db", create=True, today=TODAY) as tl:
        tl.add("Shahed drones", when="August 2022", dates={"delivered": "September 2022"})
        with pytest.raises(UsageError):
            tl.lines(role="delivered")


def test_the_piped_listing_of_the_bundled_database_is_the_events_listing(tmp_path: Path) -> None:
    db = ROOT / "events.db"
    env = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
           "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"]}  # fmt: skip
    for args in ((), ("-a", "Iran"), ("--reverse", "-n", "5")):
        done = subprocess.run(
            [sys.executable, "-m", "timeline", "--db", str(db), "list", *args],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        with timeline.open(db, today=TODAY) as tl:
            selection: dict[str, object] = {}
            if "-a" in args:
                selection["actor"] = "Iran"
            if "--reverse" in args:
                selection.update(reverse=True, limit=5)
            expected = _lines(tl.events(**selection))
        assert done.stdout == expected and expected.count("\n") >= 4, args


def test_list_as_csv_is_the_file_the_events_make(tmp_path: Path) -> None:
    """`list -f csv` writes the export's file from flat rows: the CSV of the events, cell for
    cell, role-date columns, a guarded formula, an ongoing end cut at the reference day, an
    empty selection and `--role` (written from the events) included."""
    from typer.testing import CliRunner

    from timeline.cli.app import app
    from timeline.render.formats import Options, writer

    db = tmp_path / "t.db"
    with timeline.open(db, create=True, today=TODAY) as tl:
        tl.add("Shahed drones", when="August 2022", actors=["Iran", "Russia"],
               dates={"delivered": "September 2022"})  # fmt: skip
        tl.add("Hwasong-11 missiles", when="late 2023", actors=["North Korea"], value=50)
        tl.add("Deliveries", when="since early 2023", actors=["Iran"], notes='=cmd|"/c"')
    env = {"TIMELINE_TODAY": "2024-03-01", "NO_COLOR": "1"}
    cases: tuple[tuple[dict[str, object], list[str]], ...] = (
        ({}, []),
        ({"actor": "Iran"}, ["-a", "Iran"]),
        ({"reverse": True, "limit": 1}, ["--reverse", "-n", "1"]),
        ({"from_": "2030"}, ["--from", "2030"]),
    )
    for selection, args in cases:
        result = CliRunner().invoke(app, ["--db", str(db), "list", "-f", "csv", *args], env=env)
        assert result.exit_code == 0, result.stderr
        with timeline.open(db, today=date(2024, 3, 1)) as tl:
            out = io.StringIO()
            events = tl.events(**selection)  # with a role too: the rows keep their own dates
            writer("list", "csv")(events, out, Options(roles=tl.roles(**selection)))
        assert result.stdout_bytes.decode("utf-8") == out.getvalue(), args
        assert out.getvalue().startswith("id,uuid,title,")


def test_the_piped_listing_cuts_ongoing_ends_and_merges_open_starts(tmp_path: Path) -> None:
    """Through the command: an earlier today cuts an ongoing end; `-n` keeps the listing order
    with an open start (`by March 2024`, sorted by its latest day) merged in."""
    from typer.testing import CliRunner

    from timeline.cli.app import app

    db = tmp_path / "t.db"
    with timeline.open(db, create=True, today=TODAY) as tl:
        tl.add("Deliveries", when="since early 2023", actors=["Iran"])
        tl.add("Pledge", when="by March 2024", actors=["Iran"])
        tl.add("Shells", when="late 2023", actors=["North Korea"])
    result = CliRunner().invoke(
        app, ["--db", str(db), "list", "-n", "3", "--reverse"],
        env={"TIMELINE_TODAY": "2024-03-01", "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with timeline.open(db, today=date(2024, 3, 1)) as tl:
        expected = _lines(tl.events(reverse=True, limit=3))
    assert result.stdout_bytes.decode("utf-8") == expected
    first, second, third = expected.splitlines()
    assert "#2" in first and "Pledge" in first and "..2024-03-31" in first
    assert "#3" in second and "Shells" in second
    assert "#1" in third and "2023-01-01..2024-03-01+" in third


def test_a_tree_is_a_tree_whatever_format_the_config_file_names(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from timeline.cli.app import app

    db = tmp_path / "t.db"
    with timeline.open(db, create=True, today=TODAY) as tl:
        tl.add("Shahed drones", when="August 2022", actors=["Iran"])
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "timeline" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    env = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
    for fmt in ("csv", "json"):
        config.write_text(f'format = "{fmt}"\n', encoding="utf-8")
        result = CliRunner().invoke(app, ["--db", str(db), "list", "--view", "tree"], env=env)
        assert result.exit_code == 0, result.stderr
        out = result.stdout_bytes.decode("utf-8")
        assert out.startswith("2022\n") and "Shahed drones" in out, fmt
        empty = CliRunner().invoke(
            app, ["--db", str(db), "list", "--view", "tree", "--from", "2030"], env=env
        )
        assert empty.exit_code == 0 and empty.stdout_bytes == b"", fmt
        assert "no events match" in empty.stderr


def test_any_says_whether_a_selection_holds_an_event(tmp_path: Path) -> None:
    with timeline.open(tmp_path / "t.db", create=True, today=TODAY) as tl:
        assert not tl.any()
        tl.add("Shahed drones", when="August 2022", actors=["Iran"],
               dates={"delivered": "September 2022"})  # fmt: skip
        assert tl.any() and tl.any(actor="Iran") and tl.any(role="delivered")
        assert not tl.any(actor="China") and not tl.any(role="signed")
        assert not tl.any(from_="2030") and tl.any(from_="2022-08", to="2022-08")
        with tl.snapshot():
            assert tl.any() and tl.count() == 1
