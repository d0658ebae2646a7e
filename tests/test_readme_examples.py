"""Every `timeline` command the README shows runs on the bundled `events.db`, exits as the README
says and prints something; the README's console transcripts are what the commands print."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).with_name("timeline")
TODAY = "2026-12-01"


def _commands() -> list[tuple[str, int, bool]]:
    """(command, expected exit code, talks on stderr only) of every `timeline` line in the
    README's sh blocks after the two install commands, in order; `(exit N)` in the comment
    gives the code, `(on stderr)` says the answer is a note on stderr."""
    blocks = re.findall(r"```sh\n(.+?)\n```", README, re.S)[2:]
    found = []
    for line in "\n".join(blocks).splitlines():
        parts = re.split(r"\s+(#) ", line + " # ", maxsplit=1)
        command, _, comment = (part.strip() for part in parts)
        if not command.startswith("timeline "):
            continue
        code = re.search(r"\(exit (\d)\)", comment)
        found.append((command, int(code[1]) if code else 0, "(on stderr)" in comment))
    return found


COMMANDS = _commands()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a copy of the bundled database and the fixtures, as a checkout does."""
    here = tmp_path_factory.mktemp("readme")
    shutil.copy(ROOT / "events.db", here / "events.db")
    shutil.copytree(ROOT / "fixtures", here / "fixtures")
    return here


def _env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    return {
        **clean,
        "TIMELINE_TODAY": TODAY,
        "NO_COLOR": "1",
        "PATH": f"{BIN.parent}:/usr/bin:/bin",
    }


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 20
    assert any(c.startswith("timeline gaps -c us-aid") for c, *_ in COMMANDS)


@pytest.mark.parametrize(("command", "code", "talk"), COMMANDS, ids=[c for c, *_ in COMMANDS])
def test_each_command_runs_on_the_bundled_chronology(
    command: str, code: int, talk: bool, folder: Path
) -> None:
    first, *piped = command.split(" | ")
    proc = subprocess.run(
        shlex.split(first), cwd=folder, env=_env(), capture_output=True, text=True, check=False
    )
    assert proc.returncode == code, proc.stderr
    printed = proc.stderr if talk else proc.stdout
    assert printed.strip(), f"{command!r} printed nothing; stderr: {proc.stderr}"
    assert "Traceback" not in proc.stderr
    tool = shlex.split(piped[0])[0] if piped else None
    if tool and shutil.which(tool):
        whole = subprocess.run(
            command, shell=True, cwd=folder, env=_env(), capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert whole.returncode == 0 and whole.stdout.strip(), whole.stderr


def test_the_console_transcripts_are_true(folder: Path) -> None:
    blocks = re.findall(r"```console\n(.+?)\n```", README, re.S)
    assert blocks
    for block in blocks:
        command, *expected = block.splitlines()
        assert command.startswith("$ timeline ")
        proc = subprocess.run(
            shlex.split(command[2:]), cwd=folder, env=_env(), capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        assert proc.stdout.splitlines() == expected
