"""The build: from loaded files to one merged Timeline (split → reference → mentions → events → merge).

It runs in two per-file phases around one corpus-wide step, so files can be read in parallel and cached:

1. ``read_file`` splits a file into articles and reads their mentions against a provisional reference; it
   also collects the edition series the file teaches (``2024年…第39届X``) and the editions it names.
2. The series points of all files are pooled (``learn_series`` needs the whole corpus).
3. ``finish_file`` dates each article (user, dateline, stated and inferred years, page-mates of the same
   file), re-reads the articles whose reference changed, and makes their event drafts.
4. ``merge_drafts`` merges the drafts of all files into events.

An article with no basis at all keeps its reference-dependent mentions as unresolved.
"""

from __future__ import annotations

import os
import re
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Protocol

from timeline import reference, series
from timeline.articles import split_articles
from timeline.dates import find_dates_repaired
from timeline.dates.model import Mention
from timeline.events import Draft, make_drafts
from timeline.merge import MergeMemo, merge_drafts
from timeline.model import Article, ArticleSpan, Skipped, SourceFile, Timeline, Unresolved
from timeline.repair import RepairedText, repair_text
from timeline.textmap import raw_to_clean, segment_starts

_REFERENCE_DEPENDENT = frozenset({"relative", "holiday"})
_PROVISIONAL_YEAR = 2000
_STATED_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


@dataclass(frozen=True, slots=True)
class ArticleReading:
    """One article after the first phase: its span and the mentions read against ``ref``."""

    span: ArticleSpan
    ref: date | int
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class FileReading:
    """A file after the first phase: its articles, the series points it teaches, the editions it names."""

    path: str
    articles: tuple[ArticleReading, ...]
    points: tuple[series.SeriesPoint, ...]
    editions: tuple[str, ...]
    failure: str | None = None  # why the file could not be read (then it has no articles, points or editions)


@dataclass(frozen=True, slots=True)
class FileResult:
    """A file after the second phase: its dated articles, event drafts and unresolved mentions."""

    path: str
    articles: tuple[Article, ...]
    drafts: tuple[Draft, ...]
    unresolved: tuple[Unresolved, ...]
    mentions: int
    failure: str | None = None  # why the file could not be read or finished (then it contributes nothing)


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


def _engine_ref(value: str) -> date | int:
    return date.fromisoformat(value) if len(value) == 10 else int(value[:4])


def _article_texts(source: SourceFile) -> list[tuple[ArticleSpan, RepairedText]]:
    whole = repair_text(source.text)
    spans = split_articles(source.path, whole, source.body_start)
    # Most files are one article spanning the whole text, already repaired.
    return [(span, whole if (span.start, span.end) == (0, len(source.text))
             else repair_text(source.text[span.start : span.end])) for span in spans]


def _provisional_ref(source: SourceFile, repaired: RepairedText) -> date | int:
    """A first guess at the article's reference, so that most articles need no second reading: the user's
    date, the dateline, else the latest four-digit year written in the article."""
    if source.meta.date:
        return _engine_ref(source.meta.date)
    dateline = reference.dateline_evidence(repaired.text)
    if dateline is not None:
        return _engine_ref(dateline.date)
    years = [int(y) for y in _STATED_YEAR.findall(repaired.text)]
    return max(years, default=_PROVISIONAL_YEAR)


def read_file(source: SourceFile) -> FileReading:
    """Phase 1 for one file (pure, picklable result): articles, first-pass mentions, series facts. An error
    inside the engine does not escape: the file comes back empty, with the error as its ``failure``, so one
    file the engine cannot read is reported and the rest of the build goes on."""
    try:
        return _read_file(source)
    except Exception as exc:  # any engine bug must cost one file, not the build
        return FileReading(source.path, (), (), (), failure=failure_reason(exc))


def _read_file(source: SourceFile) -> FileReading:
    readings = []
    texts = []
    for span, repaired in _article_texts(source):
        ref = _provisional_ref(source, repaired)
        readings.append(ArticleReading(span, ref, tuple(find_dates_repaired(repaired, ref))))
        texts.append((repaired.raw, readings[-1].mentions))
    points = series.learn_series(texts)
    editions = tuple(sorted({e.name for text, _ in texts for e in series.find_editions(text)}))
    return FileReading(source.path, tuple(readings), points, editions)


