"""`timeline edit N --editor`: the event as text in `$VISUAL` / `$EDITOR`, checked on save.

Decisions encoded here (as `git commit` does with its message):
- The editor is `$VISUAL`, else `$EDITOR`, split as a shell would split it (`code --wait`); with
  neither set the command says so (exit 2) rather than guessing one.
- The text is `timeline.io.event_text`'s TOML. A save that cannot be stored (a date that does
  not read, a missing title, bad TOML) opens the editor again with the error at the top; saving
  that text unchanged, emptying the file or an editor that fails aborts: nothing is written
  (exit 1, "aborted", as a declined prompt). A save that changes nothing is the unchanged edit
  of `timeline edit` (exit 0, nothing recorded).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from typing import TYPE_CHECKING, Any

from timeline.errors import EXIT_USAGE, TimelineError, UsageError

if TYPE_CHECKING:
    from timeline.api import Timeline
    from timeline.model import Event


class Aborted(TimelineError):
    """The edit was given up: nothing was written."""

    exit_code = 1


def editor_command() -> list[str]:
    """The editor to run, from $VISUAL or $EDITOR."""
    for name in ("VISUAL", "EDITOR"):
        given = os.environ.get(name, "").strip()
        if given:
            try:
                words = shlex.split(given)
            except ValueError as err:
                raise UsageError(
                    f"${name} ({given!r}) cannot be read as a command: {err}"
                ) from None
            if words:
                return words
    raise UsageError("--editor needs an editor: set VISUAL or EDITOR (export EDITOR=nano)")


def run_editor(command: list[str], text: str) -> str:
    """`text` after the editor has changed it (the file it edited, read back)."""
    handle, path = tempfile.mkstemp(prefix="timeline-edit-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            done = subprocess.run([*command, path], check=False)
        except OSError as err:
            raise UsageError(f"cannot run the editor {command[0]!r}: {err.strerror}") from None
        if done.returncode != 0:
            raise Aborted(f"aborted: the editor exited with status {done.returncode}; "
                          "nothing changed")  # fmt: skip
        with open(path, encoding="utf-8") as f:
            return f.read()
    except UnicodeDecodeError:
        raise UsageError("the edited text is not UTF-8; nothing changed") from None
    finally:
        os.unlink(path)


def _message(err: TimelineError) -> str:
    from timeline.io.records import RecordError

    if isinstance(err, RecordError):
        from timeline.io.event_text import KEYS

        key = next((k for k, name in KEYS.items() if name == err.column), err.column)
        return f"{key}: {err.reason}"
    return err.message


def edit_in_editor(tl: Timeline, event: Event) -> tuple[Event, bool]:
    """Edit `event` in the editor until a save stores or the user aborts."""
    from timeline.io.event_text import changes, to_text, without_comments

    command = editor_command()
    error: str | None = None
    body: str | None = None
    while True:
        shown = to_text(event, error) if body is None else _with_error(body, error)
        edited = run_editor(command, shown)
        if not without_comments(edited).strip():
            raise Aborted("aborted: the text was emptied; nothing changed")
        if error is not None and edited == shown:
            raise Aborted(f"aborted: {error}; nothing changed")
        try:
            found: dict[str, Any] = changes(event, edited)
            as_of = found.pop("as_of", None) or None
            if not found and as_of is None:
                return event, False
            return tl.apply_edit(str(event.id), as_of=as_of, **found)
        except TimelineError as err:
            if err.exit_code != EXIT_USAGE:
                raise
            error, body = _message(err), without_comments(edited)


def _with_error(body: str, error: str | None) -> str:
    head = "".join(f"# error: {line}\n" for line in (error or "").splitlines())
    return (f"{head}# Correct it and save, or save the text unchanged to abort.\n"
            "# An empty value clears a field; title and when are required.\n" + body)  # fmt: skip
