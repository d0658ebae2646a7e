"""Decoding an input file line by line: UTF-8 (a leading BOM dropped), CRLF or LF.

Decisions encoded here: invalid UTF-8 and NUL bytes are malformed input, refused with the line
they are on; lines are decoded one at a time so a large file is never held whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.errors import UsageError


def decoded_lines(raw: Iterable[bytes], label: str) -> Iterator[str]:
    """Each line of `raw` as text, line ending kept; errors name `label` and the line."""
    for number, line in enumerate(raw, start=1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if b"\x00" in line:
            raise UsageError(f"{label}: line {number} contains a NUL byte")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as err:
            raise UsageError(
                f"{label}: line {number} is not valid UTF-8 (byte {err.start + 1} of the line)"
            ) from None
