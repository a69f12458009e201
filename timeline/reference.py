"""Each article's reference date, with the evidence that gave it and a confidence.

In order of authority: what the user said (front matter, ``kxtimeline.toml``, ``--ref``); a dateline or the
signature date that closes a letter; otherwise the latest year among the article's own evidence: a year in
its title, the years it states for its events, years inferred from anniversaries and editions, and the years
its page-mates (other articles of the same file, printed on the same day) state. An article is written no
earlier than the latest year it reports, so the latest evidence wins; its basis and confidence are recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from timeline import cues
from timeline.dates import find_dates
from timeline.dates.model import Mention
from timeline.model import FileMeta

# Kinds whose explicit year dates the article; relative_period covers 2024年以来 (a period running to now).
_YEAR_KINDS = frozenset({"date", "date_range", "month", "month_range", "year", "year_range", "academic_year",
                         "holiday", "lunar_date", "relative_period"})
_ANY_YEAR = 2000  # explicit full dates do not depend on the reference


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to date an article: ``date`` is ``YYYY-MM-DD`` or ``YYYY``."""

    date: str
    basis: str
    confidence: float


@dataclass(frozen=True, slots=True)
class ArticleEvidence:
    """What one article says about its own date: a decisive date (user or dateline) or candidate years."""

    decisive: Evidence | None
    years: tuple[Evidence, ...]


NO_BASIS = "no basis: nothing in or about the article dates it; relative dates are left unresolved"


def user_evidence(meta: FileMeta) -> Evidence | None:
    """The date the user gave for the file, if any."""
    if meta.date:
        return Evidence(meta.date, f"given in {meta.date_origin or 'metadata'}", 1.0)
    return None


def dateline_evidence(article_text: str) -> Evidence | None:
    """A signature date closing the article (a letter) or a publication dateline at its top."""
    lines = [line.strip() for line in article_text.splitlines() if line.strip()]
    for line in reversed(lines[-4:]):
        if cues.SIGNATURE_DATE.match(line):
            day = _ymd(line)
            if day:
                return Evidence(day, f"signature date {line}", 0.95)
    for line in lines[:6]:
        # Only a line holding one of its words is searched: the pattern's optional first word keeps the regex
        # engine from skipping ahead to them, so a search tries every place of a long line (four fifths of this
        # function's time over a news archive).
        if not any(word in line for word in cues.PUBLISHED_WORDS):
            continue
        if (m := cues.PUBLISHED.search(line)) and (day := _ymd(m.group(1))):
            return Evidence(day, f"dateline {m.group(0).strip()}", 0.95)
    return None


def _ymd(text: str) -> str | None:
    """The full date written in ``text`` (Arabic or Chinese numerals), read by the engine."""
    for mention in find_dates(text, _ANY_YEAR):
        if mention.precision == "day" and mention.basis == "explicit" and mention.start_date:
            return mention.start_date
    return None


def year_evidence(article_text: str, title_end: int, mentions: Sequence[Mention],
                  label: Callable[[Mention], str] = lambda m: m.text) -> tuple[Evidence, ...]:
    """Candidate years from the article's own mentions (offsets into ``article_text``): years in the title,
    years it states for its events (not targets, comparisons or a document's validity), inferred years.
    ``label`` names a mention in the basis text (the build passes its clean text)."""
    out: list[Evidence] = []
    for m in mentions:
        if not m.start_date or m.recurrence or (m.kind not in _YEAR_KINDS and m.basis != "inferred"):
            continue
        year = m.start_date[:4]
        if m.basis == "inferred":
            out.append(Evidence(year, f"inferred from {label(m)} (an edition or anniversary)", 0.6))
        elif m.basis == "explicit" and not _forward_looking(article_text, m):
            if m.end <= title_end:
                out.append(Evidence(year, f"year stated in the title ({label(m)})", 0.85))
            else:
                out.append(Evidence(year, f"latest year the article states for its events ({label(m)})", 0.7))
    return tuple(out)


def _forward_looking(text: str, m: Mention) -> bool:
    before = text[max(0, m.start - 4) : m.start]
    after = text[m.end : m.end + 8]
    if cues.TARGET_BEFORE.search(before) or cues.TARGET_AFTER.match(after):
        return True
    opened = text.rfind("《", 0, m.start)
    return (opened > text.rfind("》", 0, m.start)) or before.endswith(("》（", "》("))


def choose(evidence: ArticleEvidence, page_years: Sequence[Evidence]) -> Evidence | None:
    """The article's reference: decisive evidence, else the latest candidate year (own or page-mates'),
    the most confident among equals; None when there is nothing."""
    if evidence.decisive is not None:
        return evidence.decisive
    candidates = list(evidence.years) + [Evidence(e.date[:4], f"same page as an article dated {e.date[:4]}"
                                                  f" ({e.basis})", 0.5) for e in page_years]
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.date[:4], e.confidence, e.basis))


def choose_all(evidence: Mapping[tuple[str, int], ArticleEvidence]) -> dict[tuple[str, int], Evidence | None]:
    """References for every article keyed ``(file, index)``; page-mates are the other articles of a file."""
    by_file: dict[str, list[tuple[int, ArticleEvidence]]] = {}
    for (file, index), ev in evidence.items():
        by_file.setdefault(file, []).append((index, ev))
    chosen: dict[tuple[str, int], Evidence | None] = {}
    for file, items in by_file.items():
        for index, ev in items:
            mates = [_own_best(other) for other_index, other in items if other_index != index]
            chosen[(file, index)] = choose(ev, [m for m in mates if m is not None])
    return chosen


def _own_best(ev: ArticleEvidence) -> Evidence | None:
    if ev.decisive is not None:
        return ev.decisive
    stated = [e for e in ev.years if e.confidence >= 0.7]
    return max(stated, key=lambda e: (e.date, e.confidence)) if stated else None
