"""Shared fixtures: a temporary database path and an environment that pins today and the file."""

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
