"""`timeline serve` for real: Datasette on 127.0.0.1 on a free port, started once for the module as
the command a user runs (`timeline serve --port 0 --open`), read through its JSON API and in
headless Chromium, and stopped by its process id.

Every answer is checked against the tool's own on the same database: the `chronology` view
against `tl.events()`, the facets against `tl.names()` and the events' own fields, the canned
queries against `list --from/--to`, `gaps --min` and each actor's last event, the full-text
search against `list -s`. The page's screenshot is kept as `tests/output/datasette-chronology.png`
(git-ignored) so it can be looked at. Skipped when Datasette is not installed (the test extra
installs it); the browser test also when no Chromium binary is present.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import timeline
from published import TODAY, build, decoded, review_reasons, view_row

pytest.importorskip("datasette")

BIN = Path(sys.executable).with_name("timeline")
OUTPUT = Path(__file__).resolve().parent / "output"
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
AS_AT_A_TERMINAL = (
    sys.executable, "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])",
)  # fmt: skip
"""Run a command (same process id, by `exec`) with Ctrl-C's signal as a terminal gives it: a
test run started in the background by a shell ignores SIGINT, every child inherits that, and
`timeline serve` (like any program) then leaves it ignored."""


class Served:
    """The running `timeline serve`: its process, page, log, and the tool on the same file."""

    def __init__(self, proc: subprocess.Popen[str], page: str, folder: Path, db: Path) -> None:
        self.proc, self.page, self.folder, self.db = proc, page, folder, db
        self.base = page.removesuffix("timeline/chronology")
        self.tl = timeline.open(db, today=TODAY)

    def get(self, path: str, **params: str) -> Any:
        query = urllib.parse.urlencode(params)
        url = self.base + path.lstrip("/") + (f"?{query}" if query else "")
        with urllib.request.urlopen(url, timeout=30) as answer:
            return json.load(answer)

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.get(path, _shape="array", _size="max", **params)
        return found

    def log(self) -> str:
        return (self.folder / "serve.log").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("datasette")
    db = build(folder)
    browser = folder / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{folder}/opened"\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {**os.environ, "TIMELINE_TODAY": TODAY.isoformat(), "NO_COLOR": "1",
           "BROWSER": f"{browser} %s", "PYTHONFAULTHANDLER": "1"}  # fmt: skip
    with (folder / "serve.log").open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [*AS_AT_A_TERMINAL, str(BIN), "--db", str(db), "serve", "--port", "0", "--open"],
            stdout=subprocess.PIPE, stderr=log, text=True, env=env,
        )  # fmt: skip
    assert proc.stdout is not None
    page = proc.stdout.readline().strip()  # the URL, once Datasette answers (or "" if it died)
    served = Served(proc, page, folder, db)
    try:
        assert page.startswith("http://127.0.0.1:") and page.endswith("/timeline/chronology"), (
            served.log()
        )
        yield served
    finally:
        served.tl.close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)


def test_the_view_is_the_tools_chronology(served: Served) -> None:
    """The table page's rows, in the order Datasette shows them (the metadata's sort)."""
    events = list(served.tl.events())
    found = [decoded(r) for r in served.rows("/timeline/chronology.json")]
    assert [r["id"] for r in found] == [e.id for e in events]
    for event, row in zip(events, found, strict=True):
        expected = view_row(event)
        assert {k: row[k] for k in expected} == expected


def _facets(served: Served, **params: str) -> dict[str, dict[object, int]]:
    doc = served.get("/timeline/chronology.json", _size="0", **params)
    return {
        name: {r["value"]: r["count"] for r in facet["results"]}
        for name, facet in doc["facet_results"].items()
    }


def test_the_facets_count_as_the_tool_counts(served: Served) -> None:
    facets = _facets(served)
    assert set(facets) == {"actors", "tags", "category", "start_year"}  # the default facets
    assert facets["actors"] == dict(served.tl.names("actor"))
    assert facets["tags"] == dict(served.tl.names("tag"))
    events = list(served.tl.events())
    assert facets["category"] == Counter(e.category for e in events if e.category)
    years = Counter(view_row(e)["start_year"] for e in events)
    del years[None]  # a decade, an open earliest: no year to put them in
    assert facets["start_year"] == years
    chosen = served.rows("/timeline/chronology.json", actors__arraycontains="Belarus")
    assert [r["id"] for r in chosen] == [e.id for e in served.tl.events(actor=["Belarus"])]
    assert len(chosen) == 4


@pytest.mark.parametrize(("start", "end"), [("2023", "2023-06"), ("2024-09-10", ""), ("", "2005")])
def test_the_overlapping_query_is_list_from_to(served: Served, start: str, end: str) -> None:
    found = served.rows("/timeline/overlapping.json", **{"from": start, "to": end})
    selection = {k: v for k, v in (("from_", start), ("to", end)) if v}
    expected = [e.id for e in served.tl.events(**selection)]
    assert [r["id"] for r in found] == expected and expected


def test_the_other_canned_queries_answer_as_the_tool(served: Served) -> None:
    tl = served.tl
    latest = {r["actor"]: r["id"] for r in served.rows("/timeline/latest_per_actor.json")}
    assert latest == {a: list(tl.events(actor=[a]))[-1].id for a, _ in tl.names("actor")}
    review = {r["id"]: r["reasons"] for r in served.rows("/timeline/needs_review.json")}
    assert review == {e.id: ", ".join(review_reasons(e)) for e in tl.events() if review_reasons(e)}
    quiet = served.rows("/timeline/quiet_periods.json", days="200")
    expected = []
    for scope, by in (("all", None), ("actor", "actor"), ("category", "category")):
        report = tl.gaps(by=by, at_least="200d")
        for gap, sure in zip(report.gaps, report.certain or [], strict=True):
            expected.append([scope, gap.group, gap.after.id if gap.after else None, int(sure)])
    mine = [[r["scope"], r["group_name"], r["to_id"], r["certainly"]] for r in quiet]
    assert mine == expected and len(mine) == 3


@pytest.mark.parametrize(
    ("params", "words"),
    [({"_search": "drones"}, "drones"), ({"_search": "Poltava"}, "Poltava"),
     ({"_search": "drone*", "_searchmode": "raw"}, "drone")],
)  # fmt: skip
def test_full_text_search_finds_what_list_search_finds(
    served: Served, params: dict[str, str], words: str
) -> None:
    """Datasette matches whole words (`drones`); the tool's `-s drone` matches word starts,
    which Datasette's raw mode writes `drone*`."""
    found = [r["id"] for r in served.rows("/timeline/chronology.json", **params)]
    assert found == [e.id for e in served.tl.events(search=words)] and found


