"""The HTML export opened in a real headless Chromium: the chart and every title render.

Skipped, with the reason, when no Chromium binary is present (CI installs Debian's `chromium`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
ENV = {**os.environ, "TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}


def _browser() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium binary found on PATH")


def timeline(*args: str) -> str:
    proc = subprocess.run(["timeline", *args], capture_output=True, text=True, env=ENV, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The HTML export of the bundled chronology (built from fixtures/ if events.db is absent)."""
    tmp = tmp_path_factory.mktemp("browser")
    db = ROOT / "events.db"
    if not db.is_file():
        db = tmp / "events.db"
        timeline("--db", str(db), "import", str(ROOT / "fixtures" / "seed-article.csv"))
    html = tmp / "chronology.html"
    timeline("--db", str(db), "export", "-f", "html", "--by", "actor", "-o", str(html))
    titles = [e["title"] for e in json.loads(timeline("--db", str(db), "export", "-f", "json"))]
    assert titles
    return html, titles


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dom_has_the_chart_and_every_title(page: tuple[Path, list[str]], tmp_path: Path) -> None:
    html, titles = page
    proc = chromium(tmp_path, "--dump-dom", html.as_uri())
    dom = proc.stdout
    assert "<svg" in dom and "</svg>" in dom, proc.stderr[-2000:]
    assert dom.count("<circle") + dom.count('class="span"') + dom.count('class="fuzzy"') > 0
    text = unescape(dom)
    missing = [t for t in titles if t not in text]
    assert not missing


def test_screenshot_is_a_png(page: tuple[Path, list[str]], tmp_path: Path) -> None:
    html, _ = page
    shot = tmp_path / "chronology.png"
    proc = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", html.as_uri())
    assert shot.is_file(), proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    keep = os.environ.get("TIMELINE_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
