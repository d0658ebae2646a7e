"""Making user text inert before it reaches a terminal or a document.

Decisions encoded here:
- Terminal escape sequences are removed whole (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, and
  two-byte `ESC x`), then every remaining C0 and C1 control character and DEL.
- Newline and tab are kept only where a block of text is shown (`inert_block`); in a one-line
  cell they become spaces.
- Bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
  U+202A–U+202E, U+2066–U+2069) are removed,
  so a title cannot reorder the text around it.
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

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or cut short)
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS, PM, APC, SOS strings
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x1b[ -~]?"  # any other escape
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")
_MARKDOWN = re.compile(r"([\\`*_\[\]~|<]|&(?=#?[A-Za-z0-9]+;))")


def has_controls(text: str) -> bool:
    """True when `text` holds a control (other than tab and newline), DEL, C1 or bidi mark."""
    return _CONTROLS.search(text) is not None


def inert_block(text: str) -> str:
    """`text` without escape sequences or controls; newlines and tabs kept."""
    return _CONTROLS.sub("", _SEQUENCES.sub("", text.replace("\r\n", "\n")))


def inert(text: str | None) -> str:
    """`text` made safe for one line of a terminal: controls removed, line breaks as spaces."""
    if not text:
        return ""
    return inert_block(_LINE_BREAKS.sub(" ", text))


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
