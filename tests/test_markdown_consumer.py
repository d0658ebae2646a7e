"""The Markdown exports read by markdown-it-py: valid CommonMark whose rendered text is the user's
text exactly, inert (no link, emphasis, raw HTML or entity from user text) and free of HTML
entities in the Markdown itself."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app

markdown_it = pytest.importorskip("markdown_it")

ROOT = Path(__file__).resolve().parents[1]
SEED_ROWS = (
    len((ROOT / "fixtures" / "seed-article.csv").read_text(encoding="utf-8").splitlines()) - 1
)
"""The events of the bundled fixture (one a row, after the header)."""
ENV = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
NASTY = [
    "Guns & butter",
    "A &amp; B &#60;tag&#62; &copy;",
    "<b>bold</b> <!-- c --> <https://evil.example> <script>alert(1)</script>",
    "[link](javascript:alert(1)) ![img](x.png) *em* _u_ **strong** `code` ~~del~~",
    "a | b \\ c",
    "C#",
    "1. not a list",
    "> not a quote",
]
runner = CliRunner()


def run(db: Path, *args: str) -> str:
    r = runner.invoke(app, ["--db", str(db), *args], env=ENV)
    assert r.exit_code == 0, r.stderr
    return r.stdout_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("md") / "events.db"
    run(path, "import", str(ROOT / "fixtures" / "seed-article.csv"))
    for i, title in enumerate(NASTY):
        run(path, "add", title, "--when", f"{2021 - i % 2}-0{i % 9 + 1}", "--source", title,
            "-a", title.replace(";", ""))  # fmt: skip
    run(path, "add", "Linked", "--when", "2021-01", "--source", "https://example.org/a?b=1&c=(2)")
    return path


def _no_entities_of_ours(text: str) -> None:
    """No entity in the Markdown except the ones the user typed, written escaped (`\\&amp;`)."""
    import re

    assert not re.search(r"(?<!\\)&#?[A-Za-z0-9]+;", text), text


def _tokens(text: str, table: bool = False):  # type: ignore[no-untyped-def]
    md = markdown_it.MarkdownIt("commonmark")
    if table:
        md.enable("table")
    return md.parse(text)


def _inline_text(tokens) -> list[str]:  # type: ignore[no-untyped-def]
    """The plain text of each inline token, as a reader would see it."""
    out = []
    for t in tokens:
        if t.type == "inline":
            out.append("".join(c.content for c in t.children if c.type in ("text", "code_inline")))
    return out


def test_the_document_is_commonmark_with_one_item_per_event(db: Path) -> None:
    text = run(db, "export", "-f", "markdown", "--title", "Guns & butter #")
    _no_entities_of_ours(text)
    assert "— Guns & butter (source: Guns & butter)" in text
    tokens = _tokens(text)
    kinds = [t.type for t in tokens]
    assert kinds.count("heading_open") == 1 + 5  # the title and the years 2020–2024
    assert kinds.count("list_item_open") == SEED_ROWS + len(NASTY) + 1
    assert not [t for t in tokens if t.type in ("html_block", "blockquote_open", "code_block")]
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    assert not [c for c in inline if c.type in ("html_inline", "image", "em_open", "s_open")]
    hrefs = [c.attrs.get("href") for c in inline if c.type == "link_open"]
    assert hrefs == ["https://example.org/a?b=1&c=(2)"]  # our source link, and only it
    assert _inline_text(tokens)[0] == "Guns & butter #"  # the heading keeps its '#'
    rendered = unescape(markdown_it.MarkdownIt("commonmark").render(text))
    for title in NASTY:
        assert f"— {title}" in rendered, title  # the reader sees exactly what was typed


def test_the_list_table_is_a_table_of_inert_cells(db: Path) -> None:
    text = run(db, "list", "-f", "markdown")
    _no_entities_of_ours(text)
    tokens = _tokens(text, table=True)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + SEED_ROWS + len(NASTY) + 1
    cells = _inline_text(tokens)
    assert len(cells) == 7 * len(rows)  # no title's '|' opens a cell
    for title in NASTY:
        assert title in cells, title
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    assert not [c for c in inline if c.type in ("html_inline", "link_open", "image", "em_open")]


def test_gaps_and_quiet_markdown_are_inert_too(db: Path) -> None:
    for args in (("gaps", "-f", "markdown"), ("quiet", "--as-of", "2024-10-31", "--by", "actor",
                                                  "-f", "markdown")):  # fmt: skip
        text = run(db, *args)
        _no_entities_of_ours(text)
        tokens = _tokens(text, table=True)
        inline = [c for t in tokens if t.type == "inline" for c in t.children]
        assert not [c for c in inline if c.type in ("html_inline", "link_open", "image")]
