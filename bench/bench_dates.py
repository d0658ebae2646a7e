"""Benchmark: parse_when against dateutil.parser.parse on the same common date expressions.

Builds N distinct expressions of the common forms (ISO days, months, years, `August 2022`,
`late 2023`, seasons, quarters), keeps those that both parsers read (`both_read`: dateutil
cannot read `late 2023` or `Q3 2021`, and a failure is not the same work as a reading), then
times parsing them with `parse_when` and with `dateutil.parser.parse`. Prints
expressions/second for each, the median of 5 runs, and the ratio.

    python bench/bench_dates.py [--n 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from timeline.dates import parse_when

MONTHS = ("January", "Feb", "March", "Apr", "May", "June", "July", "Aug", "Sept", "October")
PARTS = ("early", "mid", "late")
SEASONS = ("spring", "summer", "autumn", "fall", "winter")


def expression(rng: random.Random) -> str:
    """One random expression of a common form."""
    year = rng.randint(1000, 9998)
    form = rng.randrange(7)
    if form == 0:
        return date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if form == 1:
        return f"{year:04d}-{rng.randint(1, 12):02d}"
    if form == 2:
        return f"{year:04d}"
    if form == 3:
        return f"{rng.choice(MONTHS)} {year}"
    if form == 4:
        return f"{rng.choice(PARTS)} {year}"
    if form == 5:
        return f"{rng.choice(SEASONS)} {year}"
    return f"Q{rng.randint(1, 4)} {year}"


def expressions(n: int, seed: int = 1) -> list[str]:
    """`n` distinct expressions, in a fixed random order."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen[expression(rng)] = None
    return list(seen)


def both_read(texts: list[str]) -> list[str]:
    """The texts that both `parse_when` and dateutil read without an error: the comparison is
    of the same work (dateutil's failures on forms it cannot read would count as its work)."""
    from dateutil.parser import parse as dateutil_parse

    today = date(2024, 10, 15)
    kept = []
    for text in texts:
        try:
            parse_when(text, today=today)
            dateutil_parse(text)
        except (ValueError, OverflowError, ArithmeticError):
            continue
        except Exception as err:  # the date reader's own refusal
            if type(err).__name__ != "DateError":
                raise
            continue
        kept.append(text)
    return kept


def rate(parse: Callable[[str], object], texts: list[str], runs: int) -> tuple[float, int]:
    """Median expressions/second over `runs` runs of parsing every text, and the failures."""
    rates = []
    failed = 0
    for _ in range(runs):
        failed = 0
        start = time.perf_counter()
        for text in texts:
            try:
                parse(text)
            except Exception:  # dateutil fails on some forms: attempted, counted
                failed += 1
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = both_read(expressions(args.n))
    today = date(2024, 10, 15)

    from dateutil.parser import parse as dateutil_parse

    ours, our_failures = rate(lambda t: parse_when(t, today=today), texts, args.runs)
    theirs, their_failures = rate(dateutil_parse, texts, args.runs)
    print(f"expressions: {len(texts)} distinct, median of {args.runs} runs")
    print(f"parse_when:            {ours:12,.0f} expressions/s ({our_failures} failed)")
    print(f"dateutil.parser.parse: {theirs:12,.0f} expressions/s ({their_failures} failed)")
    print(f"ratio:                 {ours / theirs:12.1f}x")


if __name__ == "__main__":
    main()
