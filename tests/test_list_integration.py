"""`list --view tree`, TimelineJS detection on import, and `--date-order` reaching the filters."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed-article.csv"
ENV = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1", "TIMELINE_DATE_ORDER": ""}
runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env=ENV)
    return r.exit_code, r.stdout_bytes.decode("utf-8"), r.stderr


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "events.db"
    code, _, err = run(db, "import", str(SEED))
    assert code == 0, err
    return db


def test_tree_view_groups_by_year_then_month_with_bounds(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, out, err = run(db, "list", "--view", "tree", "--bounds")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2022"
    assert "2023" in lines and "2024" in lines
    hwasong = next(x for x in lines if "Hwasong-11" in x)
    assert "late 2023" in hwasong and "2023-09-01" in hwasong and "2023-12-31" in hwasong
    assert any(x.strip(" |`-") == "September 2024" for x in lines)


def test_tree_view_by_actor_has_a_branch_per_actor(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, out, _ = run(db, "list", "--view", "tree", "--group", "actor")
    assert code == 0
    heads = [x for x in out.splitlines() if x and x[0] not in " |`"]
    assert {"Iran", "North Korea", "China", "Russia"} <= set(heads)


def test_tree_view_refuses_a_data_format_and_bad_groups(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    for args in (["--view", "tree", "--json"], ["--view", "grid"], ["--group", "tag"]):
        code, out, err = run(db, "list", *args)
        assert code == 2, args
        assert out == ""
        assert len(err.strip().splitlines()) == 1


def test_timelinejs_json_is_detected_without_format(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, out, _ = run(db, "export", "-f", "timelinejs", "-a", "Iran")
    assert code == 0
    src = tmp_path / "slides.json"
    src.write_text(out, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    code, _, err = run(fresh, "import", str(src))
    assert code == 0, err
    titles = [e["title"] for e in json.loads(run(fresh, "list", "--json")[1])]
    assert any("Fath-360" in t for t in titles)
    script = Path(sys.executable).with_name("timeline")
    piped = subprocess.run(
        [str(script), "--db", str(tmp_path / "piped.db"), "import", "-"],
        input=out,
        capture_output=True,
        text=True,
        env={**ENV, "PATH": ""},
        check=False,
    )
    assert piped.returncode == 0, piped.stderr


def test_date_order_option_reaches_list_and_gaps_filters(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    code, _, err = run(db, "list", "--from", "03/09/2024")
    assert code == 2 and "03/09/2024" in err

    def latest_days(order: str) -> list[str]:
        code, out, err = run(db, "list", "--from", "03/09/2024", "--date-order", order, "--json")
        assert code == 0, err
        return [(e["end"] or e["start"])["latest"] for e in json.loads(out)]

    march, september = latest_days("MDY"), latest_days("DMY")
    assert min(march) >= "2024-03-09" and min(september) >= "2024-09-03"
    assert "2024-04-23" in march and "2024-04-23" not in september
    code, _, err = run(db, "gaps", "--from", "03/09/2024", "--date-order", "DMY")
    assert code == 0, err


def test_json_flag_and_another_format_disagree(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    for command in ("list", "gaps"):
        code, out, err = run(db, command, "--json", "-f", "csv")
        assert (code, out) == (2, ""), command
        assert "disagree" in err


def test_as_of_is_read_with_the_commands_date_order(tmp_path: Path) -> None:
    db = tmp_path / "o.db"
    code, out, err = run(db, "parse", "last month", "--as-of", "03/09/2024", "--date-order", "DMY")
    assert code == 0, err
    assert "2024-08-01 … 2024-08-31" in out
    code, _, err = run(
        db, "add", "x", "--when", "last month", "--as-of", "03/09/2024", "--date-order", "MDY"
    )
    assert code == 0, err
    (event,) = json.loads(run(db, "list", "--json")[1])
    assert (event["as_of"], event["start"]["earliest"]) == ("2024-03-09", "2024-02-01")


def test_html_export_lists_gaps_longest_first(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    for day in ("2020-01-01", "2020-02-01", "2022-01-01", "2022-01-05"):
        assert run(db, "add", f"on {day}", "--when", day)[0] == 0
    code, out, _ = run(db, "export", "-f", "html")
    assert code == 0
    found = [int(n) for n in re.findall(r">(\d+) days?<", out)]
    assert found[:3] == [700, 31, 4], found
