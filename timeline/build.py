"""The build: from loaded files to one merged Timeline (split → reference → mentions → events → merge).

Two passes over the mentions: the first, against a provisional reference, gathers each article's evidence
for its own date and the edition series of the whole corpus; the second re-reads the articles whose
reference changed. An article with no basis at all keeps its reference-dependent mentions as unresolved.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from timeline import reference, series
from timeline.articles import split_articles
from timeline.dates import find_dates_repaired
from timeline.dates.model import Mention
from timeline.events import Draft, make_drafts
from timeline.merge import merge_drafts
from timeline.model import Article, ArticleSpan, Skipped, SourceFile, Timeline, Unresolved
from timeline.repair import RepairedText, repair_text
from timeline.textmap import raw_to_clean

_REFERENCE_DEPENDENT = frozenset({"relative", "holiday"})
_PROVISIONAL_YEAR = 2000


@dataclass(frozen=True, slots=True)
class _Work:
    source: SourceFile
    span: ArticleSpan
    repaired: RepairedText  # the article's own raw text, repaired


def source_date_epoch() -> datetime | None:
    """The build time fixed by the SOURCE_DATE_EPOCH convention, if the environment sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None


def content_time(articles: Sequence[Article]) -> datetime:
    """A build time derived from the content alone, so two builds of the same input are byte-identical:
    midnight UTC of the latest reference date of any article (the Unix epoch when none has one)."""
    days = [date.fromisoformat(a.reference_date) if len(a.reference_date) == 10
            else date(int(a.reference_date[:4]), 1, 1) for a in articles if a.reference_date]
    latest = max(days, default=date(1970, 1, 1))
    return datetime(latest.year, latest.month, latest.day, tzinfo=UTC)


def split_sources(sources: Sequence[SourceFile]) -> list[_Work]:
    """Every article of every file, in input order, with its repaired text."""
    work = []
    for source in sources:
        for span in split_articles(source.path, repair_text(source.text), source.body_start):
            work.append(_Work(source, span, repair_text(source.text[span.start : span.end])))
    return work


def _engine_ref(value: str) -> date | int:
    return date.fromisoformat(value) if len(value) == 10 else int(value[:4])


def _read(work: _Work, ref: date | int) -> list[Mention]:
    return find_dates_repaired(work.repaired, ref)


def build_timeline(sources: Sequence[SourceFile], *, name: str, generated: datetime | None = None,
                   skipped: Sequence[Skipped] = (), today: date | None = None) -> Timeline:
    """The merged chronology of ``sources``. Pure: the same sources and arguments give the same Timeline.

    ``generated`` stamps the outputs (default: ``content_time`` of the articles). ``today`` is only the
    provisional reference of the first pass, which gathers evidence from explicit dates; it never becomes a
    value, and it defaults to a fixed year so that the outputs do not depend on the day of the build.
    """
    work = split_sources(sources)
    provisional_year = today.year if today else _PROVISIONAL_YEAR
    first_refs: list[date | int] = [
        _engine_ref(w.source.meta.date) if w.source.meta.date else provisional_year for w in work]
    first_pass = [_read(w, ref) for w, ref in zip(work, first_refs, strict=True)]
    points = series.learn_series((w.repaired.raw, m) for w, m in zip(work, first_pass, strict=True))
    inferred = [series.inferred_mentions(w.repaired.raw, m, points) for w, m in zip(work, first_pass, strict=True)]
    evidence = {(w.span.file, w.span.index): _evidence(w, m + extra)
                for w, m, extra in zip(work, first_pass, inferred, strict=True)}
    chosen = reference.choose_all(evidence)

    articles: list[Article] = []
    drafts: list[Draft] = []
    unresolved: list[Unresolved] = []
    mention_count = 0
    for w, ref, mentions, extra in zip(work, first_refs, first_pass, inferred, strict=True):
        pick = chosen[(w.span.file, w.span.index)]
        if pick is None:
            mentions = [_unresolve(m) if m.basis in _REFERENCE_DEPENDENT else m for m in mentions]
        elif _engine_ref(pick.date) != ref:
            mentions = _read(w, _engine_ref(pick.date))
        mentions = _with_inferred(mentions, extra)
        mention_count += len(mentions)
        article = Article(
            file=w.span.file, index=w.span.index, title=w.span.title or w.source.meta.title or w.span.file,
            start=w.span.start, end=w.span.end, reference_date=pick.date if pick else None,
            reference_basis=pick.basis if pick else reference.NO_BASIS, confidence=pick.confidence if pick else 0.0,
            url=w.source.meta.url, source=w.source.meta.source)
        articles.append(article)
        article_drafts, article_unresolved = make_drafts(article, w.span.start, w.repaired, mentions)
        drafts.extend(article_drafts)
        unresolved.extend(article_unresolved)
    return Timeline(name=name, generated=generated or content_time(articles), articles=tuple(articles),
                    events=tuple(merge_drafts(drafts)), unresolved=tuple(unresolved), skipped=tuple(skipped),
                    files=len(sources), mentions=mention_count)


def _evidence(w: _Work, mentions: Sequence[Mention]) -> reference.ArticleEvidence:
    decisive = reference.user_evidence(w.source.meta) or reference.dateline_evidence(w.repaired.text)
    title_end = max(0, w.span.heading_end - w.span.start)
    def clean(mention: Mention) -> str:
        start = raw_to_clean(w.repaired, mention.start)
        return w.repaired.text[start : max(start, raw_to_clean(w.repaired, mention.end - 1) + 1)]

    return reference.ArticleEvidence(decisive, reference.year_evidence(w.repaired.raw, title_end, mentions, clean))


def _unresolve(mention: Mention) -> Mention:
    return replace(mention, start_date=None, end_date=None, precision=None, basis="unresolved", recurrence=None)


def _with_inferred(mentions: Sequence[Mention], extra: Sequence[Mention]) -> list[Mention]:
    kept = [e for e in extra if not any(m.start < e.end and e.start < m.end for m in mentions)]
    return sorted([*mentions, *kept], key=lambda m: (m.start, m.end))
