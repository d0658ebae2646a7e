"""The pure view renderers (tree, terminal chart, SVG, HTML), with ordinary and hostile text."""

from __future__ import annotations

import re
import xml.dom.minidom
from datetime import date

from test_views_fixtures import HOSTILE, event, hostile_event, sample
from timeline.model.results import EventRef, Gap
from timeline.render.chart import render_chart
from timeline.render.html import render_html
from timeline.render.lanes import build_layout, gaps_of
from timeline.render.svg import render_svg
from timeline.render.tree import render_tree

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OURS = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;;https?://[^\x1b]*\x1b\\|\x1b\]8;;\x1b\\")


def ordered(events):
    return sorted(events, key=lambda e: (e.earliest, e.start.latest, e.id))


def no_user_controls(text: str) -> None:
    assert not CONTROL.search(OURS.sub("", text).replace("\n", ""))


# -- tree ---------------------------------------------------------------------------------


def test_tree_groups_by_year_then_month_and_keeps_dates_as_typed():
    out = render_tree(ordered(sample()), group=None, bounds=False, color=False)
    lines = out.splitlines()
    assert lines[0] == "2022"
    assert "`-- August 2022" in out
    assert "c. September 2024 ~  Fath-360 shipment" in out
    # a year-precision event sits under its year, not under January
    assert "|-- 2022  North Korea sells shells" in out
    assert "late 2023  Hwasong-11" in out


def test_tree_marks_events_whose_order_cannot_be_decided():
    out = render_tree(ordered(sample()), group=None, bounds=False, color=False)
    assert "<> 2024-09-03  Poltava strike" in out  # inside c. September 2024
    assert "<> August 2022" in out  # inside 2022
    assert "Hwasong" in out and "<> late 2023" not in out
    assert out.rstrip().endswith("cannot be decided")


def test_tree_bounds_and_groups():
    out = render_tree(ordered(sample()), group="actors", bounds=True, color=False)
    assert out.splitlines()[0] == "North Korea"
    assert "(2023-09-01 … 2023-12-31)" in out
    cats = render_tree(ordered(sample()), group="category", bounds=False, color=False)
    assert "(no category)" in cats and "missiles" in cats


def test_tree_hostile_text_is_inert_plain_and_coloured():
    events = ordered([*sample(), hostile_event()])
    for color in (False, True):
        for group in (None, "actors", "category"):
            out = render_tree(events, group=group, bounds=True, color=color)
            no_user_controls(out)
            assert "[bold]x[/bold]" in out
    plain = render_tree(events, group=None, bounds=False, color=False)
    assert "\x1b" not in plain


def test_tree_links_only_web_sources_in_colour():
    out = render_tree(ordered(sample()), group=None, bounds=False, color=True)
    assert "\x1b]8;;https://example.org/a?b=1&c=2\x1b\\" in out
    assert "8;;javascript" not in out and "javascript:alert(1)" in out


# -- terminal chart -----------------------------------------------------------------------


def test_chart_fits_width_and_is_ascii_when_asked():
    layout = build_layout(sample(), by="actors")
    for width in (40, 80, 133):
        out = render_chart(layout, width=width, ascii=True)
        assert all(len(line) <= width for line in out.splitlines())
        assert out.isascii()
    assert "2022" in out and "2024" in out


def test_chart_draws_day_fuzzy_span_and_gap():
    layout = build_layout(sample(), by="actors")
    out = render_chart(layout, width=100, ascii=True)
    lanes = {line.split("|")[0].strip(): line for line in out.splitlines() if "|" in line}
    assert "o" in lanes["Russia"].split("|")[1]  # 2024-09-03, an exact day
    assert "=" in lanes["Allies"]  # a span
    assert "-" in lanes["Iran"] and "." in lanes["Iran"]  # fuzzy dates and the gap between
    assert "." not in lanes["Russia"]  # one event, no gap


def test_chart_months_on_axis_when_they_fit():
    layout = build_layout(sample()[3:5], window=(date(2024, 7, 1), date(2024, 9, 30)))
    out = render_chart(layout, width=80, ascii=True)
    assert "Jul" in out and "Aug" in out and "Sep" in out
    wide = render_chart(build_layout(sample()), width=40, ascii=True)
    assert "Jan" not in wide