def test_the_gaps_and_the_verdicts_are_served(served: Served) -> None:
    gaps = served.rows("/timeline/gaps.json")
    by_actor = [g for g in gaps if g["scope"] == "actor"]
    assert [(g["group_name"], g["min_days"], g["max_days"]) for g in by_actor] == [
        (g.group, g.min_days, g.max_days) for g in served.tl.gaps(by="actor").gaps
    ]
    [check] = served.rows("/timeline/claim_checks.json")
    [(claim, now)] = served.tl.claims.rechecked()
    assert (check["claim_id"], check["verdict"]) == (claim.id, now.verdict)


def test_it_is_read_only_and_hides_the_internals(served: Served) -> None:
    [database] = served.get("/-/databases.json")
    assert database["name"] == "timeline" and database["is_mutable"] is False  # -i
    assert Path(database["path"]).parent.name.startswith("timeline-serve-")
    with pytest.raises(urllib.error.HTTPError) as refused:
        served.get("/timeline.json", sql="DELETE FROM events")
    assert refused.value.code == 400
    assert served.get("/timeline.json", sql="SELECT count(*) AS n FROM events")["rows"] == [[26]]
    tables = {t["name"]: t["hidden"] for t in served.get("/timeline.json")["tables"]}
    assert all(tables[t] for t in ("history", "_sqlite_migrations", "sqlite_sequence"))
    assert not any(tables[t] for t in ("events", "gaps", "claim_checks", "sources"))
    described = served.get("/-/metadata.json")["databases"]["timeline"]["tables"]
    assert "0001-01-01" in described["chronology"]["columns"]["start_earliest"]


def test_open_opened_the_chronology_page(served: Served) -> None:
    opened = served.folder / "opened"
    deadline = time.monotonic() + 10
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert opened.read_text(encoding="utf-8") == served.page


def _browser() -> str | None:
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def test_the_chronology_page_in_chromium(served: Served, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium binary found on PATH")
    pytest.importorskip("websockets")
    from cdp import Page

    profile = tmp_path / "profile"
    profile.mkdir()
    with Page(browser, profile) as page:
        page.viewport(1280, 900)
        page.load(served.page)
        text = page.evaluate("document.body.innerText")
        missing = [e.title for e in served.tl.events() if e.title not in text]
        assert missing == []  # every event on the one page, under its title
        headings = page.evaluate(
            "[...document.querySelectorAll('.facet-info')].map(f => f.dataset.column)"
        )
        assert sorted(headings) == ["actors", "category", "start_year", "tags"]
        assert page.evaluate("!!document.querySelector('input[name=_search]')")  # full text
        assert "26 rows" in text and "sorted by start" in text
        narrowest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('td.col-title')].map(td => td.offsetWidth))"
        )
        assert narrowest >= 250  # the metadata's stylesheet: a title is not squeezed to a word
        assert (
            page.evaluate("getComputedStyle(document.querySelector('td.col-start')).whiteSpace")
            == "nowrap"
        )  # nor a day over two lines
        assert page.problems() == []
        OUTPUT.mkdir(exist_ok=True)
        png = page.screenshot(OUTPUT / "datasette-chronology.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return f"{pid}: gone"
    return f"{pid}: {' '.join(line for line in status if line.startswith('State'))} {wchan}"


def _stopped(served: Served, datasette: int) -> int:
    """The exit code of `timeline serve` after Ctrl-C; if it hangs, a failure that shows where
    (both processes' Python stacks, written by faulthandler on SIGABRT, are in the log)."""
    try:
        return served.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        states = [_state(served.proc.pid), _state(datasette)]
        for pid in (datasette, served.proc.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGABRT)
        served.proc.wait(timeout=30)
        time.sleep(1)
        pytest.fail(f"timeline serve did not stop on SIGINT: {states}\n{served.log()}")


def test_ctrl_c_stops_the_server_and_removes_its_folder(served: Served) -> None:
    """Last in the module: SIGINT (Ctrl-C) to the `timeline serve` process, by its id."""
    [database] = served.get("/-/databases.json")
    folder = Path(database["path"]).parent
    [datasette] = _children(served.proc.pid)
    assert folder.is_dir()
    served.proc.send_signal(signal.SIGINT)
    assert _stopped(served, datasette) == 0
    assert not folder.exists()
    assert not Path(f"/proc/{datasette}").exists()  # Datasette ended (and was reaped)
    assert served.log().rstrip().endswith("stopped")
    with pytest.raises(urllib.error.URLError):
        served.get("/-/versions.json")
