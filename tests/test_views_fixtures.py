"""Events for the view and export tests, built directly (no parser needed), and hostile text."""

from __future__ import annotations

from datetime import date

from timeline.dates.types import FuzzyDate
from timeline.model import Event

HOSTILE = (
    "[bold]x[/bold] [link=javascript:alert(1)]y[/link] \x1b[31mred\x1b[0m \x1b]8;;http://evil\x07"
    "z\x1b]8;;\x07 \x9b2J \x85 \u202eevil\u202c \x07\x00 ; , \\ \r\nDESCRIPTION:injected <b>&"
    "</script><script>alert(1)</script> =1+1"
)


def fuzzy(first: str, last: str | None = None, precision: str = "", **kw: bool) -> FuzzyDate:
    a = date.fromisoformat(first)
    b = date.fromisoformat(last or first)
    return FuzzyDate(a, b, precision or ("day" if a == b else "month"), **kw)


def event(
    id: int, title: str, when: str, first: str, last: str | None = None, **kw: object
) -> Event:
    kw.setdefault("created_at", "2024-10-15T10:00:00Z")
    kw.setdefault("updated_at", "2024-10-15T10:00:00Z")
    return Event(id=id, title=title, when=when, start=fuzzy(first, last), **kw)  # type: ignore[arg-type]


def sample() -> list[Event]:
    return [
        event(
            1,
            "Iran sends 46 Shahed drones",
            "August 2022",
            "2022-08-01",
            "2022-08-31",
            actors=("Iran",),
            category="drones",
            source="https://example.org/a?b=1&c=2",
        ),
        event(
            2,
            "North Korea sells shells",
            "2022",
            "2022-01-01",
            "2022-12-31",
            actors=("North Korea",),
            category="ammunition",
            value=1000000,
            unit="shells",
        ),
        event(
            3,
            "Hwasong-11 shipments begin",
            "late 2023",
            "2023-09-01",
            "2023-12-31",
            actors=("North Korea",),
            category="missiles",
        ),
        event(
            4,
            "Poltava strike",
            "2024-09-03",
            "2024-09-03",
            actors=("Russia",),
            source="javascript:alert(1)",
            value=51,
            unit="killed",
        ),
        event(
            5,
            "Howitzers committed",
            "July–August 2024",
            "2024-07-01",
            "2024-07-31",
            end=fuzzy("2024-08-01", "2024-08-31"),
            actors=("Allies",),
            value=4,
            unit="howitzers",
        ),
        event(
            6,
            "Fath-360 shipment",
            "c. September 2024",
            "2024-09-01",
            "2024-09-30",
            start_extra=None,
        )
        if False
        else Event(
            id=6,
            title="Fath-360 shipment",
            when="c. September 2024",
            start=fuzzy("2024-09-01", "2024-09-30", approximate=True),
            actors=("Iran",),
            category="missiles",
            created_at="2024-10-15T10:00:00Z",
            updated_at="2024-10-15T10:00:00Z",
        ),
    ]


def hostile_event(id: int = 99) -> Event:
    return Event(
        id=id,
        title=HOSTILE,
        when=HOSTILE,
        start=fuzzy("2023-03-01", "2023-03-31"),
        actors=(HOSTILE, "Iran"),
        tags=(HOSTILE,),
        category=HOSTILE,
        source=HOSTILE,
        quote=HOSTILE,
        unit=HOSTILE,
        value=3,
        location=HOSTILE,
        notes=HOSTILE,
        created_at="2024-10-15T10:00:00Z",
        updated_at="2024-10-15T10:00:00Z",
    )
