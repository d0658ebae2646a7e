"""From an article to candidate events (`timeline extract`): sentences, their dates, and for each
dated statement a candidate event.

Decisions encoded here (* where the issue is silent):
- Sentences are split by syntok (a maintained, rule-based splitter from PyPI, with the offsets
  of its tokens): it keeps `c. 2022`, `Sept. 3, 2024` and `$1.7 bn. in 2023` in one sentence
  where pysbd cuts them, and it reads about 900 KB/s here against pysbd's 250 KB/s. *A line
  break ends a paragraph, so a headline never runs into the first sentence.
- Every date the reader finds in a sentence (`timeline.dates.find`) is a candidate: a sentence
  with two dated statements gives two. *A date in a leading clause (`After the talks in May,
  …`) when the rest of the sentence has a date of its own only frames it: it is marked
  `background`.
- *The title is the clause that holds the date (the sentence cut at `;` and `, `), without the
  date and without the words that only joined it (`In late 2022, Russia struck a deal…` gives
  `Russia struck a deal…`), at most `TITLE_WORDS` words, its first letter capitalised. A
  clause that is only the date takes the clause after it.
- Actors are the known actors and their aliases (`Timeline.extract` passes the database's) that
  the sentence names as whole words, without regard to case or the kind of apostrophe; an
  alias is given as its actor.
- `offset` is where the date stands in the file's text (`timeline.io.article.Article.offset`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import IO, TYPE_CHECKING, NamedTuple

from timeline.dates.find import Found, find_dates
from timeline.errors import NotFoundError, UsageError
from timeline.io.article import Article
from timeline.model.results import Candidate

if TYPE_CHECKING:
    from timeline.api.timeline import Timeline

TITLE_WORDS = 14
_LEADS = frozenset(
    [
        "and",
        "but",
        "when",
        "while",
        "as",
        "which",
        "that",
        "so",
        "then",
        "since",
        "after",
        "before",
        "in",
        "on",
        "at",
        "by",
        "of",
        "for",
        "with",
        "also",
        "however",
        "meanwhile",
        "including",
        "such",
    ]
)
_TAILS = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "has",
        "had",
        "have",
        "been",
        "in",
        "on",
        "of",
        "the",
        "a",
        "an",
        "to",
        "at",
        "by",
        "since",
        "for",
        "and",
        "with",
        "when",
        "as",
        "from",
        "that",
        "which",
        "this",
        "its",
        "their",
    ]
)
_CLAUSES = re.compile(r"[;:](?=\s)")  # clause ends of the same length, so offsets hold
_FRAMES = ("after ", "since ", "before ", "following ", "as ", "while ", "when ", "until ")


class Extraction(NamedTuple):
    """What `Timeline.extract` found: the candidates, the source they cite, the day they were
    read against, and what the file was read as (`text` or `html`)."""

    candidates: list[Candidate]
    source: str | None
    published: date
    kind: str


def read_extraction(
    tl: Timeline,
    article: str | os.PathLike[str] | IO[bytes],
    *,
    published: str | date | None,
    source: str | None,
) -> Extraction:
    """The body of `Timeline.extract`: the article read, its source and day settled, the
    database's actors looked for (when there is a database; it is never created)."""
    from timeline.api.sources import day
    from timeline.io.article import read_article

    given = day(tl, published, "--published") if published is not None else None
    if published is not None and given is None:
        raise UsageError("--published: give the day the article appeared, e.g. 2024-10-15")
    data, label = _read_input(article)
    text = read_article(data, label)
    exists = tl._store is not None or os.path.exists(tl.path)
    title, source_day = _source(tl, source, exists)
    reference = given or source_day
    if reference is None:
        raise UsageError(
            "give --published DAY, the day the article appeared: its relative dates ('last "
            "month') and dates without a year are read against it"
        )
    actors = _known_actors(tl) if exists else {}
    found = extract(text, published=reference, source=title or text.title, actors=actors,
                    date_order=tl.date_order)  # fmt: skip
    return Extraction(found, title or text.title, reference, text.kind)


def _read_input(article: str | os.PathLike[str] | IO[bytes]) -> tuple[bytes, str]:
    import sys

    if not isinstance(article, str | os.PathLike):
        return article.read(), "-"
    name = os.fspath(article)
    if name == "-":
        return sys.stdin.buffer.read(), "stdin"
    try:
        with open(name, "rb") as f:
            return f.read(), name
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot read {name!r}: {getattr(err, 'strerror', None) or err}") from None


def _source(tl: Timeline, ref: str | None, exists: bool) -> tuple[str | None, date | None]:
    """The source's title and published day: a stored source by id or title, else the title
    as given."""
    if ref is None:
        return None, None
    from timeline.store.sources import source_id_of

    if not ref.strip():
        raise UsageError("--source: give a source's id (3, #3) or its title")
    if not exists:
        if source_id_of(ref) is not None:
            raise NotFoundError(f"no source {ref}: there is no database at {tl.path!r} yet")
        return ref.strip(), None
    if source_id_of(ref) is not None:
        found = tl.sources.get(ref)
        return found.title, found.published
    from timeline.store.sources import by_title

    row = by_title(tl.store, ref)
    if row is None:
        return ref.strip(), None
    return str(row["title"]), date.fromisoformat(row["published"]) if row["published"] else None


