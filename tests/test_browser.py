"""The HTML and SVG exports opened in a real headless Chromium, at 1280 px and at 390 px (a
phone), through the DevTools protocol (`tests/cdp.py`).

What a reader sees is checked: every event's title is in the page and labels its mark in the
chart; no console error, no request leaving the page, no script; the page never scrolls
sideways at 390 px (the chart fits its own box there, the tables reflow); the print stylesheet
fits the chart to the paper. Screenshots and a PDF are kept under `tests/output/` (git-ignored)
so they can be looked at. Skipped, with the reason, when no Chromium binary is present (CI
installs Debian's `chromium`).
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
OUTPUT = Path(__file__).resolve().parent / "output"
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
ENV = {**os.environ, "TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
WIDTHS = ((1280, 900, False), (390, 844, True))


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
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The HTML (by actor, and one lane with its gaps) and SVG exports of the bundled
    chronology, plus events with open sides, an exact day and hostile text."""
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "events.db"
    timeline("--db", str(db), "import", str(ROOT / "fixtures" / "seed-article.csv"))
    timeline("--db", str(db), "add", "Plan <script>alert(1)</script> & more", "--when",
             "by March 2024", "-a", "Iran", "--source", "https://example.org/?a=1&b=2")  # fmt: skip
    timeline("--db", str(db), "add", "Strike on Poltava", "--when", "2024-09-03", "-a", "Russia")
    html = tmp / "chronology.html"
    timeline("--db", str(db), "export", "-f", "html", "--by", "actor", "-o", str(html),
             "--title", "Military aid to Russia & Ukraine")  # fmt: skip
    gaps_html = tmp / "us-aid-gap.html"
    timeline("--db", str(db), "export", "-f", "html", "-t", "correction", "-o", str(gaps_html))
    svg = tmp / "chart.svg"
    timeline("--db", str(db), "export", "-f", "svg", "--by", "actor", "-o", str(svg))
    titles = [e["title"] for e in json.loads(timeline("--db", str(db), "export", "-f", "json"))]
    return {"html": html, "gaps": gaps_html, "svg": svg, "titles": titles, "tmp": tmp}


def _page(tmp: Path):  # type: ignore[no-untyped-def]
    from cdp import Page

    assert BROWSER is not None
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    profile.mkdir()
    return Page(BROWSER, profile)


pytest.importorskip("websockets")


@pytest.mark.parametrize(("width", "height", "mobile"), WIDTHS, ids=["1280px", "390px"])
def test_page_at_width(
    exports: dict[str, object], tmp_path: Path, width: int, height: int, mobile: bool
) -> None:
    html = exports["html"]
    assert isinstance(html, Path)
    with _page(tmp_path) as page:
        page.viewport(width, height, mobile=mobile)
        page.load(html.as_uri())
        assert page.problems() == []  # no console error, no CSP violation, no exception
        outside = [u for u in page.requests() if u != html.as_uri() and not u.startswith("data:")]
        assert outside == []  # no request leaves the page
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        visible = page.evaluate(
            "[...document.querySelectorAll('.chart')].filter(c => c.offsetWidth > 0)"
            ".map(c => [c.className, c.scrollWidth, c.clientWidth])"
        )
        assert len(visible) == 1  # one chart shown: the wide one, or the phone's
        kind, scroll_w, client_w = visible[0]
        assert kind == ("chart narrow" if mobile else "chart wide")
        assert scroll_w <= client_w + 1  # the chart fits its box at both widths
        text = unescape(page.evaluate("document.body.innerText"))
        titles = exports["titles"]
        assert isinstance(titles, list)
        assert [t for t in titles if t not in text] == []
        labels = page.evaluate(
            "[...document.querySelectorAll('.chart:not([style*=none]) g.event')]"
            ".filter(g => g.getBoundingClientRect().width > 0)"
            ".map(g => [g.querySelector('title').textContent, "
            "(g.querySelector('text') || {}).textContent || ''])"
        )
        assert len(labels) >= len(titles)  # one mark per event and lane
        for tip, label in labels:
            title = tip.split("\n")[0]
            assert label and title.startswith(label.removesuffix("…")), (tip, label)
        spill = page.evaluate(
            "[...document.querySelectorAll('.chart g.event')].filter(g => g.offsetParent !== null"
            " || g.getBoundingClientRect().width > 0).map(g => [g.querySelector('text.on-bar'),"
            " g.querySelector('rect')]).filter(([t, r]) => t && r)"
            ".filter(([t, r]) => t.getBBox().x + t.getBBox().width > r.getBBox().x"
            " + r.getBBox().width + 1).map(([t]) => t.textContent)"
        )
        assert spill == []  # a label written on its bar stays on it
        if mobile:  # the tables reflow: one block per row, no cell wider than the screen
            rows = page.evaluate(
                "[...document.querySelectorAll('#events td')]"
                ".map(td => td.getBoundingClientRect().right)"
            )
            assert rows and max(rows) <= width
            assert (
                page.evaluate("getComputedStyle(document.querySelector('#events tr')).display")
                == "block"
            )
        OUTPUT.mkdir(exist_ok=True)
        shot = OUTPUT / f"chronology-{width}.png"
        png = page.screenshot(shot)
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000


def test_gaps_are_annotated_with_their_range(exports: dict[str, object], tmp_path: Path) -> None:
    html = exports["gaps"]
    assert isinstance(html, Path)
    source = html.read_text(encoding="utf-8")
    assert '<table id="gaps">' in source and "487 days" in source  # 2022-12-23 … 2024-04-23
    with _page(tmp_path) as page:
        page.viewport(1280, 900)
        page.load(html.as_uri())
        notes = page.evaluate(
            "[...document.querySelectorAll('.chart.wide .gaplabel')].map(t => t.textContent)"
        )
        assert "quiet 487 days" in notes, notes
        tips = page.evaluate(
            "[...document.querySelectorAll('.chart.wide g.gap title')].map(t => t.textContent)"
        )
        assert any("487 days (1 year 4 months)" in t for t in tips), tips
        page.screenshot(OUTPUT / "us-aid-1280.png")


def test_print_fits_the_chart_to_the_page(exports: dict[str, object], tmp_path: Path) -> None:
    html = exports["html"]
    assert isinstance(html, Path)
    with _page(tmp_path) as page:
        page.viewport(1280, 900)
        page.load(html.as_uri())
        page.call("Emulation.setEmulatedMedia", media="print")
        shown = page.evaluate(
            "[...document.querySelectorAll('.chart')].map(c => getComputedStyle(c).display)"
        )
        assert shown == ["block", "none"]  # the wide chart prints, scaled to the page
        svg_w = page.evaluate(
            "document.querySelector('.chart.wide svg').getBoundingClientRect().width"
        )
        body_w = page.evaluate("document.body.getBoundingClientRect().width")
        assert svg_w <= body_w + 1
        OUTPUT.mkdir(exist_ok=True)
        pdf = page.pdf(OUTPUT / "chronology-print.pdf")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_standalone_svg_renders_labels_and_legend(
    exports: dict[str, object], tmp_path: Path
) -> None:
    svg = exports["svg"]
    assert isinstance(svg, Path)
    with _page(tmp_path) as page:
        page.viewport(1100, 900)
        page.load(svg.as_uri())
        assert page.problems() == []
        words = page.evaluate("[...document.querySelectorAll('text')].map(t => t.textContent)")
        for key in ("exact day", "fuzzy date", "ongoing as of", "open side", "quiet period"):
            assert any(key in w for w in words), key
        assert "Chronology" in words
        page.screenshot(OUTPUT / "chart-svg.png")
