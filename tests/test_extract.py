"""`timeline extract`: the dated statements of an article as candidate events, checked against
hand-made gold files (the seed article, and articles written for these tests)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_cli_events import BIN, digest, proc, run

import timeline
from timeline.api.extract import extract
from timeline.dates.find import find_dates
from timeline.io.article import read_article

HERE = Path(__file__).parent / "extract"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLES = sorted(p.stem for p in HERE.glob("*.tsv"))


def text_of(name: str) -> Path:
    """An annotated article: the seed article is the bundled fixture's."""
    return FIXTURES / "seed-article.txt" if name == "seed-article" else HERE / f"{name}.txt"


SHARED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
Row = tuple[str, str, str, str]


def gold(name: str) -> tuple[date, list[Row], list[str]]:
    """An article's publication day, its dates (written, when, earliest, latest) and the
    strings that must not be read as dates."""
    lines = (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    found = re.search(r"published (\d{4}-\d\d-\d\d)", lines[0])
    assert found is not None
    rows = [tuple(line.split("\t")) for line in lines[1:] if line.strip()]
    assert all(len(r) == 4 for r in rows)
    distractors = (HERE / f"{name}.not.txt").read_text(encoding="utf-8").splitlines()
    return date.fromisoformat(found[1]), rows, [d for d in distractors if d.strip()]  # type: ignore[return-value]


def rows_of(path: Path, published: date) -> list[Row]:
    article = read_article(path.read_bytes(), path.name)
    return [
        (c.written, c.when, "" if c.start.open_earliest else c.earliest.isoformat(),
         c.latest.isoformat())
        for c in extract(article, published=published)
    ]  # fmt: skip


def scores(got: list[Row], want: list[Row]) -> tuple[float, float]:
    """Precision and recall: a candidate counts when its phrase, date text and bounds are a
    gold row's (each gold row matched once)."""
    rest = list(want)
    hits = 0
    for row in got:
        if row in rest:
            rest.remove(row)
            hits += 1
    return (hits / len(got) if got else 1.0), (hits / len(want) if want else 1.0)


def test_the_seed_article_gives_exactly_its_dated_statements() -> None:
    published, want, _ = gold("seed-article")
    assert rows_of(text_of("seed-article"), published) == want


@pytest.mark.skipif(not SHARED.exists(), reason="the shared seed article is not beside the project")
def test_the_shared_seed_article_reads_the_same() -> None:
    published, want, _ = gold("seed-article")
    assert rows_of(SHARED, published) == want


@pytest.mark.parametrize("name", ARTICLES)
def test_each_article_meets_the_goals_and_reports_no_distractor(name: str) -> None:
    published, want, distractors = gold(name)
    got = rows_of(text_of(name), published)
    precision, recall = scores(got, want)
    assert precision >= 0.9 and recall >= 0.9, (name, precision, recall, got)
    for written, *_ in got:
        for bad in distractors:
            assert not re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", written), (bad, written)


def test_the_offset_points_at_the_date_in_the_file() -> None:
    text = text_of("seed-article").read_text(encoding="utf-8")
    article = read_article(text.encode(), "seed")
    for c in extract(article, published=date(2024, 10, 15)):
        assert text[c.offset : c.offset + len(c.written)] == c.written
        assert c.written in c.quote


def test_html_is_read_as_its_visible_text_with_offsets_into_the_file() -> None:
    paragraphs = (HERE / "drones.txt").read_text(encoding="utf-8").split("\n\n")
    body = "".join(f"<p>{p.replace('&', '&amp;')}</p>\n" for p in paragraphs[1:])
    page = (
        "<!doctype html><html><head><title>How Iranian drones came to Ukraine's skies</title>"
        "<style>p { margin: 0 } /* since 2019 */</style><script>var d = '5 May 2020';</script>"
        f"</head><body><h1>Drones</h1>\n{body}</body></html>"
    )
    article = read_article(page.encode(), "page.html")
    assert article.kind == "html" and article.title == "How Iranian drones came to Ukraine's skies"
    published, want, _ = gold("drones")
    found = extract(article, published=published)
    got = [(c.written, c.when) for c in found]
    assert got == [(w, when) for w, when, _, _ in want]  # nothing from the style or the script
    for c in found:
        assert page[c.offset : c.offset + len(c.written)] == c.written


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia may even be assisting Iran.", []),
        ("Troops march on; March 2024 was quiet.", ["March 2024"]),
        ("May God help them, she said in May.", ["May"]),
        ("It fires 155mm shells and cost $61bn in total.", []),
        ("A total of 1,339 attacks, 16,500 containers and 600,000 casualties.", []),
        ("The Fath-360 and Hwasong-11 missiles, and F-16 jets.", []),
        ("No aid would pass for nearly sixteen months, and within weeks it changed.", []),
        ("It lasted for five months in 2023.", ["2023"]),
        ("The talks began on Sept. 3, 2024 in Geneva.", ["Sept. 3, 2024"]),
        ("It was signed on Tuesday, 3 September 2024, in Kyiv.", ["Tuesday, 3 September 2024"]),
        ("From July to September 2023 the shelling eased.", ["From July to September 2023"]),
        ("Talks resume on 5 November, and again on 2 December.", ["5 November", "2 December"]),
        ("Deliveries should arrive by 31 December at the latest.", ["by 31 December"]),
        ("Last year's harvest was poor; this week's was not.", ["Last year", "this week"]),
    ],
)
def test_what_is_and_is_not_a_date(sentence: str, expected: list[str]) -> None:
    found = find_dates(sentence, date(2024, 10, 15))
    assert [f.written for f in found] == expected


