"""CSV and JSON exports as spreadsheets and data tools read them, and CSV files as they come.

Exports are loaded with pandas and DuckDB (the real libraries): the columns and their types
must be what an analyst expects. Imports take what spreadsheets write: `;` and tab separators,
header names in any case, UTF-8 with a BOM, UTF-16 with a BOM and cp1252, and an ambiguous
numeric date read with `--date-order` exports in a form that needs no option to read again.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.model import CSV_COLUMNS, CSV_EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed-article.csv"
ENV = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env=ENV)
    return r.exit_code, r.stdout_bytes.decode("utf-8"), r.stderr


def ok(db: Path, *args: str) -> str:
    code, out, err = run(db, *args)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("csv") / "events.db"
    ok(db, "import", str(SEED))
    ok(db, "add", "Open-earliest plan", "--when", "by March 2024", "--value", "-5")
    ok(db, "add", "Ongoing decline", "--when", "since early 2023", "--as-of", "2024-10-15")
    return db


# -- export ---------------------------------------------------------------------------------


def test_csv_columns_id_first_bounds_last(seeded: Path) -> None:
    out = ok(seeded, "export", "-f", "csv")
    header = out.splitlines()[0].split(",")
    assert header == list(CSV_EXPORT_COLUMNS)
    assert header[:2] == ["id", "uuid"] and header[2 : 2 + len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert header[-3:] == ["earliest", "latest", "edtf"]
    import csv

    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(out))}
    late = rows["North Korea begins shipping Hwasong-11 ballistic missiles to Russia"]
    assert (late["earliest"], late["latest"], late["edtf"]) == (
        "2023-09-01",
        "2023-12-31",
        "2023-39",
    )
    plan = rows["Open-earliest plan"]
    assert (plan["earliest"], plan["latest"], plan["edtf"], plan["value"]) == (
        "", "2024-03-31", "[..2024-03]", "-5",
    )  # fmt: skip
    decline = rows["Ongoing decline"]
    assert (decline["latest"], decline["edtf"]) == ("2024-10-15", "2023-01/..")
    assert all(r["id"].isdigit() for r in rows.values())


def test_csv_export_reimports_identically_and_ignores_the_added_columns(
    seeded: Path, tmp_path: Path
) -> None:
    first = ok(seeded, "export", "-f", "csv")
    src = tmp_path / "e.csv"
    src.write_text(first, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(fresh, "import", str(src))
    again = ok(fresh, "export", "-f", "csv")
    strip = lambda text: [line.split(",", 1)[1] for line in text.splitlines()[1:]]  # noqa: E731
    assert sorted(strip(again)) == sorted(strip(first))
    # bounds in the file are not trusted: a lie in `earliest` is ignored
    lie = first.replace(",2023-09-01,2023-12-31,2023-39", ",1900-01-01,1900-01-02,1900")
    src.write_text(lie, encoding="utf-8")
    other = tmp_path / "other.db"
    ok(other, "import", str(src))
    assert ok(other, "export", "-f", "csv").count("1900-01-01") == 0


def test_bom_for_excel_and_only_for_csv(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "excel.csv"
    ok(seeded, "export", "-f", "csv", "--bom", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,uuid,title,")
    assert raw.count(b"\xef\xbb\xbf") == 1
    fresh = tmp_path / "bom.db"
    ok(fresh, "import", str(target))  # import drops the BOM again
    assert json.loads(ok(fresh, "export", "-f", "json"))[0]["title"]
    code, _, err = run(seeded, "export", "-f", "json", "--bom")
    assert code == 2 and "--bom is for -f csv" in err and err.count("\n") == 1


def test_an_ambiguous_numeric_date_exports_in_a_form_that_needs_no_date_order(
    tmp_path: Path,
) -> None:
    src = tmp_path / "dmy.csv"
    src.write_text(
        "title,when,end\nA,03/09/2024,\nB,from 03/09/2024 to 05/09/2024,\nC,01/02/2024,04/02/2024\n"
        "D,13/09/2024,\nE,05/05/2024,\n",
        encoding="utf-8",
    )
    db = tmp_path / "dmy.db"
    code, _, err = run(db, "import", str(src))
    assert code == 2 and "could be 2024-09-03 or 2024-03-09" in err  # refused without the flag
    ok(db, "import", str(src), "--date-order", "DMY")
    exported = ok(db, "export", "-f", "csv")
    assert ",2024-09-03," in exported and "from 2024-09-03 to 2024-09-05" in exported
    assert ",2024-02-01,2024-02-04," in exported
    assert ",13/09/2024," in exported and ",05/05/2024," in exported  # one reading: kept as typed
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    other = tmp_path / "other.db"
    ok(other, "import", str(again))  # no --date-order needed
    bounds = lambda d: [  # noqa: E731
        (e["title"], e["start"]["earliest"], (e["end"] or e["start"])["latest"])
        for e in json.loads(ok(d, "export", "-f", "json"))
    ]
    assert bounds(other) == bounds(db)
    assert ("A", "2024-09-03", "2024-09-03") in bounds(other)


# -- import ---------------------------------------------------------------------------------


def _titles(db: Path) -> list[str]:
    return [e["title"] for e in json.loads(ok(db, "export", "-f", "json"))]


@pytest.mark.parametrize(
    ("data", "args"),
    [
        (b"Title;When;Actors\nA;2022;X\nB;2023;Y\n", ()),
        (b"TITLE\tWHEN\tAs Of\nA\t2022\t2024-01-01\nB\t2023\t\n", ()),
        (b"title|when\nA|2022\nB|2023\n", ()),
        (b"title;when;notes\nA;2022;x,y\nB;2023;z\n", ("--delimiter", ";")),
        (b"title\twhen\nA\t2022\nB\t2023\n", ("--delimiter", "tab")),
        (b"\xef\xbb\xbftitle,when\r\nA,2022\r\nB,2023\r\n", ("--encoding", "utf-8-sig")),
        ("title,when,notes\nA,2022,café\nB,2023,Ünïcode\n".encode("utf-16"), ()),
        ("title\twhen\nA\t2022\nB\t2023\n".encode("utf-16"), ("--encoding", "utf-16")),
        ("title;when;notes\nA;2022;café – “quoted”\nB;2023;x\n".encode("cp1252"),
         ("--encoding", "cp1252")),
    ],
)  # fmt: skip
def test_csv_as_spreadsheets_write_it(tmp_path: Path, data: bytes, args: tuple[str, ...]) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(data)
    db = tmp_path / "in.db"
    ok(db, "import", str(src), *args)
    events = json.loads(ok(db, "export", "-f", "json"))
    assert [e["title"] for e in events] == ["A", "B"]
    assert [e["start"]["earliest"] for e in events] == ["2022-01-01", "2023-01-01"]
    notes = [e["notes"] for e in events if e["notes"]]
    assert all("\x00" not in n and "\ufffd" not in n for n in notes)
    if b"caf" in data or "café".encode("utf-16")[2:] in data:
        assert any(n.startswith("café") for n in notes)


@pytest.mark.parametrize(
    ("data", "args", "words"),
    [
        (b"title;when\nA;2022\n", ("--delimiter", ","), "looks separated by ';', not ','"),
        (b"title\twhen\nA\t2022\n", ("--delimiter", ";"), "looks separated by tab"),
        ("title,when\nA,café\n".encode("cp1252"), (), "try --encoding cp1252"),
        ("title,when\nA,2022\n".encode("utf-16-le"), (), "give --encoding utf-16"),
        (b"title,when\nA,2022\n", ("--encoding", "klingon"), "not an encoding I know"),
        (b"title,when\nA,2022\n", ("--delimiter", "ab"), "is not a separator"),
        (b"id,title,when,colour\n1,A,2022,red\n", (), "unknown column 'colour'"),
    ],
)
def test_clear_lines_for_what_does_not_fit(
    tmp_path: Path, data: bytes, args: tuple[str, ...], words: str
) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(data)
    code, _, err = run(tmp_path / "x.db", "import", str(src), *args)
    assert code == 2 and words in err and err.count("\n") == 1, err
    assert not (tmp_path / "x.db").exists()


def test_cp1252_without_the_flag_names_the_line(tmp_path: Path) -> None:
    src = tmp_path / "win.csv"
    src.write_bytes("title,when\nA,2022\nCafé,2023\n".encode("cp1252"))
    code, _, err = run(tmp_path / "x.db", "import", str(src))
    assert code == 2 and "line 3 is not valid UTF-8" in err


# -- consumers ------------------------------------------------------------------------------


def test_pandas_reads_csv_and_json_with_sensible_types(seeded: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    csv_path, json_path = tmp_path / "e.csv", tmp_path / "e.json"
    ok(seeded, "export", "-f", "csv", "--bom", "-o", str(csv_path))
    ok(seeded, "export", "-f", "json", "-o", str(json_path))
    frame = pd.read_csv(csv_path, encoding="utf-8-sig", parse_dates=["earliest", "latest"])
    assert list(frame.columns) == list(CSV_EXPORT_COLUMNS)
    seed_rows = len(SEED.read_text(encoding="utf-8").splitlines()) - 1
    assert len(frame) == seed_rows + 2 and frame["id"].dtype.kind == "i"
    assert frame["value"].dtype.kind == "f"  # numbers, with NaN for none (-5 is -5.0, not text)
    assert frame.loc[frame["title"] == "Open-earliest plan", "value"].item() == -5
    assert str(frame["earliest"].dtype).startswith("datetime64")
    assert frame["earliest"].isna().sum() == 1  # the open earliest only
    assert ((frame["latest"] >= frame["earliest"]) | frame["earliest"].isna()).all()
    data = pd.json_normalize(json.loads(json_path.read_text(encoding="utf-8")))
    assert {"title", "when", "start.earliest", "start.edtf", "end.latest", "ongoing"} <= set(
        data.columns
    )
    assert data["ongoing"].dtype == bool and data["id"].dtype.kind == "i"
    assert pd.to_datetime(data["start.earliest"]).notna().sum() == seed_rows + 1


def test_duckdb_reads_csv_and_json_lines_with_sensible_types(seeded: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    csv_path, jsonl_path = tmp_path / "e.csv", tmp_path / "e.jsonl"
    ok(seeded, "export", "-f", "csv", "--bom", "-o", str(csv_path))
    ok(seeded, "export", "-f", "jsonl", "-o", str(jsonl_path))
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM read_csv_auto('{csv_path}')").fetchall()
    columns = [r[0] for r in described]
    types = {r[0]: r[1] for r in described}
    assert columns == list(CSV_EXPORT_COLUMNS)  # the BOM is not part of the first name
    assert types["id"] in ("BIGINT", "INTEGER") and types["earliest"] == "DATE"
    assert types["latest"] == "DATE" and types["value"] in ("BIGINT", "DOUBLE")
    longest = con.execute(
        f"SELECT title, latest - earliest AS days FROM read_csv_auto('{csv_path}') "
        "WHERE earliest IS NOT NULL ORDER BY days DESC LIMIT 1"
    ).fetchone()
    assert longest is not None and longest[1] == 1034  # 2022-01-01 … 2024-10-31
    n = con.execute(f"SELECT count(*) FROM read_json_auto('{jsonl_path}') WHERE ongoing").fetchone()
    assert n == (2,)
