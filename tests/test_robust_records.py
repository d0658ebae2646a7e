"""One rule for a field at every entry point: NUL and lone surrogates refused, length limits,
`;` between names; and bad input that used to end as an internal error (exit 70) now one line
with exit 2 or 5."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from robust_helpers import base_env, cli, one_line_error, seed
from timeline.model import TYPED_FIELDS

BIN = str(Path(sys.executable).with_name("timeline"))
ROOT = Path(__file__).resolve().parents[1]


def _events(db: Path) -> list[dict[str, object]]:
    code, out, err = cli("--db", str(db), "list", "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


# -- NUL and lone surrogates -------------------------------------------------------------------


def _csv(tmp: Path, title: str) -> list[str]:
    path = tmp / "in.csv"
    path.write_bytes(f"title,when\n{title},2024\n".encode("utf-8", "surrogatepass"))
    return ["import", str(path)]


def _json(tmp: Path, title: str) -> list[str]:
    path = tmp / "in.json"
    path.write_text(json.dumps([{"title": title, "when": "2024"}]))  # \u0000, \ud800 escapes
    return ["import", str(path)]


def _jsonl(tmp: Path, title: str) -> list[str]:
    path = tmp / "in.jsonl"
    path.write_text(json.dumps({"title": "T", "when": "2024", "actors": [title]}) + "\n")
    return ["import", str(path)]


def _timelinejs(tmp: Path, title: str) -> list[str]:
    path = tmp / "in.json"
    slide = {"start_date": {"year": 2024}, "text": {"headline": title}}
    path.write_text(json.dumps({"events": [slide]}))
    return ["import", str(path)]


def _add(tmp: Path, title: str) -> list[str]:
    return ["add", title, "--when", "2024"]


def _edit(tmp: Path, title: str) -> list[str]:
    return ["edit", "1", "--note", title]


ENTRY_POINTS: dict[str, Callable[[Path, str], list[str]]] = {
    "add": _add, "edit": _edit, "CSV": _csv, "JSON": _json, "JSON Lines": _jsonl,
    "TimelineJS": _timelinejs,
}  # fmt: skip


# (a CSV file is UTF-8 bytes, which cannot hold a lone surrogate)
CASES = [(where, bad, words) for where in ENTRY_POINTS
         for bad, words in (("a\x00b", "NUL"), ("a\ud800b", "surrogate"))
         if (where, words) != ("CSV", "surrogate")]  # fmt: skip


@pytest.mark.parametrize(("where", "bad", "words"), CASES)
def test_nul_and_lone_surrogates_are_refused_at_every_entry_point(
    tmp_path: Path, where: str, bad: str, words: str
) -> None:
    db = tmp_path / "events.db"
    seed(db, 1)
    before = _events(db)
    code, _, err = cli("--db", str(db), *ENTRY_POINTS[where](tmp_path, bad))
    one_line_error(code, err, expect=2)
    # (an argument with a lone surrogate was not valid UTF-8 on the command line)
    assert words in err or (where in ("add", "edit") and "not valid UTF-8" in err), err
    assert _events(db) == before


def test_the_python_api_refuses_nul_too(tmp_path: Path) -> None:
    import timeline
    from timeline.errors import UsageError

    with timeline.open(tmp_path / "a.db", create=True) as tl:
        with pytest.raises(UsageError, match="NUL"):
            tl.add("T", when="2024", notes="x\x00y")
        with pytest.raises(UsageError, match="surrogate"):
            tl.add("T\udcff", when="2024")
        assert tl.count() == 0


# -- length limits -------------------------------------------------------------------------------

LIMITED = [
    s for s in TYPED_FIELDS if s.max_length and s.kind in ("title", "names", "text", "block")
]


def test_every_text_field_has_a_limit_and_the_readme_states_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for spec in TYPED_FIELDS:
        if spec.kind in ("title", "date", "end", "names", "text", "block"):
            assert spec.max_length, spec.name
            row = re.search(rf"^\| `{spec.csv}` \| ([\d,]+) ", table, flags=re.M)
            assert row and int(row.group(1).replace(",", "")) == spec.max_length, spec.name


def _value(spec_kind: str, text: str) -> object:
    return [text] if spec_kind == "names" else text


@pytest.mark.parametrize("spec", LIMITED, ids=lambda s: s.name)
def test_text_at_the_limit_is_kept_and_one_more_character_refused(
    tmp_path: Path, spec: object
) -> None:
    from timeline.fields import Spec

    assert isinstance(spec, Spec) and spec.max_length
    db = tmp_path / "events.db"
    at, over = "é" * spec.max_length, "é" * (spec.max_length + 1)  # characters, not bytes
    for name, text in (("at.json", at), ("over.json", over)):
        fields = {"title": "T", "when": "2024", spec.json: _value(spec.kind, text)}
        (tmp_path / name).write_text(json.dumps([fields]))
    code, _, err = cli("--db", str(db), "import", str(tmp_path / "at.json"))
    assert code == 0, err
    kept = _events(db)[0][spec.json or spec.name]
    assert kept == _value(spec.kind, at)
    code, _, err = cli("--db", str(db), "import", str(tmp_path / "over.json"))
    one_line_error(code, err, expect=2)
    assert f"the limit is {spec.max_length:,}" in err and f"{spec.json!r}" in err
    option = spec.option[0]
    args = ["add", over, "--when", "2024"] if spec.name == "title" else [
        "add", "T", "--when", "2024", option, over]  # fmt: skip
    code, _, err = cli("--db", str(db), *args)
    one_line_error(code, err, expect=2)
    assert f"the limit is {spec.max_length:,}" in err and len(err) < 300
    csv = tmp_path / "over.csv"
    csv.write_text(f"title,when,{spec.csv}\nT,2024,{over}\n", encoding="utf-8")
    code, _, err = cli("--db", str(db), "import", str(csv))
    one_line_error(code, err, expect=2)
    assert f"column {spec.csv!r}" in err and "limit" in err
    assert len(_events(db)) == 1


def test_a_100000_character_title_is_refused_and_log_stays_short(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    code, _, err = cli("--db", str(db), "add", "x" * 100_000, "--when", "2024")
    one_line_error(code, err, expect=2)
    assert "100,000 characters" in err and len(err) < 200


def test_a_semicolon_separates_names_at_every_entry_point(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    assert cli("--db", str(db), "add", "A", "--when", "2024", "-a", "Iran; Russia")[0] == 0
    (tmp_path / "b.json").write_text(json.dumps([{"title": "B", "when": "2024",
                                                  "actors": ["Iran;Russia"]}]))  # fmt: skip
    assert cli("--db", str(db), "import", str(tmp_path / "b.json"))[0] == 0
    assert [e["actors"] for e in _events(db)] == [["Iran", "Russia"], ["Iran", "Russia"]]


# -- what used to be an internal error (exit 70) -------------------------------------------------


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN, "--db", str(cwd / "events.db"), *args], cwd=cwd,
                          env=base_env(), capture_output=True, text=True, timeout=120)  # fmt: skip


BAD_FILES = {
    "lone surrogate.json": '[{"title": "\\ud800", "when": "2024"}]',
    "lone surrogate.jsonl": '{"title": "ok", "when": "2024", "notes": "\\udfff"}\n',
    "nested.json": "[" * 100_000,
    "nested.jsonl": "[" * 100_000 + "\n",
    "nested timelinejs.json": '{"events": ' + "[" * 100_000,
    "5000 digits.json": '[{"title": "x", "when": "2024", "value": ' + "9" * 5000 + "}]",
    "5000 digits.jsonl": '{"title": "x", "when": "2024", "value": -' + "9" * 5000 + "}\n",
    "5000 digits.csv": "title,when,value\nx,2024," + "9" * 5000 + "\n",
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_files_are_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    seed(tmp_path / "events.db", 2)
    path = tmp_path / name.replace(" ", "-")
    path.write_text(BAD_FILES[name], encoding="utf-8")
    done = _run(tmp_path, "import", str(path))
    one_line_error(done.returncode, done.stderr, expect=2)
    assert "internal error" not in done.stderr and len(done.stderr) < 300
    assert _run(tmp_path, "list", "-f", "jsonl").stdout.count("\n") == 2


@pytest.mark.parametrize("args", [("backup", "{loop}"), ("export", "-f", "json", "-o", "{loop}"),
                                  ("backup", "{loop}/inside.db")], ids=" ".join)  # fmt: skip
def test_a_symlink_loop_as_the_target_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    seed(tmp_path / "events.db", 2)
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    done = _run(tmp_path, *(a.format(loop=loop) for a in args))
    one_line_error(done.returncode, done.stderr)
    assert done.returncode in (2, 5) and "loop" in done.stderr
    assert "internal error" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.db", "loop"]
