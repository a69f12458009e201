"""Edition series learned from the corpus itself: ``第39届广东省青少年科技创新大赛`` held in 2024 dates
``第41届广东省青少年科技创新大赛`` to 2026 (an annual series), in any article of the build.

A series is learned only where an explicit year stands in the same clause before an edition; it is applied
to editions whose clause states no year. Names match when one ends with the other (``省青少年科技创新大赛``
and ``广东省青少年科技创新大赛``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from timeline import cues
from timeline.dates.model import Mention
from timeline.dates.resolve import cn_number

_CLAUSE_BREAK = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True, slots=True)
class Edition:
    """One ``第N届NAME`` in a text: clean span, edition number and the series name."""

    start: int
    end: int
    number: int
    name: str


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """A learned fact: edition ``number`` of series ``name`` was held in ``year``."""

    name: str
    number: int
    year: int


def find_editions(text: str) -> list[Edition]:
    """Every ``第N届NAME`` in ``text``."""
    editions = []
    for match in cues.EDITION.finditer(text):
        number = int(match.group(1)) if match.group(1).isdigit() else cn_number(match.group(1))
        if number:
            editions.append(Edition(match.start(), match.end(), number, match.group(2)))
    return editions


def _year_before(text: str, edition: Edition, mentions: Sequence[Mention]) -> int | None:
    """An explicit year standing before ``edition`` in the same clause, from the mentions of ``text``."""
    for mention in reversed(mentions):
        if mention.end > edition.start:
            continue
        if edition.start - mention.end > cues.EDITION_YEAR_WINDOW:
            return None
        if _CLAUSE_BREAK.search(text, mention.end, edition.start):
            return None
        # Only a single year dates an edition (2024年3月 does; 2021—2025年 does not).
        if mention.basis == "explicit" and mention.start_date and \
                mention.start_date[:4] == (mention.end_date or mention.start_date)[:4]:
            return int(mention.start_date[:4])
        return None
    return None


def _year_after(text: str, edition: Edition, mentions: Sequence[Mention]) -> bool:
    """Whether an explicit date stands after ``edition`` in the same clause (第41届…于2025年12月举行)."""
    for mention in mentions:
        if mention.start < edition.end:
            continue
        if mention.start - edition.end > cues.EDITION_YEAR_WINDOW or _CLAUSE_BREAK.search(text, edition.end,
                                                                                         mention.start):
            return False
        return mention.basis == "explicit"
    return False


def learn_series(texts: Iterable[tuple[str, Sequence[Mention]]]) -> tuple[SeriesPoint, ...]:
    """Series points from texts and their mentions (offsets into the same texts), deterministic order."""
    points: set[SeriesPoint] = set()
    for text, mentions in texts:
        for edition in find_editions(text):
            year = _year_before(text, edition, mentions)
            if year is not None:
                points.add(SeriesPoint(edition.name, edition.number, year))
    return learn_series_points(points)


def learn_series_points(points: Iterable[SeriesPoint]) -> tuple[SeriesPoint, ...]:
    """Points pooled from several sources, without repeats, in a deterministic order."""
    return tuple(sorted(set(points), key=lambda p: (p.name, p.number, p.year)))


def same_series(a: str, b: str) -> bool:
    """Whether two edition names name one series: one ends with the other (at least four characters)."""
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and longer.endswith(shorter)


def edition_year(edition: Edition, points: Sequence[SeriesPoint]) -> int | None:
    """The year of ``edition`` from the learned points of its series, assuming one edition a year; None when
    the series is unknown or its points disagree."""
    years = {p.year + (edition.number - p.number) for p in points if same_series(p.name, edition.name)}
    return years.pop() if len(years) == 1 else None


def inferred_mentions(text: str, mentions: Sequence[Mention], points: Sequence[SeriesPoint]) -> list[Mention]:
    """Year mentions (basis ``inferred``) for the editions in ``text`` that no year in their clause dates."""
    out = []
    for edition in find_editions(text):
        if _year_before(text, edition, mentions) is not None or _year_after(text, edition, mentions):
            continue
        if any(m.start < edition.end and edition.start < m.end for m in mentions):
            continue
        year = edition_year(edition, points)
        if year is None:
            continue
        out.append(Mention(text=text[edition.start:edition.end], start=edition.start, end=edition.end, kind="year",
                           start_date=f"{year:04d}", end_date=f"{year:04d}", precision="year", basis="inferred"))
    return out