def test_chart_hostile_lane_names_are_inert():
    layout = build_layout([*sample(), hostile_event()], by="actors")
    for color in (False, True):
        out = render_chart(layout, width=120, color=color, ascii=not color)
        no_user_controls(out)
    assert "[bold]" in render_chart(layout, width=200, ascii=True)


def test_layout_gaps_come_from_the_gaps_core():
    gaps = gaps_of(ordered(sample()))
    # late 2023 ends 2023-12-31; the next event starts 2024-07-01
    assert any(g.min_from == date(2023, 12, 31) and g.min_to == date(2024, 7, 1) for g in gaps)


# -- SVG and HTML -------------------------------------------------------------------------


def test_svg_is_well_formed_escaped_and_self_contained():
    svg = render_svg(build_layout([*sample(), hostile_event()], by="actors"))
    doc = xml.dom.minidom.parseString(svg)
    assert doc.documentElement.tagName == "svg"
    assert "<script" not in svg and "href" not in svg
    assert "&lt;/script&gt;" in svg
    no_user_controls(svg)
    marks = [g for g in doc.getElementsByTagName("g") if "event" in g.getAttribute("class")]
    days = [g for g in marks if g.getElementsByTagName("circle")]
    assert len(days) == 1  # the one exact day (the legend draws its own dot)
    assert len(marks) == len(sample()) + 1 + 1  # hostile counted in two lanes
    labels = [t.firstChild.data for g in marks for t in g.getElementsByTagName("text")]
    assert "Poltava strike" in labels and "Iran sends 46 Shahed drones" in labels
    tips = [g.getElementsByTagName("title")[0].firstChild.data for g in marks]
    assert "Fath-360 shipment\nc. September 2024 ~: 2024-09-01 … 2024-09-30" in tips
    legend = " ".join(t.firstChild.data for t in doc.getElementsByTagName("text"))
    for words in ("exact day", "fuzzy date", "span", "ongoing as of", "open side", "quiet period"):
        assert words in legend


def _gap() -> Gap:
    a, b = EventRef(1, "<i>a</i>", "2022"), EventRef(2, "b", "2024")
    return Gap(a, b, date(2022, 12, 31), date(2024, 1, 1), date(2022, 1, 1), date(2024, 12, 31))


def test_html_escapes_everything_and_links_only_web_sources():
    events = [*sample(), hostile_event()]
    svg = render_svg(build_layout(events), standalone=False)
    page = "".join(render_html(events, [_gap()], chart_svg=svg, title=HOSTILE))
    assert "<script" not in page.replace("&lt;script", "")
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page
    assert "&lt;i&gt;a&lt;/i&gt;" in page and "366–1095 days" in page
    assert "Content-Security-Policy" in page and "http://" not in page.replace(
        "http://www.w3.org/2000/svg", ""
    ).replace("http://evil", "")
    no_user_controls(page)


def test_html_has_no_external_resources():
    events = sample()
    svg = render_svg(build_layout(events), standalone=False)
    page = "".join(render_html(events, gaps_of(ordered(events)), chart_svg=svg))
    assert not re.search(r"<(script|img|iframe|object|embed)\b", page)
    assert re.findall(r"<link\b[^>]*>", page) == ['<link rel="icon" href="data:,">']
    assert not re.search(r"src=|url\(|@import", page)
    assert page.count('<tr id="event-') == len(events)


def test_single_event_and_empty_layouts():
    one = build_layout([event(1, "Only", "2024-01-02", "2024-01-02")])
    assert "o" in render_chart(one, width=50, ascii=True)
    assert render_chart(build_layout([]), width=50) == "(no events)\n"
    xml.dom.minidom.parseString(render_svg(build_layout([])))


def test_html_without_gaps_says_so_in_a_sentence():
    events = sample()[:1]
    svg = render_svg(build_layout(events), standalone=False)
    page = "".join(render_html(events, [], chart_svg=svg))
    assert '<table id="gaps">' not in page and "<th>Quiet from</th>" not in page
    assert '<p class="none" id="gaps">No quiet periods' in page