def test_a_date_without_a_year_takes_the_publication_days() -> None:
    published = date(2024, 10, 15)
    [before] = find_dates("It happened on 5 November.", published)
    assert before.when == "5 November 2023"  # the latest 5 November on or before the day
    assert before.note and "2023" in before.note
    [by] = find_dates("It will be done by 5 November.", published)
    assert by.when == "by 5 November 2024"  # the nearest, before or after
    [ongoing] = find_dates("Prices have risen since August.", published)
    assert ongoing.when == "since August 2024" and ongoing.value.ongoing


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 28),
    st.booleans(),
)
def test_the_year_rule_for_any_day_and_publication_day(
    published: date, month: int, day: int, by: bool
) -> None:
    phrase = f"{'by' if by else 'on'} {day} {MONTH_NAMES[month - 1]}"
    [hit] = find_dates(f"It happened {phrase}.", published)
    year = int(hit.when.rsplit(" ", 1)[1])
    chosen = date(year, month, day)
    options = [
        date(y, month, day) for y in (published.year - 1, published.year, published.year + 1)
    ]
    if by:
        nearest = min(options, key=lambda d: (abs((d - published).days), d))
        assert abs((chosen - published).days) == abs((nearest - published).days)
    else:
        assert chosen == max(d for d in options if d <= published)
    assert hit.value.latest == chosen


def test_actors_and_aliases_named_in_the_sentence(db_path: Path) -> None:
    with timeline.open(db_path, create=True, today=date(2024, 10, 15)) as tl:
        tl.add("Seed", when="2022", actors=["United States", "North Korea", "Ukraine's allies"])
        tl.alias("United States", "U.S.")
        found = tl.extract(text_of("seed-article"), published="2024-10-15").candidates
    by_when = {c.written: c.actors for c in found}
    assert by_when["December 2023"] == ()
    packages = next(c for c in found if c.title.startswith("U.S. Congress"))
    assert packages.actors == ("United States",)
    assert by_when["July-August 2024"] == ("Ukraine's allies",)  # a curly apostrophe in the text
    assert by_when["late 2023"] == ("North Korea",)


# -- the command ------------------------------------------------------------------------------


def test_candidates_import_as_they_are(env: dict[str, str], tmp_path: Path) -> None:
    seed = str(text_of("seed-article"))
    p = proc(env, "extract", seed, "--published", "2024-10-15")
    assert p.returncode == 0, p.stderr
    assert "17 candidates from" in p.stderr and "read against 2024-10-15" in p.stderr
    header = p.stdout.splitlines()[0].split(",")
    assert header[:2] == ["title", "when"] and header[-2:] == ["offset", "background"]
    (tmp_path / "c.csv").write_text(p.stdout, encoding="utf-8")
    assert proc(env, "import", str(tmp_path / "c.csv")).returncode == 0
    listed = json.loads(proc(env, "list", "--json").stdout)
    assert len(listed) == 17
    fath = next(e for e in listed if "Fath-360" in e["title"])
    assert fath["when"] == "Last month" and fath["start"]["earliest"] == "2024-09-01"
    assert fath["quote"].startswith("Last month, Iran sent the first shipment")
    assert fath["as_of"] == "2024-10-15"
    assert fath["source"].startswith("North Korean Troops Join Russia")  # the headline

    out = tmp_path / "c.jsonl"
    code, _, err = run("extract", seed, "--source", "1", "-o", str(out))
    assert code == 2 and "give --published" in err  # the source the CSV created has no day
    assert run("source", "edit", "1", "--published", "2024-10-15")[0] == 0
    code, _, err = run("extract", seed, "--source", "1", "-o", str(out))
    assert code == 0, err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 17 and lines[0]["offset"] == 865
    assert lines[0]["sources"][0]["published"] == "2024-10-15"  # the cited source's day
    copy = tmp_path / "copy.db"
    assert run("--db", str(copy), "import", str(out))[0] == 0
    with timeline.open(copy) as tl:
        [source] = tl.sources.all()
        assert source.published == date(2024, 10, 15) and source.events == 17


def test_plain_lines_when_the_table_is_piped(env: dict[str, str]) -> None:
    p = proc(env, "extract", str(HERE / "troops.txt"), "--published", "2024-11-08", "-f", "table")
    assert p.returncode == 0
    first = p.stdout.splitlines()[0]
    assert first.split()[0].isdigit() and "2024-10-18" in first and "(18 October 2024)" in first


