"""The gap renderers: the rich table keeps user text inert; --by tag and category groups."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.dates import parse_when
from timeline.model import Event
from timeline.model.results import EventRef, Gap
from timeline.render.gaps import rich_table
from timeline.store import open_store

D = date.fromisoformat


def test_rich_table_shows_markup_and_escapes_as_plain_text() -> None:
    gap = Gap(
        before=EventRef(1, "[bold]loud[/bold] \x1b]8;;http://x\x07link", "2020"),
        after=EventRef(2, "after", "March 2021"),
        min_from=D("2020-12-31"),
        min_to=D("2021-03-01"),
        max_from=D("2020-01-01"),
        max_to=D("2021-03-31"),
    )
    buf = io.StringIO()
    Console(file=buf, width=200, color_system=None).print(rich_table([gap], [False]))
    text = buf.getvalue()
    assert "[bold]loud[/bold]" in text and "\x1b" not in text and "\x07" not in text
    assert "60 to 455" in text and "possible" in text


def test_by_tag_and_by_category(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = open_store(path, create=True)
    for title, when, tags, category in (
        ("a", "2020-01-01", ("aid", "drones"), "x"),
        ("b", "2020-01-11", ("drones",), "x"),
        ("c", "2020-02-01", ("aid",), None),
    ):
        w = parse_when(when, today=D("2024-10-15"))
        store.add(Event(id=0, title=title, when=when, start=w.start, tags=tags, category=category))
    store.close()

    def gaps(*args: str) -> list[tuple[object, object]]:
        r = CliRunner().invoke(app, ["--db", str(path), "gaps", "--json", *args])
        assert r.exit_code == 0, r.stderr
        return sorted((g["group"], g["min_days"]) for g in json.loads(r.stdout))

    assert gaps("--by", "tag") == [("aid", 31), ("drones", 10)]
    assert gaps("--by", "category") == [("x", 10)]  # an event without a category is in none
    assert gaps("--by", "tag", "--as-of", "2020-02-05") == [
        ("aid", 4), ("aid", 31), ("drones", 10), ("drones", 25)
    ]  # fmt: skip
