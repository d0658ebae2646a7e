"""An article as text for `timeline extract`: plain text, Markdown, or HTML with its tags
stripped, with a way back from a place in the text to the place in the file.

Decisions encoded here:
- The file must be UTF-8 (a leading BOM dropped) and text: a NUL byte, bytes that are not UTF-8,
  or a file with nothing but white space are refused with one line (exit 2).
- HTML is recognised by its content (a doctype, or an `<html>`, `<body>`, `<p>`, `<article>` or
  `<div>` tag near the start), not by the file name. Its text is what a reader sees: scripts,
  styles and templates are dropped, character references decoded, and every block element
  (paragraph, heading, list item, table cell, line break…) ends a line, so a sentence never runs
  across two paragraphs. Its `<title>` (else its first `<h1>`) is the article's title.
- Markdown and plain text are read as they are (a date is not hidden by `**` or `#`); the first
  line is the title when it reads as a headline (no closing full stop, at most 200 characters).
- Offsets count characters: `Article.offset(i)` is where character `i` of the text stands in the
  decoded file, so a candidate's offset finds its sentence in the file as the user has it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

from timeline.errors import UsageError

_HTML = re.compile(r"<!doctype html|<(?:html|body|p|article|div|h1|section)[\s>]", re.I)
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "title",
    ]
)
_HIDDEN = frozenset(("script", "style", "template", "noscript", "svg", "head"))


@dataclass
class Article:
    """The article's text, its title (or None), what it was read as, and the offset map."""

    text: str
    title: str | None
    kind: str  # "text" or "html"
    _starts: list[int] = field(default_factory=list)  # text offsets where a piece begins
    _sources: list[int] = field(default_factory=list)  # where that piece is in the file

    def offset(self, at: int) -> int:
        """The place in the decoded file of character `at` of the text."""
        if not self._starts:
            return at
        i = bisect_right(self._starts, at) - 1
        return self._sources[i] + (at - self._starts[i]) if i >= 0 else at


def read_article(data: bytes, label: str) -> Article:
    """The article in `data` (a file's bytes); `UsageError` naming `label` when it is not
    readable text."""
    if b"\x00" in data:
        raise UsageError(f"{label}: a binary file, not an article (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UsageError(
            f"{label}: not UTF-8 text (byte {err.start}); convert it to UTF-8 first"
        ) from None
    if not text.strip():
        raise UsageError(f"{label}: the file is empty; there is no article to read")
    if _HTML.search(text[:4096]):
        return _html(text)
    return Article(text, _headline(text), "text")


def _headline(text: str) -> str | None:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = first.lstrip("#").strip()
    if not first or len(first) > 200 or first[-1] in ".!?:;":
        return None
    return first


class _Text(HTMLParser):
    """Collects the visible text of an HTML document with the file offset of each piece."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.sources: list[int] = []
        self.length = 0
        self.hidden = 0
        self.in_title = False
        self.in_h1 = False
        self.title: list[str] = []
        self.h1: list[str] = []
        self._lines = [0]
        for line in source.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))

    def _at(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._add("\n", self._at())

    def _add(self, text: str, at: int) -> None:
        self.starts.append(self.length)
        self.sources.append(at)
        self.parts.append(text)
        self.length += len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        if tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
        if tag in _BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.hidden:
            return
        if self.in_h1:
            self.h1.append(data)
        self._add(data, self._at())


def _html(source: str) -> Article:
    reader = _Text(source)
    reader.feed(source)
    reader.close()
    text = "".join(reader.parts)
    if not text.strip():
        raise UsageError("the HTML holds no text; there is no article to read")
    title = " ".join("".join(reader.title).split()) or " ".join("".join(reader.h1).split())
    return Article(text, title or None, "html", reader.starts, reader.sources)
