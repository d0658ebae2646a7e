"""`timeline publish DIR`: the snapshot, its view and computed tables against the tool's own
answers, the metadata, the canned queries (run by SQLite here; against a real Datasette in
`test_datasette.py`), bad input, and `timeline serve`'s refusals (no server is started here).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import struct
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import timeline
from published import TODAY, build, decoded, review_reasons, view_row
from timeline.api.datasette import COLUMNS, DATABASE, HIDDEN
from timeline.api.serve import REQUIREMENT
from timeline.cli.app import app
from timeline.store.published import QUERIES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).with_name("timeline")
ENV = {"TIMELINE_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), env=ENV)
    return r.exit_code, r.stdout, r.stderr


def proc(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code, *args] if code else [str(BIN), *args]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **ENV},
                          timeout=120, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test chronology (`published.build`) published once."""
    folder = tmp_path_factory.mktemp("publish")
    db = build(folder)
    out = folder / "site"
    code, stdout, stderr = run("--db", str(db), "publish", str(out))
    assert code == 0, stderr
    assert stdout.startswith("published 26 events, ") and "datasette serve -i" in stdout
    return {"db": db, "site": out, "snapshot": out / "timeline.db"}


@pytest.fixture(scope="module")
def tl(site: dict[str, Path]) -> Iterator[timeline.Timeline]:
    with timeline.open(site["db"], today=TODAY) as opened:
        yield opened


