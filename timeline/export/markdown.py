"""A readable Chinese chronology in Markdown: events by year and month, each with the sentences it rests on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import groupby

from timeline.export.blocks import Slice, every_event, render_blocks
from timeline.export.cndate import end_key, format_date, format_span, sort_key
from timeline.export.common import citation_source, recurrence_word
from timeline.export.mdtext import escape, link_target, slug
from timeline.model import Article, Event, Timeline


def _when(event: Event) -> str:
    text = format_span(event.start, event.end)
    if event.approximate:
        text = "约" + text
    if event.time and event.start == event.end:
        text += f" {event.time}"
    if event.recurrence:
        text += f"（{recurrence_word(event.recurrence)}）"
    return text


def _event_lines(event: Event) -> Iterator[str]:
    line = f"- **{_when(event)}** {escape(event.title)}"
    if event.place:
        line += f"（{escape(event.place)}）"
    if event.url:
        line += f" [原文]({link_target(event.url)})"
    yield line
    summary = escape(event.summary)
    if summary and summary not in {escape(event.title), *(escape(c.quote) for c in event.sources)}:
        yield f"  {summary}"
    # Two dates in one sentence are two citations of one quote: show the sentence once.
    quotes = dict.fromkeys(f"“{escape(c.quote)}” — {escape(citation_source(c))}" for c in event.sources)
    for i, quote in enumerate(quotes):
        if i:
            yield "  >"
        yield f"  > {quote}"


def _year_heading(year: int) -> str:
    return f"{year}年"


def _summary(timeline: Timeline) -> str:
    events = timeline.events
    text = f"本时间线共 {len(events)} 个事件"
    if events:
        first = min((e.start for e in events), key=sort_key)
        last = max((e.end for e in events), key=end_key)
        span = format_date(first) if first == last else f"{format_date(first)}至{format_date(last)}"
        text += f"，时间跨度为{span}"
    return text + f"，出自 {timeline.files} 个文件中的 {len(timeline.articles)} 篇文章。"


def _by_year(events: Sequence[Event]) -> dict[int, list[int]]:
    """The positions of ``events`` by year, each year's ordered by start (stable: ties keep their order)."""
    years: dict[int, list[int]] = {}
    for i in sorted(range(len(events)), key=lambda i: sort_key(events[i].start)):
        years.setdefault(sort_key(events[i].start)[0], []).append(i)
    return years


def _year_section(year: int, positions: list[int], events: Sequence[Event],
                  blocks: Sequence[bytes]) -> Iterator[bytes]:
    yield f"## {_year_heading(year)}".encode()
    for month, in_month in groupby(positions, key=lambda i: sort_key(events[i].start)[1]):
        yield b""
        if month:  # year-precision events (month 0) stand under the year itself, before the months
            yield f"### {year}年{month}月".encode()
            yield b""
        for i in in_month:
            yield blocks[i]
    yield b""


def _section(heading: str, body: list[str], empty: str) -> Iterator[str]:
    yield heading
    yield ""
    yield from body or [empty]
    yield ""


def _contents(years: list[int]) -> Iterator[str]:
    links = [f"- [{_year_heading(y)}](#{slug(_year_heading(y))})" for y in years]
    return _section("## 目录", links, "（没有事件）")


def _article_table(timeline: Timeline) -> list[str]:
    if not timeline.articles:
        return []
    rows = ["| 文件 | # | 标题 | 参考日期 | 依据 | 可信度 |", "| --- | ---: | --- | --- | --- | ---: |"]
    rows += map(_article_row, timeline.articles)
    return rows


@lru_cache(maxsize=65536)  # the same articles come again in every build of a session
def _article_row(a: Article) -> str:
    reference = format_date(a.reference_date) if a.reference_date else "未能确定"
    return (f"| {escape(a.file)} | {a.index} | {escape(a.title)} | {reference} "
            f"| {escape(a.reference_basis)} | {a.confidence:.2f} |")


def _appendices(timeline: Timeline) -> Iterator[str]:
    yield from _section("## 附录：文章与参考日期", _article_table(timeline), "（没有文章）")
    unresolved = [f"- {escape(u.file)} 第 {u.article} 篇：“{escape(u.text)}” — {escape(u.reason)}"
                  for u in timeline.unresolved]
    yield from _section("## 附录：未能确定日期的提及", unresolved, "（没有）")
    if timeline.skipped:
        yield from _section("### 跳过的文件", [f"- {escape(s.path)}：{escape(s.reason)}" for s in timeline.skipped], "")


def _text(lines: Iterable[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _event_block(event: Event) -> bytes:
    return _text(_event_lines(event))


def render_md(timeline: Timeline) -> bytes:
    """UTF-8 Markdown: title, summary, contents by year, events by year and month with their quotes, appendices.

    Every piece of user text is escaped, so titles and quotes show as written and never break the layout.
    """
    return join_md(timeline, md_blocks(timeline, every_event(timeline)).blocks)


def md_blocks(timeline: Timeline, positions: Sequence[int], *, known: Mapping[str, bytes] | None = None,
              digests: Sequence[bytes] | None = None) -> Slice:
    """The lines of the events at ``positions`` as ``render_md`` writes them (each depends on its event alone),
    reusing those in ``known`` (see ``render_blocks``)."""
    return render_blocks(timeline.events, positions, _event_block, known=known, digests=digests)


def join_md(timeline: Timeline, blocks: Sequence[bytes]) -> bytes:
    """The whole Markdown file: the headings, contents and appendices around the lines of every event
    (``blocks``, in the timeline's order), which it places by year and month."""
    years = _by_year(timeline.events)
    parts = [_text([f"# {escape(timeline.name)}", "", _summary(timeline), "", *_contents(list(years))])]
    for year, positions in years.items():
        parts += _year_section(year, positions, timeline.events, blocks)
    # The appendices come last and always hold text: trimming them trims the file (without copying it whole).
    parts += [_text(_appendices(timeline)).rstrip(b"\n"), b""]
    return b"\n".join(parts)