def test_an_article_without_dates_is_not_an_error(env: dict[str, str], tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Nothing here is dated. It fires 155mm shells.\n", encoding="utf-8")
    p = proc(env, "extract", str(plain), "--published", "2024-10-15")
    assert p.returncode == 0 and "no dated statements found" in p.stderr
    assert p.stdout.splitlines() == [p.stdout.splitlines()[0]]  # the header alone


@pytest.mark.parametrize(
    ("content", "args", "code", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", ["--published", "2024-10-15"], 2, "binary"),
        ("caf\xe9 in 2022".encode("latin-1"), ["--published", "2024-10-15"], 2, "not UTF-8"),
        (b"   \n\n", ["--published", "2024-10-15"], 2, "empty"),
        (b"In 2022.", ["--published", "October 2024"], 2, "is not a day"),
        (b"In 2022.", ["--published", "soon"], 2, "--published"),
        (b"In 2022.", [], 2, "give --published"),
        (b"In 2022.", ["--published", "2024-10-15", "--source", "9"], 3, "no source #9"),
        (b"In 2022.", ["--published", "2024-10-15", "-f", "xml"], 2, "--format"),
        (b"In 2022.", ["--published", "2024-10-15", "--review"], 2, "--review asks on a terminal"),
    ],
)
def test_bad_input_is_one_line(
    env: dict[str, str],
    db_path: Path,
    tmp_path: Path,
    content: bytes,
    args: list[str],
    code: int,
    message: str,
) -> None:
    run("add", "Existing", "--when", "2023")
    before = digest(db_path)
    article = tmp_path / "a.txt"
    article.write_bytes(content)
    p = proc(env, "extract", str(article), *args)
    assert p.returncode == code, p.stderr
    assert message in p.stderr and len(p.stderr.strip().splitlines()) == 1
    assert digest(db_path) == before


def test_extract_reads_stdin_and_never_creates_a_database(
    env: dict[str, str], db_path: Path
) -> None:
    p = proc(env, "extract", "-", "--published", "2024-11-08", input="On 18 October, it began.")
    assert p.returncode == 0, p.stderr
    assert "18 October 2024" in p.stdout
    assert not db_path.exists()


def test_review_imports_the_accepted_in_one_change(env: dict[str, str], db_path: Path) -> None:
    import pty

    run("add", "Existing", "--when", "2023")
    main, secondary = pty.openpty()
    answers = b"a\nt\nRenamed by review\na\nd\nnot a date\nd\n2024-06-19\na\ns\nq\n"
    child = subprocess.Popen(
        [BIN, "extract", str(HERE / "troops.txt"), "--published", "2024-11-08", "--review"],
        stdin=secondary, stdout=secondary, stderr=secondary, env={**os.environ, **env},
    )  # fmt: skip
    os.close(secondary)
    os.write(main, answers)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert child.wait(timeout=60) == 0, output.decode(errors="replace")
    text = output.decode("utf-8", errors="replace")
    assert "[1/5] at" in text and "imported 3 events" in text
    assert "could not read 'not a date'" in text
    events = json.loads(proc(env, "list", "--json").stdout)
    titles = [e["title"] for e in events]
    assert "Renamed by review" in titles and len(events) == 4
    treaty = next(e for e in events if e["when"] == "2024-06-19")
    assert treaty["quote"].startswith("Kim Jong Un and Vladimir Putin signed")
    code, out, _ = run("undo")
    assert code == 0 and "3 events from" in out
    assert len(json.loads(proc(env, "list", "--json").stdout)) == 1


def test_the_api_reads_a_stream(tmp_path: Path) -> None:
    import io

    with timeline.open(tmp_path / "none.db", today=date(2024, 10, 15)) as tl:
        found = tl.extract(io.BytesIO(b"Aid fell in late 2023."), published=date(2024, 10, 15))
    assert [(c.when, c.earliest, c.latest) for c in found.candidates] == [
        ("late 2023", date(2023, 9, 1), date(2023, 12, 31))
    ]
    assert found.source is None and not (tmp_path / "none.db").exists()
    assert found.published - timedelta(days=0) == date(2024, 10, 15)


def test_extract_o_never_writes_over_the_database(env: dict[str, str], tmp_path: Path) -> None:
    """`extract -o` refuses the database file, given by name or through a symbolic link (which
    `-o` otherwise writes through), and leaves it byte for byte as it was."""
    db = Path(env["TIMELINE_DB"])
    assert proc(env, "add", "Kept", "--when", "2024").returncode == 0
    before = digest(db)
    link = tmp_path / "out.csv"
    link.symlink_to(db)
    seed = str(text_of("seed-article"))
    for target in (str(db), str(link)):
        p = proc(env, "extract", seed, "--published", "2024-10-15", "-o", target)
        assert p.returncode == 2 and p.stderr.count("\n") == 1 and "database" in p.stderr
    assert digest(db) == before and link.is_symlink()
    assert proc(env, "list").returncode == 0
