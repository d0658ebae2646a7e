"""The exit codes and the one `TimelineError` family.

Core code raises these with the data that explains the failure; `timeline.cli` turns them
into one line on stderr and the exit code they carry. Every message quotes what the user typed.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NO = 1  # a threshold question answered "no"
EXIT_USAGE = 2  # bad input: a date, an option value, a malformed file
EXIT_NOT_FOUND = 3
EXIT_CANNOT_TELL = 4  # a threshold question that the bounds cannot decide
EXIT_STORAGE = 5


class TimelineError(Exception):
    """Base of every error the tool reports to a user; carries its exit code."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(TimelineError):
    """Bad input that is not a date: an option value, a malformed file, a bad id."""

    exit_code = EXIT_USAGE


class DateError(TimelineError):
    """A date, span or duration that could not be read.

    `text` is the whole input, `part` the piece that was not understood (may equal `text`),
    `hint` what would work. The message reads
    `could not read 'Smarch 2023': 'Smarch' is not a month; try 'March 2023' or '2023-03'`.
    """

    exit_code = EXIT_USAGE

    def __init__(self, text: str, reason: str, hint: str = "") -> None:
        self.text = text
        self.reason = reason
        self.hint = hint
        message = f"could not read {text!r}: {reason}"
        if hint:
            message += f"; {hint}"
        super().__init__(message)


class NotFoundError(TimelineError):
    """An event id (or other named thing) that does not exist."""

    exit_code = EXIT_NOT_FOUND


class StorageError(TimelineError):
    """The database cannot be opened, is not ours, is newer than us, or cannot be written."""

    exit_code = EXIT_STORAGE


class NoDatabase(StorageError):
    """There is no database at `path` (no file, or an empty one) and none was to be created."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


class DatabaseBusy(StorageError):
    """Another process held the write lock for the whole wait (`waited` seconds)."""

    def __init__(self, message: str, waited: float) -> None:
        super().__init__(message)
        self.waited = waited