def failure_reason(exc: BaseException) -> str:
    """A one-line reason for an unexpected error in the engine, naming the error and the innermost line of
    kxtimeline's code it came from, for the skipped file's report (and for a bug report)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(_PACKAGE_DIR)]
    where = f" at {os.path.relpath(frames[-1].filename, _PACKAGE_DIR)}:{frames[-1].lineno}" if frames else ""
    detail = " ".join(str(exc).split())[:200]
    error = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"internal error in the date engine ({error}{where}); the file is left out, please report it"


def relevant_points(reading: FileReading, points: Sequence[series.SeriesPoint]) -> tuple[series.SeriesPoint, ...]:
    """The corpus's series points that can date an edition this file names (a cache key for phase 2)."""
    if not reading.editions:  # most files: no need to look at every point of the corpus
        return ()
    return tuple(p for p in points if any(series.same_series(p.name, name) for name in reading.editions))


def finish_file(source: SourceFile, reading: FileReading, points: Sequence[series.SeriesPoint]) -> FileResult:
    """Phase 2 for one file: reference dates (with page-mates of this file), final mentions, event drafts. A
    file whose first phase failed, or an error inside the engine here, gives an empty result with its
    ``failure``, as ``read_file`` does."""
    if reading.failure is not None:
        return FileResult(source.path, (), (), (), 0, failure=reading.failure)
    try:
        return _finish_file(source, reading, points)
    except Exception as exc:  # any engine bug must cost one file, not the build
        return FileResult(source.path, (), (), (), 0, failure=failure_reason(exc))


def _finish_file(source: SourceFile, reading: FileReading, points: Sequence[series.SeriesPoint]) -> FileResult:
    works = [(r.span, repair_text(source.text[r.span.start : r.span.end])) for r in reading.articles]
    inferred = [series.inferred_mentions(repaired.raw, list(r.mentions), points)
                for (_, repaired), r in zip(works, reading.articles, strict=True)]
    evidence = {(r.span.file, r.span.index): _evidence(source, r.span, repaired, [*r.mentions, *extra])
                for (_, repaired), r, extra in zip(works, reading.articles, inferred, strict=True)}
    chosen = reference.choose_all(evidence)
    articles: list[Article] = []
    drafts: list[Draft] = []
    unresolved: list[Unresolved] = []
    count = 0
    for (span, repaired), r, extra in zip(works, reading.articles, inferred, strict=True):
        pick = chosen[(span.file, span.index)]
        mentions = list(r.mentions)
        if pick is None:
            mentions = [_unresolve(m) if _needs_reference(m) else m for m in mentions]
        elif _engine_ref(pick.date) != r.ref:
            mentions = find_dates_repaired(repaired, _engine_ref(pick.date))
        mentions = _with_inferred(mentions, extra)
        count += len(mentions)
        article = Article(
            file=span.file, index=span.index, title=span.title or source.meta.title or span.file,
            start=span.start, end=span.end, reference_date=pick.date if pick else None,
            reference_basis=pick.basis if pick else reference.NO_BASIS, confidence=pick.confidence if pick else 0.0,
            url=source.meta.url, source=source.meta.source)
        articles.append(article)
        article_drafts, article_unresolved = make_drafts(article, span.start, repaired, mentions)
        drafts.extend(article_drafts)
        unresolved.extend(article_unresolved)
    return FileResult(source.path, tuple(articles), tuple(drafts), tuple(unresolved), count)


class Runner(Protocol):
    """Runs the two per-file phases over all files and returns their results in input order."""

    def read(self, sources: Sequence[SourceFile]) -> list[FileReading]: ...

    def finish(self, sources: Sequence[SourceFile], readings: Sequence[FileReading],
               points: Sequence[Sequence[series.SeriesPoint]]) -> list[FileResult]: ...


class SerialRunner:
    """The plain runner: both phases in this process, nothing cached."""

    def read(self, sources: Sequence[SourceFile]) -> list[FileReading]:
        """Phase 1 for every file, in order."""
        return [read_file(s) for s in sources]

    def finish(self, sources: Sequence[SourceFile], readings: Sequence[FileReading],
               points: Sequence[Sequence[series.SeriesPoint]]) -> list[FileResult]:
        """Phase 2 for every file, in order."""
        return [finish_file(s, r, p) for s, r, p in zip(sources, readings, points, strict=True)]


