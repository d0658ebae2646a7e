"""Shared fixtures: a temporary database path and an environment that pins today and the file.

Every test runs in its own empty folder with its own config and data homes and no TIMELINE_*
settings from outside, so no test can find (and change) the bundled events.db by walking
upward, leave files in the repository, or write to the user's config or data folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives (not created yet)."""
    return tmp_path / "events.db"


@pytest.fixture
def env(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """TIMELINE_TODAY and TIMELINE_DB set for the test; returns them for subprocesses."""
    values = {"TIMELINE_TODAY": "2024-10-15", "TIMELINE_DB": str(db_path)}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TIMELINE_DATE_ORDER", raising=False)
    return values


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(home)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for key in ("TIMELINE_DB", "TIMELINE_TODAY", "TIMELINE_DATE_ORDER"):
        monkeypatch.delenv(key, raising=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow robustness tests first: with parallel workers (`-n auto`) the long ones start at
    once and the short ones fill the other workers around them, instead of one long test
    starting last while the other workers sit idle. Without workers the order changes nothing
    a test may rely on (each test has its own folder and environment)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
