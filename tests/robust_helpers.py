"""Shared helpers of the robustness tests: running the CLI in-process and as a real process
(also as an unprivileged user), hashing files, seeding databases, and reading them back."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.io.records import Context, build_event
from timeline.model import Event
from timeline.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
BIN = shutil.which("timeline") or str(ROOT / ".venv/bin/timeline")
TODAY = "2024-10-15"
CTX = Context(today=date(2024, 10, 15))
CONTROL_BYTES = set(range(0x00, 0x09)) | set(range(0x0B, 0x20)) | {0x7F}
C1 = {chr(c) for c in range(0x80, 0xA0)}
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}

runner = CliRunner()


def cli(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    """Run the app in-process: (exit code, stdout, stderr)."""
    r = runner.invoke(app, list(args), input=input)
    return r.exit_code, r.stdout, r.stderr


def base_env(db: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "TIMELINE_TODAY": TODAY}
    env.pop("TIMELINE_DATE_ORDER", None)
    if db is not None:
        env["TIMELINE_DB"] = str(db)
    return env


def proc(
    db: Path | None,
    *args: str,
    input: str | bytes | None = None,
    timeout: float = 120,
    **kw: object,
) -> subprocess.CompletedProcess[str]:
    """Run the installed `timeline` script as a real process."""
    text = not isinstance(input, bytes)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [BIN, *args],
        capture_output=True,
        text=text,
        env=base_env(db),
        input=input,
        timeout=timeout,
        **kw,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file in `folder` with its hash: what a failed command must leave unchanged."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def event(title: str, when: str = "2024-03-01", **fields: object) -> Event:
    return build_event({"title": title, "when": when, **fields}, CTX)  # type: ignore[arg-type]


def seed(db: Path, count: int, prefix: str = "seed") -> None:
    """A database at `db` holding `count` events (one import)."""
    store = open_store(db, create=True)
    try:
        store.import_events(
            (event(f"{prefix} {i}", f"2023-01-{i % 28 + 1:02d}") for i in range(count)), "seed"
        )
    finally:
        store.close()


def count_events(db: Path) -> int:
    store = open_store(db, create=False)
    try:
        return store.count()
    finally:
        store.close()


def exported(db: Path) -> list[dict[str, object]]:
    """Every event as the JSON export gives it (read in a new process)."""
    p = proc(db, "list", "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)  # type: ignore[no-any-return]


def one_line_error(code: int, err: str, *, expect: int | None = None) -> None:
    """A refusal: non-zero, one `timeline:` line on stderr, no traceback."""
    assert code != 0
    if expect is not None:
        assert code == expect, (code, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("timeline: "), err


def open_snapshot(store: Store) -> list[Event]:
    from timeline.model import Filters

    return list(store.iter_events(Filters()))


# -- an unprivileged user ----------------------------------------------------------------------


def unprivileged_user() -> str | None:
    for name in ("nobody", "daemon"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def launcher_for(user: str) -> list[str] | None:
    """A command that runs the installed `timeline` as `user`.

    The script itself when `user` can run it; else (the venv's interpreter sits in a folder the
    user cannot enter, as under /root) the same script run by a system Python of the same minor
    version, with the venv's site-packages and the source on PYTHONPATH. None when neither works.
    """
    candidates = [[BIN]]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        if Path(folder, version).exists():
            candidates.append([str(Path(folder, version)), BIN])
            candidates.append([str(Path(folder, version)), "-m", "timeline"])
    for command in candidates:
        try:
            r = subprocess.run(
                [*command, "--help"],
                user=user,
                capture_output=True,
                text=True,
                env=unprivileged_env(),
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if r.returncode == 0 and "timeline" in r.stdout:
            return command
    return None


_DEV_ONLY = shutil.ignore_patterns(
    "__pycache__", "*.pth", "mypy*", "*mypyc*", "ruff*", "*hypothesis*", "pip", "pip-*",
    "setuptools*", "_distutils_hack", "pkg_resources", "*pytest*", "librt*", "ast_serialize*",
)  # fmt: skip


def _staged_paths() -> list[str]:
    """The source and the runtime packages, copied once to a folder every user can read.

    The checkout (and the virtual environment in it) may sit in a folder an unprivileged user
    cannot enter, such as root's home; the copy makes the same code importable for that user.
    """
    import site

    stage = Path(tempfile.gettempdir()) / f"timeline-robust-stage-{os.getpid()}"
    if not stage.exists():
        import atexit

        atexit.register(shutil.rmtree, stage, True)
        shutil.copytree(ROOT / "src" / "timeline", stage / "src" / "timeline", ignore=_DEV_ONLY)
        for number, folder in enumerate(site.getsitepackages()):
            shutil.copytree(folder, stage / f"site{number}", ignore=_DEV_ONLY)
        for path in (stage, *stage.rglob("*")):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return [str(stage / "src"), *(str(p) for p in sorted(stage.glob("site*")))]


def unprivileged_env() -> dict[str, str]:
    paths = _staged_paths()
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "TIMELINE_TODAY": TODAY,
        "PYTHONPATH": os.pathsep.join(paths),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


@contextmanager
def open_folder() -> Iterator[Path]:
    """A temporary folder every user can reach (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="timeline-robust-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for p in folder.rglob("*"):
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        shutil.rmtree(folder, ignore_errors=True)


def run_as(user: str, command: Sequence[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args],
        user=user,
        capture_output=True,
        text=True,
        env=unprivileged_env(),
        timeout=120,
    )
