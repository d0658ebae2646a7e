"""What the published graphics share (the SVG chart and the HTML page): the words of a mark and
of a gap, the legend, and the swatch drawn for each kind of mark.

Decisions encoded here:

- A mark's visible label is the event's title, shortened at a word boundary to at most
  `LABEL_CHARS` characters with `…`; its full text is the SVG `<title>` (a browser shows it on
  hover, a screen reader reads it): the title, the date as typed with its marker, and the days
  it resolves to (`last month: 2024-09-01 … 2024-09-30`), so a relative phrase never appears
  without its dates.
- A gap's annotation is its duration range in days (`quiet 245–395 days`, one figure when both
  are the same), shortened to `245–395 d` where the shaded stretch is narrow; its full text
  also gives the calendar form and the events on either side.
- The legend names every kind of mark the chart draws: an exact day, a fuzzy date's bounds, a
  span, a span ongoing as of its reference day, a date with an open side, a quiet period.
  Each swatch is a small SVG drawn with the chart's own shapes, so the key matches the marks.
- Text widths are estimated (no font metrics without a browser): `CHAR_W` pixels a character
  at the 11 px label size, generous enough for the system sans-serif fonts.
"""

from __future__ import annotations

from typing import NamedTuple

from timeline.dates import calendar_form
from timeline.model import Event
from timeline.model.results import Gap
from timeline.render.safe import html_escape, inert
from timeline.render.viewkit import bounds_label, date_label

LABEL_CHARS = 40
CHAR_W = 6.1
"""Estimated width of one label character, in pixels, at 11 px."""


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """`text` (made inert) cut at a word boundary to at most `limit` characters, with `…`."""
    text = inert(text).strip()
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + "…"


def text_width(text: str, size: float = 11) -> float:
    """The estimated width of `text` in pixels at font size `size`."""
    return len(text) * CHAR_W * size / 11


def event_tip(event: Event) -> str:
    """The full words of a mark: title, date as typed, resolved days (user text, not escaped)."""
    return f"{event.title}\n{date_label(event)}: {bounds_label(event)}"


def gap_days(g: Gap) -> str:
    """`245–395` or `487` (the certain and the longest quiet period, in days)."""
    if g.max_from == g.max_from.min or g.max_to == g.max_to.max:
        return f"{g.min_days} or more"
    return str(g.min_days) if g.min_days == g.max_days else f"{g.min_days}–{g.max_days}"


def gap_label(g: Gap, width: float) -> str:
    """The annotation that fits `width` pixels: `quiet 245–395 days`, `245–395 d`, or nothing."""
    for text in (f"quiet {gap_days(g)} days", f"{gap_days(g)} days", f"{gap_days(g)} d"):
        if text_width(text, 10) + 6 <= width:
            return text
    return ""


def gap_calendar(g: Gap) -> str:
    """`8 months 1 day to 1 year 29 days` (one form when both are the same)."""
    low = calendar_form(g.min_from, g.min_to)
    known = g.max_from != g.max_from.min and g.max_to != g.max_to.max
    if not known:
        return f"{low} or more"
    high = calendar_form(g.max_from, g.max_to)
    return low if high == low else f"{low} to {high}"


def gap_tip(g: Gap) -> str:
    """The full words of a gap: its range in days and calendar form, and what bounds it."""
    calendar = gap_calendar(g)
    before = f"after {g.before.title} ({g.before.when})" if g.before else ""
    after = f"before {g.after.title} ({g.after.when})" if g.after else ""
    sides = "; ".join(s for s in (before, after) if s)
    return f"Quiet period: {gap_days(g)} days ({calendar}){'; ' + sides if sides else ''}"


class Key(NamedTuple):
    kind: str
    label: str


LEGEND: tuple[Key, ...] = (
    Key("day", "exact day"),
    Key("fuzzy", "fuzzy date: every day it can mean"),
    Key("span", "span: from its start to its end"),
    Key("ongoing", "ongoing as of the day its source was written"),
    Key("open", "open side: no earliest (or no latest) day known"),
    Key("gap", "quiet period: days no event can cover"),
)

COLOR = "#1f5fa8"


def swatch(kind: str, color: str = COLOR) -> str:
    """The shapes of one legend entry, drawn in a 36 × 14 box at the origin."""
    if kind == "day":
        return f'<circle cx="18" cy="7" r="5" fill="{color}"/>'
    if kind == "fuzzy":
        return fuzzy_bar(2, 2, 32, color)
    if kind == "span":
        return span_bar(2, 2, 32, color)
    if kind == "ongoing":
        return span_bar(2, 2, 26, color) + arrow(28, 7, color)
    if kind == "open":
        return open_mark(30, 7, color, pointing_left=True)
    return '<rect x="0" y="0" width="36" height="14" fill="#888" fill-opacity="0.22"/>'


def fuzzy_bar(x: float, y: float, w: float, color: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="10" fill="{color}" '
        f'fill-opacity="0.22" stroke="{color}" stroke-dasharray="3 2"/>'
    )


def span_bar(x: float, y: float, w: float, color: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="10" fill="{color}"/>'


def arrow(x: float, mid: float, color: str) -> str:
    """An arrowhead at `x` pointing right: the span went on at least to here."""
    return (
        f'<polygon points="{x:.1f},{mid - 6} {x + 7:.1f},{mid} {x:.1f},{mid + 6}" fill="{color}"/>'
    )


def open_mark(x: float, mid: float, color: str, *, pointing_left: bool) -> str:
    """A triangle at the known day pointing to the open side, with a dashed line trailing off."""
    step = -1 if pointing_left else 1
    tip = x + 7 * step
    tail = x + 24 * step
    return (
        f'<line x1="{x:.1f}" y1="{mid}" x2="{tail:.1f}" y2="{mid}" stroke="{color}" '
        'stroke-width="2" stroke-dasharray="2 3"/>'
        f'<polygon points="{tip:.1f},{mid} {x:.1f},{mid - 6} {x:.1f},{mid + 6}" fill="{color}"/>'
    )


def legend_svg(kind: str) -> str:
    """One legend swatch as a small inline SVG element (for the HTML legend)."""
    return (
        '<svg class="swatch" width="36" height="14" viewBox="0 0 36 14" aria-hidden="true">'
        f"{swatch(kind)}</svg>"
    )


def escaped(text: str) -> str:
    """Text for an SVG or HTML text node or attribute (inert, escaped)."""
    return html_escape(text)
