"""Which database file a command uses: the data folder without typer, and paths as typed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer._click.utils as click_utils

from timeline.cli import db
from timeline.store import open_store

BIN = Path(sys.executable).with_name("timeline")


@pytest.mark.parametrize("xdg", [None, "", "relative/data", "/srv/data"])
def test_the_data_folder_is_the_xdg_data_home_on_linux(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "platform", "linux")
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    expected = (
        "/srv/data/timeline"
        if xdg == "/srv/data"
        else str(tmp_path / "home" / ".local" / "share" / "timeline")
    )  # an empty or relative XDG_DATA_HOME is ignored, as the XDG spec says
    assert db.data_folder() == expected
    assert db.old_data_folder() == typer.get_app_dir("timeline")


@pytest.mark.parametrize("appdata", [None, "", r"C:\Users\a\AppData\Roaming"])
def test_the_data_folder_matches_typer_on_windows_and_macos(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, appdata: str | None
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "platform", "darwin")
    assert db.data_folder() == typer.get_app_dir("timeline")
    assert db.data_folder().endswith(os.path.join("Library", "Application Support", "timeline"))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(click_utils, "WIN", True)
    if appdata is None:
        monkeypatch.delenv("APPDATA", raising=False)
    else:
        monkeypatch.setenv("APPDATA", appdata)
    assert db.data_folder() == typer.get_app_dir("timeline")


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    return subprocess.run(
        [str(BIN), *args],
        cwd=cwd,
        env={**clean, "TIMELINE_TODAY": "2024-10-15", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_default_database_is_found_in_the_data_folder(tmp_path: Path) -> None:
    config, data, nowhere = tmp_path / "config", tmp_path / "data", tmp_path / "nowhere"
    nowhere.mkdir()
    env = {"XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(data)}
    added = _run(nowhere, env, "add", "Shahed drones", "--when", "August 2022")
    assert added.returncode == 0, added.stderr
    assert (data / "timeline" / "events.db").is_file()
    assert not (config / "timeline" / "events.db").exists()
    listed = _run(nowhere, env, "list")
    assert "Shahed drones" in listed.stdout
    info = _run(nowhere, env, "info")
    assert f"database: {data / 'timeline' / 'events.db'} (the default in the data folder)" in (
        info.stdout
    )


def test_a_database_at_the_old_config_folder_default_keeps_working(tmp_path: Path) -> None:
    config, data, nowhere = tmp_path / "config", tmp_path / "data", tmp_path / "nowhere"
    nowhere.mkdir()
    old = config / "timeline" / "events.db"
    old.parent.mkdir(parents=True)
    made = _run(nowhere, {}, "--db", str(old), "add", "Kept", "--when", "2022")
    assert made.returncode == 0, made.stderr
    env = {"XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(data)}
    listed = _run(nowhere, env, "list")
    assert "Kept" in listed.stdout
    info = _run(nowhere, env, "info")
    new = data / "timeline" / "events.db"
    assert f"database: {old} (the old default in the config folder; `mv {old} {new}`" in (
        info.stdout
    )
    assert not new.exists()
    new.parent.mkdir(parents=True)
    old.rename(new)  # as info says: then the data folder's is the one
    assert "(the default in the data folder)" in _run(nowhere, env, "info").stdout
    assert "Kept" in _run(nowhere, env, "list").stdout


def test_an_empty_path_names_no_database(tmp_path: Path) -> None:
    proc = _run(tmp_path, {}, "init", "")
    assert proc.returncode == 5
    assert proc.stderr.splitlines()[-1] == "timeline: an empty path names no database file"
    assert list(tmp_path.iterdir()) == []


def test_a_trailing_slash_still_names_the_file(tmp_path: Path) -> None:
    made = _run(tmp_path, {}, "--db", "aid.db/", "add", "T", "--when", "2023")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "aid.db").is_file()
    listed = _run(tmp_path, {}, "--db", "aid.db/", "list")
    assert listed.returncode == 0 and "T  (2023)" in listed.stdout


def test_a_snapshot_does_not_see_a_write_that_lands_during_it(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    store = open_store(path, create=True)
    other = sqlite3.connect(path)

    def count() -> int:
        return int(store.conn.execute("SELECT count(*) FROM history").fetchone()[0])

    with store.snapshot():
        before = count()
        other.execute("INSERT INTO history (at, action, summary) VALUES ('t', 'add', 's')")
        other.commit()
        assert count() == before  # the snapshot holds
    assert count() == before + 1  # and a new read sees the write
    other.close()
    store.close()
