"""`timeline between`: the time from A to B as bounds, and the three-valued threshold answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.dates import Duration, add_duration, parse_when
from timeline.gaps import CANNOT_TELL, NO, YES, answer, between
from timeline.model import Event
from timeline.store import open_store

TODAY = "2024-10-15"
D = date.fromisoformat


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"TIMELINE_TODAY": TODAY})
    return result.exit_code, result.stdout, result.stderr


def test_article_slip_december_2023_to_april_2024() -> None:
    code, out, _ = run("between", "December 2023", "April 2024", "--json")
    assert code == 0
    assert json.loads(out) == {
        "min_days": 92,
        "max_days": 151,
        "min_calendar": "3 months 1 day",
        "max_calendar": "4 months 29 days",
    }


def test_cannot_tell_sixteen_months_exits_4_with_the_bounds() -> None:
    code, out, _ = run("between", "December 2022", "April 2024", "--at-least", "16 months")
    assert code == 4
    assert "cannot tell" in out
    assert "1 year 3 months 1 day" in out and "1 year 4 months 29 days" in out
    assert "2022-12-31 to 2024-04-01" in out  # the bounds that make it so


def test_yes_and_no_exit_codes() -> None:
    assert run("between", "December 2022", "April 2024", "--at-least", "15 months")[0] == 0
    assert run("between", "December 2022", "April 2024", "--at-least", "18 months")[0] == 1
    assert run("between", "December 2022", "April 2024", "--at-most", "1y")[0] == 1
    assert run("between", "December 2022", "April 2024", "--at-most", "2y")[0] == 0
    code, out, _ = run("between", "2022", "2024", "--at-least", "1y", "--at-most", "2y", "--json")
    assert code == 4 and json.loads(out)["answer"] == "cannot tell"


def test_bare_year_is_the_year_and_b_may_come_before_a() -> None:
    code, out, _ = run("between", "2023", "late 2023")
    assert code == 0
    assert "-121 to 364 days" in out
    assert "B may come before A" in out
    code, out, _ = run("between", "2024", "2023")
    assert "B comes before A" in out


def test_exact_days_give_one_figure() -> None:
    code, out, err = run("between", "2022-12-23", "2024-04-24")
    assert code == 0 and "488 days (1 year 4 months 1 day)" in out, err


def test_event_ids_use_widest_bounds(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = open_store(path, create=True)
    for title, text in (("A", "late 2023"), ("B", "September 2024")):
        w = parse_when(text, today=D(TODAY))
        store.add(Event(id=0, title=title, when=text, start=w.start, end=w.end))
    store.close()
    code, out, _ = run("--db", str(path), "between", "#1", "#2", "--json")
    assert code == 0
    assert (json.loads(out)["min_days"], json.loads(out)["max_days"]) == (245, 395)
    code, _, err = run("--db", str(path), "between", "#1", "#99")
    assert code == 3 and "#99" in err


def test_bad_input_exits_2() -> None:
    code, _, err = run("between", "Smarch 2023", "2024")
    assert code == 2 and "Smarch" in err
    code, _, err = run("between", "2023", "2024", "--at-least", "a while")
    assert code == 2 and "a while" in err


def test_installed_script_answers_with_exit_code() -> None:
    exe = Path(sys.executable).with_name("timeline")
    env = {**os.environ, "TIMELINE_TODAY": TODAY}
    done = subprocess.run(
        [str(exe), "between", "December 2022", "April 2024", "--at-least", "16 months"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 4 and "cannot tell" in done.stdout


# --- the threshold answer against every pair of days the ends can mean ----------------------

BASE = date(2023, 1, 1)


@st.composite
def ends(draw: st.DrawFn) -> tuple[date, date]:
    start = BASE + timedelta(draw(st.integers(0, 120)))
    return start, start + timedelta(draw(st.sampled_from([0, 0, 6, 9, 29, 30, 90])))


durations = st.builds(Duration, years=st.just(0), months=st.integers(0, 3), days=st.integers(0, 40))


@settings(max_examples=150, deadline=None)
@given(ends(), ends(), durations)
def test_threshold_answer_matches_every_pair(
    a: tuple[date, date], b: tuple[date, date], d: Duration
) -> None:
    pairs = [
        (a[0] + timedelta(i), b[0] + timedelta(j))
        for i in range((a[1] - a[0]).days + 1)
        for j in range((b[1] - b[0]).days + 1)
    ]
    holds = {add_duration(x, d) <= y for x, y in pairs}
    expected = YES if holds == {True} else NO if holds == {False} else CANNOT_TELL
    assert answer(between(a, b), d, None).verdict == expected
    short = {y <= add_duration(x, d) for x, y in pairs}
    expected = YES if short == {True} else NO if short == {False} else CANNOT_TELL
    assert answer(between(a, b), None, d).verdict == expected
