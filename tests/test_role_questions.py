"""Questions asked of a role's dates (`--role ROLE` on list, gaps, quiet, chart, stats, export,
check), `between '#12:announced' '#12:delivered'` and `timeline lags`."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_cli_events import proc, run

import timeline
from timeline.errors import NotFoundError, UsageError
from timeline.model import Filters
from timeline.store.spans import _query

TODAY = date(2024, 10, 15)


def _fill(tl: timeline.Timeline) -> None:
    """Four events: the main dates close together, the deliveries far apart; #3 has none."""
    tl.add("A", when="2023-01-01", category="aid",
           dates={"announced": "2022-12", "delivered": "2023-06-01"})  # fmt: skip
    tl.add("B", when="2023-02-01", category="aid",
           dates={"announced": "late 2023", "delivered": "2023-12-01"})  # fmt: skip
    tl.add("C", when="2023-03-01", category="aid")
    tl.add("D", when="2024-01-01", category="other", dates={"delivered": "2024-02-01"})


@pytest.fixture
def tl(db_path: Path) -> timeline.Timeline:
    t = timeline.open(db_path, create=True, today=TODAY)
    _fill(t)
    return t


def test_gaps_of_a_role_sweep_that_roles_dates(tl: timeline.Timeline) -> None:
    main = [(g.min_days, g.before and g.before.id) for g in tl.gaps().gaps]
    role = tl.gaps(role="delivered")
    assert main == [(306, 3), (31, 1), (28, 2)]
    assert [(g.min_days, g.before and g.before.id, g.after and g.after.id) for g in role.gaps] == [
        (183, 1, 2), (62, 2, 4)]  # fmt: skip
    assert role.gaps[0].before is not None and role.gaps[0].before.when == "2023-06-01"
    assert [g.min_days for g in tl.gaps(role="delivered", category="aid").gaps] == [183]
    assert tl.gaps(role="used").gaps == []
    assert tl.lacking(role="delivered") == 1 and tl.lacking(role="delivered", category="x") == 0


def test_list_count_stats_quiet_and_export_ask_the_role(tl: timeline.Timeline) -> None:
    assert [e.title for e in tl.events(role="delivered")] == ["A", "B", "D"]
    assert [e.title for e in tl.events(role="delivered", reverse=True, limit=2)] == ["D", "B"]
    assert [e.title for e in tl.events(role="delivered", from_="2023-07", to="2023")] == ["B"]
    assert [e.title for e in tl.events(role="announced", from_="2023")] == ["B"]
    assert tl.count(role="Delivered") == 3
    quarters = {p.period: p.events for p in tl.stats(role="delivered", by="quarter")}
    assert quarters == {"2023-Q2": 1, "2023-Q3": 0, "2023-Q4": 1, "2024-Q1": 1}
    [q] = tl.quiet(role="delivered")
    assert q.last.id == 4 and q.min_days == (TODAY - date(2024, 2, 1)).days
    ics = io.StringIO()
    tl.export("ics", ics, role="delivered")
    assert "DTSTART;VALUE=DATE:20230601" in ics.getvalue()
    assert "DTSTART;VALUE=DATE:20230101" not in ics.getvalue()
    data = io.StringIO()
    tl.export("json", data, role="delivered")
    [a, *_] = json.loads(data.getvalue())
    assert a["when"] == "2023-01-01"  # data formats keep the main date as it is
    layout = tl.chart(role="delivered")
    assert layout is not None


def test_a_category_change_reaches_the_role_dates(tl: timeline.Timeline) -> None:
    """Role rows keep a copy of their event's category (for their index): an edit, an undo
    and a restored delete keep it in step, so `-c` with `--role` selects as `-c` does."""
    assert [e.title for e in tl.events(role="delivered", category="AID")] == ["A", "B"]
    tl.edit(1, category="other")
    assert [e.title for e in tl.events(role="delivered", category="aid")] == ["B"]
    assert [g.min_days for g in tl.gaps(role="delivered", category="other").gaps] == [245]
    tl.undo()
    assert [e.title for e in tl.events(role="delivered", category="aid")] == ["A", "B"]
    tl.rm(1)
    tl.undo()
    assert tl.count(role="delivered", category="aid") == 2
    by = tl.gaps(role="delivered", by="category")
    assert [(g.group, g.min_days) for g in by.gaps] == [("aid", 183)]


def test_check_asks_the_role(tl: timeline.Timeline) -> None:
    held = tl.check.gap(after="#1", lasted="6 months", role="delivered")
    assert held.verdict == "holds" and (held.true_min, held.true_max) == (183, 183)
    main = tl.check.gap(after="#1", lasted="6 months")
    assert main.verdict == "contradicted"
    with pytest.raises(NotFoundError, match="no 'delivered' date"):
        tl.check.gap(after="#3", lasted="6 months", role="delivered")


def test_between_role_dates_and_lags_agree(tl: timeline.Timeline) -> None:
    span = tl.between("#1:announced", "#1:delivered").span
    assert (span.min_days, span.max_days) == (152, 182)
    report = tl.lags("announced", "delivered")
    found = [(g.event.id, g.min_days, g.max_days) for g in report.lags]
    assert found == [(1, 152, 182), (2, -30, 91)]
    assert report.left_out == 2 and report.median == (167 + 30.5) / 2
    assert report.shortest is not None and report.shortest.event.id == 2
    assert report.longest is not None and report.longest.event.id == 1
    assert [g.event.id for g in tl.lags("announced", "delivered", category="other").lags] == []
    with pytest.raises(NotFoundError, match="no 'used' date"):
        tl.between("#1:used", "#2")
    with pytest.raises(UsageError, match="same role"):
        tl.lags("delivered", "Delivered")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 30), st.integers(-50, 200),
                          st.integers(0, 30)), min_size=1, max_size=6))  # fmt: skip
