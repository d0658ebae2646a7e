"""An event as a small TOML text to change in an editor (`timeline edit N --editor`), and back.

`to_text` writes the fields a person types (title, when, end, actors, tags, category, value,
unit, location, notes, as_of), one `key = value` line each, with comments saying how to save or
abort; `from_text` reads the text back (standard `tomllib`) into the changes an edit makes.

Decisions encoded here:
- Keys are the CSV column names; a missing or empty key clears that field (title and when are
  still required, as everywhere); an unknown key or a value of the wrong type is refused with the
  line TOML reports, never guessed.
- The sources and their quotes are not in the text: `--source`/`--quote` change them, and an
  editor text that dropped them by mistake could not say so.
- Comment lines (`#`) are the tool's: an error is shown at the top as `# error: …` and every
  comment is ignored when the text is read.
"""

from __future__ import annotations

import json
from typing import Any

from timeline.errors import UsageError
from timeline.model import FIELD, Event

KEYS: dict[str, str] = {
    "title": "title",
    "when": "when",
    "end": "end_when",
    "actors": "actors",
    "tags": "tags",
    "category": "category",
    "value": "value",
    "unit": "unit",
    "location": "location",
    "notes": "notes",
    "as_of": "as_of",
}
"""The text's key of each field (the CSV column) and the field it is."""
LISTS = ("actors", "tags")


def _string(text: str) -> str:
    plain = all(c in "\n\t" or (" " <= c != "\x7f" and not 0x80 <= ord(c) < 0xA0) for c in text)
    if plain and "\n" in text and '"""' not in text and not text.endswith('"'):
        body = text.replace("\\", "\\\\")
        return f'"""\n{body}"""'
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string: the same escapes


def fields_of(event: Event) -> dict[str, Any]:
    """The event's editable fields, by the text's keys (an absent value as None)."""
    out: dict[str, Any] = {}
    for key, name in KEYS.items():
        value = getattr(event, name)
        if key in LISTS:
            out[key] = list(value or ())
        elif value is None:
            out[key] = None
        elif key == "as_of":
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def to_text(event: Event, error: str | None = None) -> str:
    """The text an editor shows for `event` (with `error` at the top when a save failed)."""
    lines = []
    if error:
        lines += [f"# error: {line}" for line in error.splitlines()]
        lines += ["# Correct it and save, or save the text unchanged to abort.", "#"]
    lines += [
        f"# timeline: event #{event.id}. Change the values and save; empty the file to abort.",
        "# An empty value clears a field; title and when are required. Sources: --source.",
        "# Role dates are kept as they are: --date ROLE=DATE and --drop-date ROLE change them.",
    ]
    for key, value in fields_of(event).items():
        lines.append(f"{key} = {_value(key, value)}")
    return "\n".join(lines) + "\n"


def _value(key: str, value: Any) -> str:
    if key in LISTS:
        return "[" + ", ".join(_string(str(v)) for v in value) + "]"
    if value is None:
        return '""'
    if key == "value" and isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return _string(str(value))


def without_comments(text: str) -> str:
    """The text with the tool's comment lines removed."""
    return "".join(line for line in text.splitlines(True) if not line.lstrip().startswith("#"))


def from_text(text: str) -> dict[str, Any]:
    """The fields the text gives, by field name (`end_when`, …): a cleared field as "" (or [] for
    actors and tags); a `UsageError` for text that is not such an event."""
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"the text is not valid TOML: {err}") from None
    unknown = [key for key in doc if key not in KEYS]
    if unknown:
        raise UsageError(f"unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
    out: dict[str, Any] = {}
    for key, name in KEYS.items():
        raw = doc.get(key)
        if key in LISTS:
            if raw is None or raw == "":
                out[name] = []
            elif isinstance(raw, list) and all(isinstance(v, str) for v in raw):
                out[name] = [v for v in raw if v.strip()]
            else:
                raise UsageError(f'{key}: write a list of names, such as ["Iran", "Russia"]')
        elif raw is None:
            out[name] = ""
        elif key == "value" and isinstance(raw, int | float) and not isinstance(raw, bool):
            out[name] = str(raw)
        elif isinstance(raw, str):
            out[name] = raw
        else:
            spec = FIELD[name]
            raise UsageError(f'{key}: write it as text in quotes ({spec.metavar}), such as "…"')
    return out


def changes(before: Event, text: str) -> dict[str, Any]:
    """What the edited `text` changes in `before`, as `Timeline.apply_edit` takes it."""
    read = from_text(text)
    old = {KEYS[k]: v for k, v in fields_of(before).items()}
    out: dict[str, Any] = {}
    for name, new in read.items():
        was = old[name]
        if name in ("actors", "tags"):
            if list(new) != list(was):
                out[name] = new or [""]  # [""] clears the list, as `-a ''` does
            continue
        was_text = "" if was is None else str(was)
        if new != was_text:
            out[name] = new
    return out
