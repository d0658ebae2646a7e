"""The streamed chart (`Timeline.draw_chart`, what `timeline chart` prints) is the chart of the
layout (`render_chart(Timeline.chart(...))`) for every mix of dates, lanes, roles and windows,
and its memory does not grow with the events it draws."""

from __future__ import annotations

import tempfile
import tracemalloc
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from timeline.render.chart import render_chart

TODAY = date(2024, 10, 15)
WHENS = (
    "2022-08-15", "August 2022", "late 2023", "2023", "by March 2024", "2004-06-01/",
    "since early 2023", "2022-03 to 2022-09", "1999-12-31", "2024-10-14", "summer 2021",
    "between 2022-01-05 and 2022-02-10", "2021-05-01 to 2021-05-03", "before 2020",
)  # fmt: skip
NAMES = ("Iran", "Russia", "North Korea", "iran")
CATEGORIES = (None, "", "Aid", "aid", "drones")

event = st.fixed_dictionaries(
    {
        "when": st.sampled_from(WHENS),
        "actors": st.lists(st.sampled_from(NAMES), max_size=3, unique=True),
        "tags": st.lists(st.sampled_from(("x", "y")), max_size=2, unique=True),
        "category": st.sampled_from(CATEGORIES),
        "delivered": st.none() | st.sampled_from(WHENS),
    }
)
question = st.fixed_dictionaries(
    {
        "by": st.sampled_from((None, "actor", "category", "tag")),
        "role": st.sampled_from((None, None, "delivered")),
        "from_": st.sampled_from((None, None, "2022", "1999-06")),
        "to": st.sampled_from((None, None, "2024-06", "2023")),
        "width": st.sampled_from((24, 61, 80, 150)),
        "color": st.booleans(),
        "ascii": st.booleans(),
    }
)


def _fill(tl: timeline.Timeline, events: list[dict[str, object]]) -> None:
    for i, e in enumerate(events):
        fields: dict[str, object] = {k: e[k] for k in ("when", "actors", "tags")}
        if e["category"] is not None:
            fields["category"] = e["category"]
        if e["delivered"] is not None:
            fields["dates"] = {"delivered": e["delivered"]}
        tl.add(f"event {i}", as_of="2024-10-01", **fields)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event, min_size=0, max_size=25), st.lists(question, min_size=1, max_size=4))
def test_the_streamed_chart_is_the_layouts_chart(
    events: list[dict[str, object]], questions: list[dict[str, object]]
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        timeline.open(Path(folder) / "t.db", create=True, today=TODAY) as tl,
    ):
        _fill(tl, events)
        for q in questions:
            selection = {k: q[k] for k in ("role", "from_", "to") if q[k] is not None}
            look = {k: q[k] for k in ("width", "color", "ascii")}
            layout = tl.chart(by=q["by"], **selection)  # type: ignore[arg-type]
            want = render_chart(layout, **look) if layout.lanes else ""  # type: ignore[arg-type]
            got = tl.draw_chart(by=q["by"], **look, **selection)  # type: ignore[arg-type]
            assert got == want, (q, events)


def test_a_limited_or_reversed_selection_is_drawn_from_its_layout(tmp_path: Path) -> None:
    with timeline.open(tmp_path / "t.db", create=True, today=TODAY) as tl:
        _fill(tl, [{"when": w, "actors": ["Iran"], "tags": [], "category": None,
                    "delivered": None} for w in WHENS])  # fmt: skip
        for selection in ({"limit": 3}, {"reverse": True}, {"reverse": True, "limit": 5}):
            layout = tl.chart(**selection)  # type: ignore[arg-type]
            assert tl.draw_chart(**selection) == render_chart(layout)  # type: ignore[arg-type]
        assert tl.draw_chart(limit=3) != tl.draw_chart()
        assert tl.draw_chart(actor="nobody") == ""


def test_the_streamed_chart_holds_cells_not_events(tmp_path: Path) -> None:
    """Python's allocations while drawing 4,000 and 40,000 events: the same, within the
    remembered columns of distinct days."""
    peaks = []
    for n in (4_000, 40_000):
        path = tmp_path / f"{n}.db"
        _bulk(path, n)
        with timeline.open(path, today=TODAY) as tl:
            tracemalloc.start()
            text = tl.draw_chart(width=120)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        assert "all events" in text
    assert peaks[1] < peaks[0] * 2 + 2_000_000, peaks


def _bulk(path: Path, n: int) -> None:
    import csv

    data = path.with_suffix(".csv")
    with data.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["title", "when"])
        for i in range(n):
            out.writerow([f"e{i}", f"{2000 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d}"])
    with timeline.open(path, create=True, today=TODAY) as tl:
        tl.import_(data)