def test_each_lag_is_between_of_its_two_role_dates(
    tmp_path_factory: pytest.TempPathFactory, found: list[tuple[int, int, int, int]]
) -> None:
    path = tmp_path_factory.mktemp("lags") / "events.db"
    base = date(2020, 1, 1)
    with timeline.open(path, create=True, today=TODAY) as t:
        for start, length, lag, second in found:
            a0 = base + timedelta(days=start)
            a1, b0 = a0 + timedelta(days=length), a0 + timedelta(days=lag)
            b1 = b0 + timedelta(days=second)
            t.add("E", when=str(a0), dates={"announced": f"{a0} to {a1}",
                                            "delivered": f"{b0} to {b1}"})  # fmt: skip
        report = t.lags("announced", "delivered")
        assert len(report.lags) == len(found)
        for lag in report.lags:
            span = t.between(f"#{lag.event.id}:announced", f"#{lag.event.id}:delivered").span
            assert (lag.min_days, lag.max_days) == (span.min_days, span.max_days)
            assert lag.min_days <= lag.max_days  # type: ignore[operator]
        starts = [lag.from_days[0] for lag in report.lags]
        assert starts == sorted(starts)
        mids = sorted(lag.midpoint for lag in report.lags if lag.midpoint is not None)
        assert report.median is not None and mids[0] <= report.median <= mids[-1]


def test_role_gaps_read_the_covering_role_index(db_path: Path, tl: timeline.Timeline) -> None:
    with sqlite3.connect(db_path) as conn:
        for filters in (Filters(role="delivered"), Filters(role="delivered", window_start=TODAY)):
            sql, params = _query(filters, None)
            steps = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, ["x", "x", *params])]
            assert steps == ["SEARCH d USING COVERING INDEX event_dates_role_extent (role=?)"] or (
                len(steps) == 1 and "COVERING INDEX event_dates_role" in steps[0]
            ), steps
            assert not any("TEMP B-TREE" in s for s in steps)


def test_cli_role_options_and_the_note(env: dict[str, str]) -> None:
    with timeline.open(env["TIMELINE_DB"], create=True, today=TODAY) as t:
        _fill(t)
    code, out, err = run("gaps", "--role", "delivered")
    assert code == 0 and "#1 A (2023-06-01) → #2 B (2023-12-01): 183 days" in out
    assert err == "note: 1 event has no 'delivered' date and is left out\n"
    for args in (["list"], ["quiet"], ["chart"], ["stats"], ["export", "-f", "ics"],
                 ["check", "gap", "--after", "#1", "--lasted", "6 months"]):  # fmt: skip
        p = proc(env, *args, "--role", "delivered")
        assert p.returncode == 0, (args, p.stderr)
        assert "note: 1 event has no 'delivered' date" in p.stderr, args
    p = proc(env, "gaps", "--role", "delivered", "--json")
    assert [g["min_days"] for g in json.loads(p.stdout)] == [183, 62]
    p = proc(env, "list", "--role", "delivered")
    assert "(2023-06-01)" in p.stdout  # the table shows the role's date
    p = proc(env, "gaps", "--role", "")
    assert p.returncode == 2 and "needs a name" in p.stderr and "Traceback" not in p.stderr


def test_cli_between_and_lags(env: dict[str, str]) -> None:
    with timeline.open(env["TIMELINE_DB"], create=True, today=TODAY) as t:
        _fill(t)
    p = proc(env, "between", "#1:announced", "#1:delivered", "--json")
    assert p.returncode == 0 and json.loads(p.stdout)["min_days"] == 152
    p = proc(env, "between", "#3:delivered", "#1")
    assert p.returncode == 3 and p.stderr.startswith("timeline: event #3 has no 'delivered'")
    code, out, err = run("lags", "--from", "announced", "--to", "delivered")
    assert code == 0
    assert out.splitlines()[0] == "#1 A: announced 2022-12 -> delivered 2023-06-01: 152 to 182 days"
    assert "median of the midpoints: 98.75 days" in out and "left out" in err
    p = proc(env, "lags", "--from", "announced", "--to", "delivered", "--json")
    doc = json.loads(p.stdout)
    assert doc["summary"]["count"] == 2 and doc["summary"]["left_out"] == 2
    assert doc["lags"][1]["min_days"] == -30
    p = proc(env, "lags", "--from", "announced", "--to", "delivered", "-f", "csv")
    assert p.stdout.splitlines()[1].startswith("1,A,announced,2022-12,2022-12-01,2022-12-31")
    p = proc(env, "lags", "--from", "x", "--to", "x")
    assert p.returncode == 2 and p.stderr.count("\n") == 1


def test_conflicts_take_no_role(tl: timeline.Timeline, env: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="give no role"):
        tl.conflicts(role="delivered")
    p = proc(env, "conflicts", "--role", "delivered")
    assert p.returncode == 2 and "No such option: --role" in p.stderr
