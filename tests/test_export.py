"""`timeline export`: every format, round trips through import, atomic -o, the database guarded."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.dom.minidom
from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_views_fixtures import HOSTILE as ANY_HOSTILE
from timeline.cli.app import app

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-article.csv"
ENV = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
runner = CliRunner()
# NUL is left out: the CSV importer refuses NUL bytes, so a NUL in stored text cannot make the
# CSV round trip (the JSON one carries it as \u0000). Every other hostile character is here.
HOSTILE = ANY_HOSTILE.replace("\x00", "")
# Actor and tag names are `;`-separated in a CSV cell, so a name cannot hold a `;`.
NAME = HOSTILE.replace(";", "")


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env=ENV)
    return r.exit_code, r.stdout_bytes.decode("utf-8"), r.stderr


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "events.db"
    code, _, err = run(db, "import", str(SEED))
    assert code == 0, err
    hostile = db.parent / "hostile.json"
    hostile.write_text(
        json.dumps(
            [
                {
                    "title": HOSTILE,
                    "when": "March 2023",
                    "actors": [NAME],
                    "tags": [NAME],
                    "category": HOSTILE,
                    "source": HOSTILE,
                    "quote": HOSTILE,
                    "notes": HOSTILE,
                    "unit": HOSTILE,
                    "location": HOSTILE,
                    "value": 3,
                }
            ]
        )
    )
    code, _, err = run(db, "import", str(hostile))
    assert code == 0, err
    return db


def test_json_jsonl_csv_round_trip_identically(seeded: Path, tmp_path: Path) -> None:
    for fmt in ("json", "jsonl", "csv"):
        code, first, err = run(seeded, "export", "-f", fmt)
        assert code == 0, err
        src = tmp_path / f"first.{fmt}"
        src.write_text(first, encoding="utf-8", newline="")
        fresh = tmp_path / f"fresh-{fmt}.db"
        code, _, err = run(fresh, "import", str(src))
        assert code == 0, err
        code, second, err = run(fresh, "export", "-f", fmt)
        assert code == 0, err
        # ids aside: an import gives events new ids in file order (the store's rule), and an
        # export is in date order, so only the ids can differ; every other byte is the same.
        assert without_ids(second) == without_ids(first), fmt
        assert "\\u001b[31mred" in second or "\x1b[31mred" in second  # text kept exactly


def without_ids(text: str) -> str:
    """JSON events without `"id": N`, CSV rows without their first (`id`) cell."""
    return re.sub(r'(?m)^"?\d+"?,', "", re.sub(r'\{"id": \d+, ', "{", text))


def test_csv_guards_formula_cells(seeded: Path) -> None:
    _, out, _ = run(seeded, "export", "-f", "csv")
    for cell in re.findall(r'(?:^|,)("?)([=+\-@\t\r])', out, flags=re.M):
        assert cell[1] not in "=+@", out  # no cell starts with a formula character unguarded


def test_csv_guard_is_applied_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    code, _, err = run(
        db,
        "add",
        '=HYPERLINK("http://x")',
        "--when",
        "2024-01-02",
        "--note",
        "-1+1",
        "--location",
        "-1",
        "--unit",
        "@me",
        "--category",
        "+x",
    )
    assert code == 0, err
    _, out, _ = run(db, "export", "-f", "csv")
    row = out.splitlines()[1]
    assert re.match(r"1,[0-9a-f-]{36},\"'=HYPERLINK", row)
    assert "'-1+1" in row and "'@me" in row and "'+x" in row
    assert ",-1," in row  # a plain number is not a formula
    src = tmp_path / "g.csv"
    src.write_text(out)
    fresh = tmp_path / "g2.db"
    assert run(fresh, "import", str(src))[0] == 0
    _, listed, _ = run(fresh, "export", "-f", "json")
    data = json.loads(listed)[0]
    assert data["title"] == '=HYPERLINK("http://x")' and data["notes"] == "-1+1"
    assert data["location"] == "-1"


def test_ics_is_rfc5545(seeded: Path) -> None:
    code, out, err = run(seeded, "export", "-f", "ics")
    assert code == 0, err
    raw = out.encode("utf-8")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert out.count("BEGIN:VEVENT") == 20
    # late 2023 spans its bounds; DTEND is the day after the latest
    block = out[out.index("SUMMARY:North Korea begins shipping Hwasong") - 200 :]
    assert "DTSTART;VALUE=DATE:20230901" in block and "DTEND;VALUE=DATE:20240101" in block


def test_ics_text_cannot_inject_properties(seeded: Path) -> None:
    _, out, _ = run(seeded, "export", "-f", "ics", "-s", "injected")
    unfolded = out.replace("\r\n ", "")
    names = [line.split(":")[0].split(";")[0] for line in unfolded.split("\r\n") if line]
    allowed = {
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "CATEGORIES",
        "LOCATION",
        "URL",
        "X-WR-CALNAME",
        "TRANSP",
        "LAST-MODIFIED",
        "SEQUENCE",
    }
    assert set(names) <= allowed
    assert names.count("DESCRIPTION") == 1
    assert "\\;" in unfolded and "\\," in unfolded and "\\\\" in unfolded
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", out)
    assert "URL:" not in out  # the hostile source is not an http(s) URL


def test_ics_uids_are_stable(seeded: Path) -> None:
    first = run(seeded, "export", "-f", "ics")[1]
    assert first == run(seeded, "export", "-f", "ics")[1]
    uids = re.findall(r"^UID:(.*)\r$", first, flags=re.M)
    assert len(uids) == len(set(uids)) == 20


def test_timelinejs_fields_and_reimport(seeded: Path, tmp_path: Path) -> None:
    code, out, err = run(seeded, "export", "-f", "timelinejs")
    assert code == 0, err
    slides = {s["display_date"]: s for s in json.loads(out)["events"]}
    assert slides["August 2022"]["start_date"] == {"year": 2022, "month": 8}
    assert slides["in 2022"]["start_date"] == {"year": 2022}
    assert slides["2022-12-23"]["start_date"] == {"year": 2022, "month": 12, "day": 23}
    assert slides["late 2023"]["end_date"] == {"year": 2023, "month": 12, "day": 31}
    assert all("<script" not in json.dumps(s) for s in slides.values())
    # The hostile event's text comes out shown inert (every control as a visible escape), which
    # makes its category longer than a category may be: it is left out of the reimport.
    doc = json.loads(out)
    doc["events"] = [e for e in doc["events"] if "[bold]" not in e["text"]["headline"]]
    assert len(doc["events"]) == 19
    src = tmp_path / "tl.json"
    src.write_text(json.dumps(doc))
    fresh = tmp_path / "tl.db"
    code, _, err = run(fresh, "import", "--format", "timelinejs", str(src))
    assert code == 0, err
    back = json.loads(run(fresh, "export", "-f", "json")[1])
    orig = json.loads(run(seeded, "export", "-f", "json")[1])

    def key(events: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [
            (e["title"], e["when"], e["start"], e["end"], e["category"])
            for e in events
            if "[bold]" not in str(e["title"])
        ]

    assert len(back) + 1 == len(orig) == 20
    assert key(back) == key(orig)  # the hostile one comes back inert, so it is left out here


def test_markdown_document(seeded: Path) -> None:
    _, out, _ = run(seeded, "export", "-f", "markdown", "--title", "Axis of aid")
    assert out.startswith("# Axis of aid\n")
    assert out.index("## 2022") < out.index("## 2023") < out.index("## 2024")
    assert "- **late 2023** — North Korea begins shipping Hwasong-11" in out
    hostile = run(seeded, "export", "-f", "markdown", "-s", "injected")[1]
    assert "](javascript" not in hostile and not re.search(r"(?<!\\)<", hostile)
    assert "\\<script>" in hostile and "&lt;" not in hostile  # escaped, without entities
    assert "\\[bold\\]" in hostile and "\x1b" not in hostile


def test_svg_and_html_exports(seeded: Path) -> None:
    _, svg, _ = run(seeded, "export", "-f", "svg", "--by", "actor")
    xml.dom.minidom.parseString(svg)
    _, page, _ = run(seeded, "export", "-f", "html")
    assert page.count('<tr id="event-') == 20 and "<svg" in page
    assert "<script" not in page


def test_output_file_is_written_atomically(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, err = run(seeded, "export", "-f", "json", "-o", str(target))
    assert code == 0 and out == "", err
    assert json.loads(target.read_text())[0]["when"] == "in 2022"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_export_leaves_the_file_as_it_was(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.render import formats

    target = tmp_path / "keep.md"
    target.write_text("precious\n")

    def broken(events, out, options):  # type: ignore[no-untyped-def]
        for i, e in enumerate(events):
            out.write(e.title + "\n")
            if i == 3:
                raise RuntimeError("renderer failed midway")

    monkeypatch.setitem(formats.FORMATS, "markdown", formats.Format("markdown", export=broken))
    code, _, err = run(seeded, "export", "-f", "markdown", "-o", str(target))
    assert code != 0 and "renderer failed midway" in err
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.md"]


def _bin() -> str:
    import shutil
    import sys

    return shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))


def test_a_fifo_is_written_into_never_replaced(seeded: Path, tmp_path: Path) -> None:
    import stat
    import threading

    plain = tmp_path / "plain.csv"
    assert run(seeded, "export", "-f", "csv", "-o", str(plain))[0] == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = subprocess.run([_bin(), "--db", str(seeded), "export", "-f", "csv", "-o", str(fifo)],
                          capture_output=True, text=True, env={**os.environ, **ENV},
                          timeout=60)  # fmt: skip
    reader.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert got == [plain.read_bytes()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the FIFO, not a file put in its place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "plain.csv"]


def test_a_device_is_written_into_never_replaced(seeded: Path, tmp_path: Path) -> None:
    import stat

    device = tmp_path / "null"
    try:  # a private copy of /dev/null (needs the right to make device files)
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError) as err:
        pytest.skip(f"cannot make a device file here: {err}")
    code, out, err = run(seeded, "export", "-f", "json", "-o", str(device))
    assert code == 0 and out == "", err
    assert stat.S_ISCHR(os.stat(device).st_mode) and os.stat(device).st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]
    code, _, err = run(seeded, "backup", str(device), "--force")
    assert code == 2 and err.count("\n") == 1 and "device" in err, err
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_terminal_given_to_o_is_refused_and_sees_nothing(seeded: Path) -> None:
    import select

    master, slave = os.openpty()
    try:
        code, _, err = run(seeded, "export", "-f", "csv", "-o", os.ttyname(slave))
        assert code == 2 and err.count("\n") == 1 and "terminal" in err, err
        assert select.select([master], [], [], 0.2)[0] == []  # not a byte reached it
    finally:
        os.close(master)
        os.close(slave)


def test_o_naming_stdout_writes_through_the_descriptor(seeded: Path, tmp_path: Path) -> None:
    """`-o /dev/stdout` (here a link to `/proc/self/fd/1`, which `/dev/stdout` is) writes
    through the descriptor the shell opened: appending to a log keeps what it held."""
    plain = tmp_path / "plain.csv"
    assert run(seeded, "export", "-f", "csv", "-o", str(plain))[0] == 0
    log, link = tmp_path / "log.txt", tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    log.write_text("precious\n")
    for target in (str(link), "/dev/stdout", "/dev/fd/1"):
        with open(log, "a") as out:
            proc = subprocess.run([_bin(), "--db", str(seeded), "export", "-f", "csv", "-o",
                                   target], stdout=out, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, **ENV}, timeout=60)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    assert log.read_bytes() == b"precious\n" + plain.read_bytes() * 3
    assert link.is_symlink() and os.path.islink("/dev/stdout")


def test_a_block_device_is_refused(seeded: Path, tmp_path: Path) -> None:
    import stat

    device = tmp_path / "disk"
    try:  # a block device node of a loop device's numbers; nothing is opened through it
        os.mknod(device, 0o600 | stat.S_IFBLK, os.makedev(7, 250))
    except (PermissionError, AttributeError) as err:
        pytest.skip(f"cannot make a device file here: {err}")
    code, _, err = run(seeded, "export", "-f", "csv", "-o", str(device))
    assert code == 2 and err.count("\n") == 1 and "block device" in err, err
    assert stat.S_ISBLK(os.stat(device).st_mode)


def test_only_o_writes_through_a_link(tmp_path: Path) -> None:
    """`backup` and `publish` replace a symbolic link itself, as before: their files never
    land in whatever the link names."""
    from timeline.api.files import atomic_path, atomic_text

    other = tmp_path / "other.txt"
    other.write_text("someone else's\n")
    link = tmp_path / "link"
    link.symlink_to(other)
    with atomic_path(link, 0o644) as tmp:
        tmp.write_text("new\n")
    assert not link.is_symlink() and link.read_text() == "new\n"
    assert other.read_text() == "someone else's\n"
    link.unlink()
    link.symlink_to(other)
    with atomic_text(link, through_links=True) as out:
        out.write("through\n")
    assert link.is_symlink() and other.read_text() == "through\n"


def test_a_symbolic_link_is_written_through(seeded: Path, tmp_path: Path) -> None:
    plain, real, link = tmp_path / "plain.json", tmp_path / "real.json", tmp_path / "link.json"
    assert run(seeded, "export", "-f", "json", "-o", str(plain))[0] == 0
    link.symlink_to(real)  # dangling first: the file it names is created
    for _ in range(2):
        assert run(seeded, "export", "-f", "json", "-o", str(link))[0] == 0
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert real.read_bytes() == plain.read_bytes()


def test_refuses_to_overwrite_the_database(seeded: Path, tmp_path: Path) -> None:
    before = seeded.read_bytes()
    link = tmp_path / "alias.db"
    os.link(seeded, link)
    for target in (seeded, Path(str(seeded) + "-wal"), link, seeded.parent / "." / seeded.name):
        code, _, err = run(seeded, "export", "-f", "json", "-o", str(target))
        assert code == 2 and err.count("\n") == 1 and "database" in err, err
    assert seeded.read_bytes() == before


def test_bad_format_and_missing_folder(seeded: Path, tmp_path: Path) -> None:
    code, _, err = run(seeded, "export", "-f", "pdf")
    assert code == 2 and "pdf" in err
    code, _, err = run(seeded, "export", "-f", "json", "-o", str(tmp_path / "no" / "x.json"))
    assert code == 5 and err.count("\n") == 1


def test_export_as_a_real_process(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.ics"
    proc = subprocess.run(
        ["timeline", "--db", str(seeded), "export", "-f", "ics", "-o", str(out), "-a", "Iran"],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert text.count("BEGIN:VEVENT") >= 2 and "Iran" in text


def test_output_dash_is_stdout_and_dot_slash_dash_a_file(seeded: Path) -> None:
    """`-o -` writes to stdout as without -o (for export and extract); `./-` names a file."""
    code, dashed, err = run(seeded, "export", "-f", "csv", "-o", "-")
    assert code == 0, err
    _, plain, _ = run(seeded, "export", "-f", "csv")
    assert dashed == plain and dashed.startswith("id,uuid,title,")
    assert not Path("-").exists()
    article = Path("article.txt")
    article.write_text("Iran sent Russia drones in August 2022.\n", encoding="utf-8")
    code, found, err = run(seeded, "extract", str(article), "--published", "2024-10-15", "-o", "-")
    assert code == 0, err
    assert "August 2022" in found and not Path("-").exists()
    code, out, err = run(seeded, "export", "-f", "jsonl", "-o", "./-")
    assert code == 0 and out == "", err
    assert Path("-").read_text(encoding="utf-8").count("\n") >= 16