def build_timeline(sources: Sequence[SourceFile], *, name: str, generated: datetime | None = None,
                   skipped: Sequence[Skipped] = (), runner: Runner | None = None, jobs: int = 1,
                   timings: dict[str, float] | None = None, merge_memo: MergeMemo | None = None) -> Timeline:
    """The merged chronology of ``sources``. Pure: the same sources and arguments give the same Timeline.

    A file the engine fails on is left out and added to ``skipped`` with its reason (``assemble``).
    ``generated`` stamps the outputs (default: ``content_time`` of the articles). ``runner`` runs the per-file
    phases; a parallel, cached or distributed runner gives the same Timeline as the default serial one.
    ``jobs`` is how many processes the merge may use. ``timings``, when given, receives the wall seconds of
    the stages ``read``, ``finish`` and ``merge``. ``merge_memo`` keeps the merge's comparisons between the
    builds of a session (``merge_drafts``).
    """
    runner = runner or SerialRunner()
    clock = _Stopwatch(timings)
    readings = runner.read(sources)
    clock.lap("read")
    points = series.learn_series_points(p for r in readings for p in r.points)
    results = runner.finish(sources, readings, [relevant_points(r, points) for r in readings])
    clock.lap("finish")
    timeline = assemble(results, name=name, generated=generated, skipped=skipped, files=len(sources), jobs=jobs,
                        merge_memo=merge_memo)
    clock.lap("merge")
    return timeline


class _Stopwatch:
    def __init__(self, sink: dict[str, float] | None) -> None:
        self.sink = sink
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.sink is not None:
            self.sink[stage] = now - self.last
        self.last = now


def assemble(results: Sequence[FileResult], *, name: str, generated: datetime | None, skipped: Sequence[Skipped],
             files: int, jobs: int = 1, merge_memo: MergeMemo | None = None) -> Timeline:
    """The Timeline from the per-file results: articles and unresolved mentions in file order, merged events.
    The files the engine failed on are added to ``skipped`` (after the given ones, in input order, with their
    reasons) and are not counted among the ``files`` read."""
    articles = tuple(a for r in results for a in r.articles)
    failed = engine_failures(results)
    return Timeline(name=name, generated=generated or content_time(articles), articles=articles,
                    events=tuple(merge_drafts([d for r in results for d in r.drafts], jobs=jobs, memo=merge_memo)),
                    unresolved=tuple(u for r in results for u in r.unresolved), skipped=(*skipped, *failed),
                    files=files - len(failed), mentions=sum(r.mentions for r in results))


def engine_failures(results: Sequence[FileResult]) -> tuple[Skipped, ...]:
    """The files among ``results`` that the engine failed on, in input order, each with its reason."""
    return tuple(Skipped(r.path, r.failure) for r in results if r.failure is not None)


def _evidence(source: SourceFile, span: ArticleSpan, repaired: RepairedText,
              mentions: Sequence[Mention]) -> reference.ArticleEvidence:
    decisive = reference.user_evidence(source.meta) or reference.dateline_evidence(repaired.text)
    title_end = max(0, span.heading_end - span.start)

    starts = segment_starts(repaired)

    def clean(mention: Mention) -> str:
        start = raw_to_clean(repaired, mention.start, starts)
        return repaired.text[start : max(start, raw_to_clean(repaired, mention.end - 1, starts) + 1)]

    return reference.ArticleEvidence(decisive, reference.year_evidence(repaired.raw, title_end, mentions, clean))


def _needs_reference(mention: Mention) -> bool:
    """Whether the mention's value came from the (here provisional) reference: relative words, holidays and
    the occurrence of a yearly rule (每年5月30日) that states no year."""
    return mention.basis in _REFERENCE_DEPENDENT or (mention.recurrence is not None and mention.kind == "recurring"
                                                     and not _STATED_YEAR.search(mention.text))


def _unresolve(mention: Mention) -> Mention:
    return replace(mention, start_date=None, end_date=None, precision=None, basis="unresolved", recurrence=None)


def _with_inferred(mentions: Sequence[Mention], extra: Sequence[Mention]) -> list[Mention]:
    kept = [e for e in extra if not any(m.start < e.end and e.start < m.end for m in mentions)]
    return sorted([*mentions, *kept], key=lambda m: (m.start, m.end))