def _known_actors(tl: Timeline) -> dict[str, str]:
    """Each actor's name and alias to the actor."""
    found = {name: name for name, _ in tl.names("actor")}
    for actor, aliases in tl.aliases().items():
        found[actor] = actor
        found.update((alias, actor) for alias in aliases)
    return found


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of every sentence of `text`, a line being a paragraph."""
    from syntok import segmenter

    at = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            for paragraph in segmenter.analyze(line):
                for sentence in paragraph:
                    first, last = sentence[0], sentence[-1]
                    start, end = first.offset, last.offset + len(last.value)
                    yield at + start, line[start:end]
        at += len(line)


def extract(
    article: Article,
    *,
    published: date,
    source: str | None = None,
    actors: Mapping[str, str] | None = None,
    date_order: str | None = None,
) -> list[Candidate]:
    """The candidate events of `article`, in the order of the text. `actors` maps each known
    name and alias (any case) to its actor."""
    names = _names_pattern(actors or {})
    found: list[Candidate] = []
    for at, sentence in sentences(article.text):
        dates = find_dates(sentence, published, date_order)
        if not dates:
            continue
        named = _actors(sentence, names, actors or {}) if names else ()
        quote = " ".join(sentence.split())
        for i, hit in enumerate(dates):
            found.append(
                Candidate(
                    title=title_of(sentence, hit),
                    when=hit.when,
                    written=hit.written,
                    start=hit.value.start,
                    end=hit.value.end,
                    ongoing=hit.value.ongoing,
                    quote=quote,
                    actors=named,
                    source=source,
                    published=published,
                    offset=article.offset(at + hit.start),
                    background=_frames(sentence, dates, i),
                    note=hit.note,
                )
            )
    return found


def _frames(sentence: str, dates: list[Found], i: int) -> bool:
    """Whether date `i` sits in a leading clause that frames another dated statement."""
    if len(dates) < 2 or not sentence.lower().startswith(_FRAMES):
        return False
    comma = sentence.find(", ")
    return comma > 0 and dates[i].end <= comma and any(d.start > comma for d in dates)


def _names_pattern(actors: Mapping[str, str]) -> re.Pattern[str] | None:
    if not actors:
        return None
    names = sorted((re.escape(_plain(n)) for n in actors), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(names) + r")(?!\w)", re.I)


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _actors(sentence: str, names: re.Pattern[str], actors: Mapping[str, str]) -> tuple[str, ...]:
    lowered = {_plain(k).lower(): v for k, v in actors.items()}
    seen = [lowered[m[1].lower()] for m in names.finditer(_plain(sentence))]
    return tuple(dict.fromkeys(seen))


def title_of(sentence: str, hit: Found) -> str:
    """A short title from the clause that holds the date (see the module's decisions)."""
    clause_start, clause = _part(_CLAUSES.sub(";", sentence), ";", hit.start)
    pieces = list(_pieces(clause, clause_start))
    at = next((k for k, (s, p) in enumerate(pieces) if s <= hit.start < s + len(p)), 0)
    start, piece = pieces[at]
    before = piece[: max(0, hit.start - start)].split()
    if before and before[-1].lower() in ("in", "on", "at", "during"):
        before = before[:-1]  # the word the date's phrase dropped (`in 2022`)
    words = _trimmed([*before, *piece[max(0, hit.end - start) :].split()])
    if len(words) < 3 and at + 1 < len(pieces):
        words = _trimmed(pieces[at + 1][1].split())
    if len(words) < 3 and at > 0:
        words = _trimmed(pieces[at - 1][1].split())
    if not words:
        words = _trimmed(sentence.split()) or [hit.written]
    cut = len(words) > TITLE_WORDS
    words = words[:TITLE_WORDS]
    title = " ".join(words).strip(" ,;:-–—").rstrip(".") + ("…" if cut else "")
    return title[:1].upper() + title[1:]


def _part(text: str, sep: str, at: int) -> tuple[int, str]:
    """The piece of `text` cut at `sep` that holds character `at`, and where it begins."""
    start = 0
    for piece in text.split(sep):
        end = start + len(piece)
        if at <= end:
            return start, piece
        start = end + len(sep)
    return 0, text


def _pieces(clause: str, offset: int) -> Iterator[tuple[int, str]]:
    start = offset
    for piece in clause.split(", "):
        yield start, piece
        start += len(piece) + 2


def _trimmed(words: list[str]) -> list[str]:
    words = [w for w in words if w.strip(' ,.;:!?()"“”')]
    while words and words[0].lower().strip(",") in _LEADS:
        words = words[1:]
    while words and words[-1].lower().strip(",.;:") in _TAILS:
        words = words[:-1]
    return words
