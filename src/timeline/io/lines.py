"""Decoding an input file line by line, and how a file is to be read (`ReadOptions`).

Decisions encoded here:
- Without `--encoding` a file is UTF-8 (a leading BOM dropped), or UTF-16 when it starts with a
  UTF-16 byte order mark (what Excel's "Unicode text" writes). `--encoding` takes any codec
  Python knows (`utf-8-sig`, `utf-16`, `cp1252`, `latin-1`, …); an unknown name is refused.
- Lines are decoded one at a time, so a large file is never held whole; a UTF-16 or UTF-32 file
  (whose newline is more than one byte) goes through an incremental decoder instead.
- Bytes the encoding cannot decode, and NUL characters, are malformed input, refused with the
  line they are on; a UTF-8 failure suggests `--encoding cp1252` (a file saved by Windows
  software), a NUL suggests UTF-16.
- CRLF and LF line ends are both kept as they are (the CSV reader needs them).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from timeline.errors import UsageError

if TYPE_CHECKING:
    from timeline.io.records import Context

_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


class ReadOptions(NamedTuple):
    """How to read an import file: its encoding and CSV separator (None: detected), and the
    context its dates are read in (the TimelineJS reader compares date texts with its dates)."""

    encoding: str | None = None
    delimiter: str | None = None
    context: Context | None = None


PLAIN = ReadOptions()
"""UTF-8 (or a UTF-16 BOM), the separator detected, no context."""


def codec_name(encoding: str | None) -> str | None:
    """Python's name for `encoding` (None stays None); a `UsageError` for an unknown one."""
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(
            f"--encoding {encoding!r} is not an encoding I know; try utf-8, utf-8-sig, "
            "utf-16 or cp1252"
        ) from None


def bom_encoding(head: bytes) -> str | None:
    """`utf-16` or `utf-32` when `head` starts with that byte order mark, else None."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


def head_text(head: bytes, encoding: str | None) -> str:
    """The first bytes of a file as text, for recognising its format (never fails)."""
    name = codec_name(encoding) or bom_encoding(head) or "utf-8-sig"
    text = head.decode(name, errors="replace") if name not in _WIDE else _wide_head(head, name)
    return text.removeprefix("\ufeff")


def _wide_head(head: bytes, name: str) -> str:
    return codecs.getincrementaldecoder(name)(errors="replace").decode(head)


def decoded_lines(raw: Iterable[bytes], label: str, encoding: str | None = None) -> Iterator[str]:
    """Each line of `raw` as text, line ending kept; errors name `label` and the line."""
    name = codec_name(encoding)
    lines = iter(raw)
    first = next(lines, None)
    if first is None:
        return
    name = name or bom_encoding(first) or "utf-8"
    if name in _WIDE:
        yield from _wide_lines(first, lines, label, name)
        return
    if name in ("utf-8", "utf-8-sig"):
        first = first.removeprefix(codecs.BOM_UTF8)
        name = "utf-8"
    yield _decoded(first, 1, label, name, encoding)
    for number, line in enumerate(lines, start=2):
        yield _decoded(line, number, label, name, encoding)


def _decoded(line: bytes, number: int, label: str, name: str, given: str | None) -> str:
    try:
        text = line.decode(name)
    except UnicodeDecodeError as err:
        hint = (
            "; if the file comes from Excel or Windows, try --encoding cp1252" if not given else ""
        )
        shown = "UTF-8" if name == "utf-8" else name
        raise UsageError(
            f"{label}: line {number} is not valid {shown} (byte {err.start + 1} of the line){hint}"
        ) from None
    if "\x00" in text:
        hint = "; is the file UTF-16? give --encoding utf-16" if not given else ""
        raise UsageError(f"{label}: line {number} contains a NUL byte{hint}")
    return text


def _wide_lines(first: bytes, rest: Iterator[bytes], label: str, name: str) -> Iterator[str]:
    """Lines of a UTF-16 or UTF-32 file: the raw lines split at a `\\n` byte are not its lines,
    so the bytes are decoded as a stream and split at decoded newlines."""
    decoder = codecs.getincrementaldecoder(name)()
    pending, number = "", 1
    for chunk in _chain(first, rest):
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError:
            raise UsageError(f"{label}: line {number} is not valid {name.upper()}") from None
        *done, pending = pending.split("\n")
        for line in done:
            yield _checked(line + "\n", number, label)
            number += 1
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise UsageError(f"{label}: line {number} is not valid {name.upper()}") from None
    if pending:
        yield _checked(pending, number, label)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _checked(line: str, number: int, label: str) -> str:
    line = line.removeprefix("\ufeff") if number == 1 else line
    if "\x00" in line:
        raise UsageError(f"{label}: line {number} contains a NUL character")
    return line
