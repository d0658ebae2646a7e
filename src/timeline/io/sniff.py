"""Recognising an import file's format by its content: JSON, JSON Lines or TimelineJS.

Decisions encoded here:
- Only the first bytes are read (`head`), decoded as the file will be.
- `[` opens a JSON list (the JSON import). `{` opens either JSON Lines (one JSON event per
  line) or a TimelineJS3 document (one object). The first object's top-level keys decide: an
  `events`, `eras` or `scale` key, or a `title` whose value is an object (a title slide), is
  TimelineJS; a `title` or `when` whose value is text is a JSON event. An object that goes on
  past its first line is TimelineJS too, since a JSON Lines object is one line.
- An object that the head cannot decide is `object`: the caller picks by what it knows (a
  `.json` file is TimelineJS, since the JSON import is a list; stdin is JSON Lines).
- Anything else is not JSON (`None`).
"""

from __future__ import annotations

_TIMELINEJS_KEYS = frozenset({"events", "eras", "scale"})


def sniff(head: str) -> str | None:
    """`json`, `jsonl`, `timelinejs`, `object` (undecided) or None (not JSON)."""
    text = head.lstrip(" \t\r\n")
    if text.startswith("["):
        return "json"
    if not text.startswith("{"):
        return None
    return _object_kind(text)


def _object_kind(text: str) -> str:
    """What the first object's top-level keys say (see the module docstring)."""
    depth, i, n = 0, 0, len(text)
    key: str | None = None
    expect_key = False
    while i < n:
        ch = text[i]
        if ch == "\n" and depth >= 1:
            return "timelinejs"
        if ch == '"':
            end = _string_end(text, i)
            if end < 0:
                return "object"
            if depth == 1 and expect_key:
                key, expect_key = text[i + 1 : end], False
            elif depth == 1 and key is not None:
                if key in _TIMELINEJS_KEYS:
                    return "timelinejs"
                if key in ("title", "when"):
                    return "jsonl"
                key = None
            i = end + 1
            continue
        if ch in "{[":
            if depth == 1 and key is not None:
                if key in _TIMELINEJS_KEYS or (key == "title" and ch == "{"):
                    return "timelinejs"
                key = None
            depth += 1
            expect_key = depth == 1 and ch == "{"
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return "jsonl"
        elif ch == "," and depth == 1:
            expect_key, key = True, None
        elif depth == 1 and key is not None and ch not in " \t\r:":
            if key in _TIMELINEJS_KEYS:
                return "timelinejs"
            key = None
        i += 1
    return "object"


def _string_end(text: str, start: int) -> int:
    """The index of the quote closing the string opened at `start`, -1 if the head ends first."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return -1