def rows(snapshot: Path, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_publish_writes_a_sealed_timeline_snapshot(site: dict[str, Path]) -> None:
    snapshot = site["snapshot"]
    names = sorted(p.name for p in site["site"].iterdir())
    assert names == ["README.md", "metadata.json", "timeline.db"]  # no -wal, -shm or temporary
    head = snapshot.read_bytes()[:100]
    assert struct.unpack(">i", head[68:72])[0] == 0x544C494E  # still a timeline database
    assert head[18:20] == b"\x01\x01"  # rollback journal, not WAL: one self-contained file
    assert rows(snapshot, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    readme = (site["site"] / "README.md").read_text(encoding="utf-8")
    assert "datasette serve -i timeline.db -m metadata.json" in readme
    assert "26 events" in readme and REQUIREMENT in readme


def test_the_view_is_the_tools_chronology(site: dict[str, Path], tl: timeline.Timeline) -> None:
    """Every row of `chronology` against the tool's event, in the tool's order."""
    events = list(tl.events())
    found = [decoded(r) for r in rows(site["snapshot"], "SELECT * FROM chronology "
                                      "ORDER BY start, start_latest, id")]  # fmt: skip
    assert [r["id"] for r in found] == [e.id for e in events]
    for event, row in zip(events, found, strict=True):
        expected = view_row(event)
        assert {k: row[k] for k in expected} == expected
    by_id = {r["id"]: r for r in found}
    ongoing = next(e for e in events if e.when == "since August 2022")
    assert by_id[ongoing.id]["effective_end"] == "2024-10-15"  # its reference day
    open_start = next(e for e in events if e.when == "by March 2024")
    assert by_id[open_start.id]["start_earliest"] == "0001-01-01"
    assert by_id[open_start.id]["start"] == "2024-03-31"  # sorted by its latest day
    assert by_id[open_start.id]["start_year"] is None
    unknown_end = next(e for e in events if e.when == "2004-06-01/")
    assert by_id[unknown_end.id]["effective_end"] is None
    assert by_id[unknown_end.id]["end_latest"] == "9999-12-31"


def test_every_column_the_view_has_is_described(site: dict[str, Path]) -> None:
    columns = [r["name"] for r in rows(site["snapshot"], "PRAGMA table_info(chronology)")]
    assert columns == list(COLUMNS["chronology"])  # all of them, in the view's order


def test_the_gaps_table_holds_the_tools_gaps(site: dict[str, Path]) -> None:
    """Compared with `timeline gaps -f json` (overall, --by actor, --by category)."""
    table = rows(site["snapshot"], "SELECT * FROM gaps ORDER BY id")
    for scope, extra in (
        ("all", []),
        ("actor", ["--by", "actor"]),
        ("category", ["--by", "category"]),
    ):
        answer = proc("--db", str(site["db"]), "gaps", *extra, "-f", "json")
        assert answer.returncode == 0, answer.stderr
        tool = json.loads(answer.stdout)
        mine = [r for r in table if r["scope"] == scope]
        assert len(mine) == len(tool) and (scope == "all" or tool)
        for row, gap in zip(mine, tool, strict=True):
            assert row["group_name"] == gap["group"]
            assert (row["from_id"], row["to_id"]) == (gap["from"]["id"], gap["to"]["id"])
            assert row["from_max_id"] == gap["from_max"]["id"]
            for key in ("min_days", "max_days", "min_calendar", "max_calendar"):
                assert row[key] == gap[key], key
    ranks = [(r["scope"], r["group_name"], r["rank"]) for r in table]
    assert {("actor", "United States", 1), ("actor", "United States", 2)} <= set(ranks)
    assert len(set(ranks)) == len(ranks)  # one rank per place in each group


def test_the_claims_carry_their_verdicts(site: dict[str, Path]) -> None:
    """Compared with the fact-check sheet, `timeline claims --json`."""
    answer = proc("--db", str(site["db"]), "claims", "--json")
    sheet = json.loads(answer.stdout)
    table = rows(site["snapshot"], "SELECT * FROM claim_checks ORDER BY claim_id")
    assert len(table) == len(sheet) == 1
    for row, claim in zip(table, sheet, strict=True):
        assert row["claim_id"] == claim["id"] and row["claim"] == claim["claim"]
        assert (row["recorded_verdict"], row["verdict"]) == ("contradicted", claim["verdict"])
        assert row["changed"] == int(claim["changed"])
        assert (row["true_min"], row["true_max"]) == (claim["true"]["min"], claim["true"]["max"])
        assert json.loads(row["deciding"]) == [d["id"] for d in claim["deciding"] if d["id"]]


def test_the_metadata_describes_every_column_and_hides_the_internals(
    site: dict[str, Path],
) -> None:
    doc = json.loads((site["site"] / "metadata.json").read_text(encoding="utf-8"))
    assert doc["title"] == "Chronology"
    assert {doc[k] for k in ("description", "license", "license_url", "source")} == {""}
    db = doc["databases"][DATABASE]
    assert "26 events" in db["description"]
    tables = db["tables"]
    shadow = ("events_fts_",)
    names = [r["name"] for r in rows(site["snapshot"], "SELECT name FROM sqlite_master WHERE "
                                     "type IN ('table', 'view')")]  # fmt: skip
    for name in names:
        if name.startswith(shadow):
            continue
        columns = [r["name"] for r in rows(site["snapshot"], f'PRAGMA table_info("{name}")')]
        described = tables[name]["columns"]
        assert [c for c in columns if not described.get(c, "").strip()] == [], name
    assert {t for t, v in tables.items() if v.get("hidden")} == set(HIDDEN)
    chronology = tables["chronology"]
    assert chronology["label_column"] == "title" and chronology["sort"] == "start"
    assert chronology["facets"] == [{"array": "actors"}, {"array": "tags"}, "category",
                                    "start_year"]  # fmt: skip
    assert (chronology["fts_table"], chronology["fts_pk"]) == ("events_fts", "id")
    for bound in ("start_earliest", "start_latest", "end_earliest", "end_latest"):
        assert len(chronology["columns"][bound]) > 20
    queries = db["queries"]
    assert set(queries) == set(QUERIES)
    assert queries["overlapping"]["params"] == ["from", "to"]
    assert all(q["title"] and q["description"] and q["sql"] for q in queries.values())


# -- the canned queries, run by SQLite on the snapshot ----------------------------------------

DAYS = st.builds(
    lambda y, m, d, parts: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:parts]),
    st.integers(2003, 2026), st.integers(1, 12), st.integers(1, 28), st.integers(1, 3),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(start=st.one_of(st.just(""), DAYS), end=st.one_of(st.just(""), DAYS))
def test_overlapping_is_list_from_to(
    site: dict[str, Path], tl: timeline.Timeline, start: str, end: str
) -> None:
    """`overlapping` with :from and :to as YYYY, YYYY-MM or YYYY-MM-DD (empty: no bound) is
    `timeline list --from --to`."""
    selection = {k: v for k, v in (("from_", start), ("to", end)) if v}
    try:
        expected = [e.id for e in tl.events(**selection)]
    except timeline.UsageError:  # --to before --from: the tool refuses to answer
        assume(False)
    found = rows(site["snapshot"], QUERIES["overlapping"], {"from": start, "to": end})
    assert [r["id"] for r in found] == expected


def test_latest_per_actor_is_each_actors_last_event(
    site: dict[str, Path], tl: timeline.Timeline
) -> None:
    found = {r["actor"]: r["id"] for r in rows(site["snapshot"], QUERIES["latest_per_actor"])}
    actors = [name for name, _ in tl.names("actor")]
    assert sorted(found) == sorted(actors)
    for actor in actors:
        assert found[actor] == list(tl.events(actor=[actor]))[-1].id, actor


def test_needs_review_lists_the_events_to_check(
    site: dict[str, Path], tl: timeline.Timeline
) -> None:
    found = {r["id"]: r["reasons"] for r in rows(site["snapshot"], QUERIES["needs_review"])}
    expected = {e.id: ", ".join(review_reasons(e)) for e in tl.events() if review_reasons(e)}
    assert found == expected
    assert "open earliest" in found[20] and "approximate" in found[24] and "uncertain" in found[25]
    assert 6 not in found and 25 in found  # two sources, but an uncertain date


@pytest.mark.parametrize("days", ["0", "100", "400", "5000"])
def test_quiet_periods_are_gaps_of_at_least(
    site: dict[str, Path], tl: timeline.Timeline, days: str
) -> None:
    found = rows(site["snapshot"], QUERIES["quiet_periods"], {"days": days})
    expected = []
    for scope, by in (("all", None), ("actor", "actor"), ("category", "category")):
        report = tl.gaps(by=by, at_least=f"{days}d")
        certain = report.certain or []
        for gap, sure in zip(report.gaps, certain, strict=True):
            expected.append((scope, gap.group, gap.min_days, int(sure)))
    mine = [(r["scope"], r["group_name"], r["min_days"], r["certainly"]) for r in found]
    assert sorted(mine, key=repr) == sorted(expected, key=repr)
    assert days != "0" or len(mine) == 4  # every gap can be at least 0 days long


def test_the_api_publishes_too(tmp_path: Path) -> None:
    db = build(tmp_path)
    with timeline.open(db, today=TODAY) as tl:
        done = tl.publish(tmp_path / "out", title="Aid")
    assert (done.events, done.claims) == (26, 1) and done.gaps == 4
    assert done.database == tmp_path / "out" / "timeline.db" and done.readme.exists()
    doc = json.loads(done.metadata.read_text(encoding="utf-8"))
    assert doc["title"] == "Aid"
    about = doc["databases"][DATABASE]["description"]
    assert about.startswith("26 events, the first starting 2004-06-01 and the last 2024-10-01;")
    assert "# Aid" in done.readme.read_text(encoding="utf-8")


# -- publishing again, and bad input ----------------------------------------------------------


def test_publishing_again_keeps_what_the_user_filled_in(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = tmp_path / "site"
    assert run("--db", str(db), "publish", str(out))[0] == 0
    meta = out / "metadata.json"
    doc = json.loads(meta.read_text(encoding="utf-8"))
    doc |= {"title": "Aid to Russia", "license": "CC BY 4.0", "source": "Our newsroom"}
    meta.write_text(json.dumps(doc), encoding="utf-8")
    with timeline.open(db, today=TODAY) as tl:
        tl.add("One more", when="2024-10-01", actors=["Iran"])
    code, stdout, _ = run("--db", str(db), "publish", str(out))
    assert code == 0 and "27 events" in stdout
    again = json.loads(meta.read_text(encoding="utf-8"))
    assert (again["title"], again["license"], again["source"]) == (
        "Aid to Russia", "CC BY 4.0", "Our newsroom",
    )  # fmt: skip
    assert "27 events" in again["databases"][DATABASE]["description"]
    assert rows(out / "timeline.db", "SELECT count(*) AS n FROM chronology") == [{"n": 27}]
    assert run("--db", str(db), "publish", str(out), "--title", "New")[0] == 0
    assert json.loads(meta.read_text(encoding="utf-8"))["title"] == "New"


def _snapshot_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_foreign_or_newer_database_writes_nothing(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    newer = build(tmp_path)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = _snapshot_of(tmp_path)
    for db in (foreign, newer):
        out = tmp_path / f"site-{db.stem}"
        answer = proc("--db", str(db), "publish", str(out))
        assert answer.returncode == 5, answer.stderr
        assert len(answer.stderr.splitlines()) == 1 and "Traceback" not in answer.stderr
        assert not out.exists()
    assert _snapshot_of(tmp_path) == before


def test_files_publish_did_not_write_are_refused(tmp_path: Path) -> None:
    db = build(tmp_path)
    cases = {"timeline.db": b"not ours", "README.md": b"# our own readme\n",
             "metadata.json": b"[1, 2]"}  # fmt: skip
    for name, content in cases.items():
        out = tmp_path / f"site-{name}"
        out.mkdir()
        (out / name).write_bytes(content)
        code, _, err = run("--db", str(db), "publish", str(out))
        assert code == 2 and name in err, err
        assert [p.name for p in out.iterdir()] == [name] and (out / name).read_bytes() == content
    file = tmp_path / "a-file"
    file.write_text("x")
    assert run("--db", str(db), "publish", str(file))[0] == 2
    own = tmp_path / "own"
    own.mkdir()
    (own / "timeline.db").write_bytes(db.read_bytes())
    code, _, err = run("--db", str(own / "timeline.db"), "publish", str(own))
    assert code == 2 and "over the database" in err


# -- serve's refusals, and what it leaves alone ----------------------------------------------


def test_serve_without_datasette_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build(tmp_path)
    monkeypatch.setattr("timeline.api.serve.datasette_installed", lambda: False)
    code, out, err = run("--db", str(db), "serve", "--port", "0")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"-m pip install '{REQUIREMENT}'" in err
    assert sys.executable in err


BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "datasette" or name.startswith("datasette."):
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, Block())
sys.argv = ["timeline", *sys.argv[1:]]
from timeline.cli import main
main()
"""


def test_serve_without_datasette_as_a_process(tmp_path: Path) -> None:
    db = build(tmp_path)
    answer = proc("--db", str(db), "serve", code=BLOCK)
    assert answer.returncode == 2 and answer.stdout == ""
    [line] = answer.stderr.splitlines()
    assert line.startswith("timeline: serve needs Datasette") and "pip install" in line


def test_a_port_in_use_is_one_line_naming_it(tmp_path: Path) -> None:
    db = build(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("timeline-serve-*"))
        answer = proc("--db", str(db), "serve", "--port", str(port))
        after = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("timeline-serve-*"))
    assert answer.returncode == 2 and answer.stdout == ""
    [line] = answer.stderr.splitlines()
    assert f"port {port} on 127.0.0.1 is in use" in line
    assert after == before  # nothing was published


def test_serve_refuses_a_foreign_database_and_leaves_no_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = foreign.read_bytes()
    temp = Path(os.environ.get("TMPDIR", "/tmp"))
    left = set(temp.glob("timeline-serve-*"))
    code, out, err = run("--db", str(foreign), "serve", "--port", "0")
    assert code == 5 and out == "" and "another application" in err
    assert foreign.read_bytes() == before
    assert set(temp.glob("timeline-serve-*")) == left  # its temporary folder was removed


def test_bad_ports_and_hosts_are_refused(tmp_path: Path) -> None:
    db = build(tmp_path)
    for args, words in ((["--port", "70000"], "not a port"),
                        (["--host", "no-such-host.invalid"], "cannot serve on host")):  # fmt: skip
        code, _, err = run("--db", str(db), "serve", *args)
        assert code == 2 and words in err, err


PROBE = """
import sys, typer.main
from timeline.cli.app import app
group = typer.main.get_command(app)
try:
    group(sys.argv[1:])
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.split(".")[0] in ("datasette", "uvicorn")))
"""


def test_publish_never_imports_datasette(tmp_path: Path) -> None:
    db = build(tmp_path)
    answer = proc("--db", str(db), "publish", str(tmp_path / "site"), code=PROBE)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.strip().endswith("[]")
    assert (tmp_path / "site" / "timeline.db").exists()


def test_the_serve_extra_pins_what_serve_asks_for() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert extras["serve"] == [REQUIREMENT]
    assert REQUIREMENT in extras["test"]  # the README's test command installs it


# -- docs/schema.md ---------------------------------------------------------------------------


def test_the_schema_document_names_every_table_and_column(site: dict[str, Path]) -> None:
    import re

    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `(\w+)`\n(.*?)(?=^### |\Z)", text, re.S | re.M))
    names = [r["name"] for r in rows(site["snapshot"], "SELECT name FROM sqlite_master WHERE "
                                     "type IN ('table', 'view')")]  # fmt: skip
    tables = [n for n in names if not n.startswith("events_fts_")]
    assert sorted(sections) == sorted(tables)
    for table in tables:
        columns = [r["name"] for r in rows(site["snapshot"], f'PRAGMA table_info("{table}")')]
        documented = re.findall(r"^\| `(\w+)` \|", sections[table], re.M)
        assert documented == columns, table  # every column, in the table's order
    for word in ("0001-01-01", "9999-12-31", "ongoing", "month-part", "position", "0 or 1"):
        assert word in text
    [sql] = re.findall(r"```sql\n(.+?)\n```", text, re.S)
    ordered = [r["id"] for r in rows(site["snapshot"], sql)]
    with timeline.open(site["db"], today=TODAY) as tl:
        assert ordered == [e.id for e in tl.events()]  # the documented order is the tool's
