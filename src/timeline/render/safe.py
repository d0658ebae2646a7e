"""Making user text inert before it reaches a terminal or a document.

Decisions encoded here:
- One set of characters is never written as itself where a person reads: C0 controls (but tab
  and newline), DEL, C1 controls (U+0080–U+009F, U+009B the 8-bit CSI among them), bidi marks,
  embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the
  line and paragraph separators U+2028/U+2029, and the invisible ones that let a name pass for
  another (`ad\\u200bmin` for `admin`): U+00AD soft hyphen, U+034F, U+115F, U+1160, U+17B4,
  U+17B5, U+180E, U+200B, U+2060–U+2064, U+206A–U+206F, U+3164, U+FEFF, U+FFA0, U+FFF9–U+FFFB.
  The zero-width joiners U+200C/U+200D are shown too, except between two letters or symbols
  beyond Latin (Persian and Indic words, emoji sequences), where they are how the text is
  written and join no look-alike of a Latin word.
- Such a character is shown as a visible escape, never removed, so what was hidden is seen and
  no two different texts print alike: `\\x1b`, `\\x9b`, `\\xad`, `\\r` (a bare carriage return),
  `\\u200b`, `\\u202e`. An escape sequence loses its ESC and prints as plain text
  (`\\x1b]52;c;…`), so it can neither act nor hide. Backslashes are left as they are.
- In a one-line cell (`inert`) tab, newline and carriage return become spaces; where a block of
  text is shown (`inert_block`) newline and tab are kept. Everything else follows the rule
  above. Printable ASCII (the usual title) is returned as it is, without the two searches.
- Data written to a terminal (`TerminalText`): JSON gets the same characters as `\\uXXXX`
  escapes, which JSON reads back as the same text (they can only stand inside strings); any
  other format gets the visible escapes. Data piped or written to a file is never touched.
- `as_text` wraps the result in `rich.text.Text`, so `[bold]` in a title prints literally.
- Every document format escapes through one function each, after the text is made inert:
  `html_escape` (HTML and XML: `& < > " '` as entities) and `md_escape` (Markdown: the
  characters that act inside a line, `\\` `` ` `` `*` `_` `[` `]` `~` `<` and the table
  separator `|`, get a backslash, and so does an `&` that would begin an entity such as
  `&amp;` or `&#60;`), so user text can open no link, image, emphasis, code span, raw HTML,
  entity or table cell. Markdown is also read as plain text (pasted into an article, a mail,
  a CMS), so it holds no HTML entities: `A & B` stays `A & B`, never `A &amp; B`.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.text import Text

_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
)
_SHOWN = re.compile(f"[{_CHARS}]")
_JOINERS = "\u200c\u200d"
_LINE_BREAKS = re.compile(r"\r\n|[\t\n\r]")
_MARKDOWN = re.compile(r"([\\`*_\[\]~|<]|&(?=#?[A-Za-z0-9]+;))")
_NAMED = {"\r": "\\r"}


def _joins_words(text: str, at: int) -> bool:
    """Whether the joiner at `at` stands between two letters or symbols beyond Latin."""
    if at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    return all(ord(c) > 0x24F and not c.isspace() and not _SHOWN.match(c) for c in (before, after))


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _JOINERS and _joins_words(match.string, match.start()):
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _JOINERS and _joins_words(match.string, match.start()):
        return ch
    return f"\\u{ord(ch):04x}"


def has_controls(text: str) -> bool:
    """True when `text` holds a character `visible` would escape (or a zero-width joiner)."""
    return _SHOWN.search(text) is not None


def visible(text: str) -> str:
    """`text` with every control, bidi and invisible character shown as an escape (`\\x1b`,
    `\\u200b`); tab and newline kept."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(_escape, text)


def json_visible(text: str) -> str:
    """JSON text with the same characters as `\\uXXXX` escapes (the same JSON value)."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(_json_escape, text)


def inert_block(text: str) -> str:
    """`text` shown safely with its newlines and tabs kept (CRLF read as a newline)."""
    return visible(text.replace("\r\n", "\n"))


def inert(text: str | None) -> str:
    """`text` made safe for one line of a terminal: line breaks and tabs as spaces, every
    other control, bidi or invisible character as a visible escape."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # the usual title: nothing to show or change
        return text
    return visible(_LINE_BREAKS.sub(" ", text))


def as_text(text: str | None, style: str = "") -> Text:
    """A rich `Text` of the inert one-line `text` (never parsed as markup)."""
    from rich.text import Text

    return Text(inert(text), style=style)


def html_escape(text: str | None) -> str:
    """Inert one-line text, escaped for HTML and XML (attributes included)."""
    from html import escape  # here: `html` loads its entity tables, which the terminal never needs

    return escape(inert(text), quote=True)


def html_escape_block(text: str) -> str:
    """Inert text with its line breaks kept, escaped for HTML and XML."""
    from html import escape

    return escape(inert_block(text), quote=True)


def md_escape(text: str | None) -> str:
    """Inert one-line text, Markdown-escaped (also safe inside a table cell), without
    entities."""
    return _MARKDOWN.sub(r"\\\1", inert(text))


class TerminalText(io.TextIOBase):
    """A text stream over `out` (a terminal) that shows every character `visible` escapes:
    as `\\uXXXX` for JSON (`json=True`), as visible escapes for any other format."""

    def __init__(self, out: TextIO, *, json: bool) -> None:
        super().__init__()
        self._out = out
        self._shown = json_visible if json else visible

    def write(self, text: str) -> int:
        self._out.write(self._shown(text))
        return len(text)

    def flush(self) -> None:
        self._out.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._out.isatty()


def for_terminal(out: TextIO, *, json: bool) -> TextIO:
    """`out` wrapped as `TerminalText`, typed as the stream it stands for."""
    return TerminalText(out, json=json)  # type: ignore[return-value]
