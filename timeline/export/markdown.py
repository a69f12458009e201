"""A readable Chinese chronology in Markdown: events by year and month, each with the sentences it rests on."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from timeline.export.cndate import end_key, format_date, format_span, sort_key
from timeline.export.common import citation_source, recurrence_word
from timeline.export.mdtext import escape, link_target, slug
from timeline.model import Event, Timeline


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


def _by_year(events: list[Event]) -> dict[int, list[Event]]:
    years: dict[int, list[Event]] = {}
    for event in sorted(events, key=lambda e: sort_key(e.start)):
        years.setdefault(sort_key(event.start)[0], []).append(event)
    return years


def _year_section(year: int, events: list[Event]) -> Iterator[str]:
    yield f"## {_year_heading(year)}"
    for month, in_month in groupby(events, key=lambda e: sort_key(e.start)[1]):
        yield ""
        if month:  # year-precision events (month 0) stand under the year itself, before the months
            yield f"### {year}年{month}月"
            yield ""
        for event in in_month:
            yield from _event_lines(event)
    yield ""


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
    for a in timeline.articles:
        reference = format_date(a.reference_date) if a.reference_date else "未能确定"
        rows.append(f"| {escape(a.file)} | {a.index} | {escape(a.title)} | {reference} "
                    f"| {escape(a.reference_basis)} | {a.confidence:.2f} |")
    return rows


def _appendices(timeline: Timeline) -> Iterator[str]:
    yield from _section("## 附录：文章与参考日期", _article_table(timeline), "（没有文章）")
    unresolved = [f"- {escape(u.file)} 第 {u.article} 篇：“{escape(u.text)}” — {escape(u.reason)}"
                  for u in timeline.unresolved]
    yield from _section("## 附录：未能确定日期的提及", unresolved, "（没有）")
    if timeline.skipped:
        yield from _section("### 跳过的文件", [f"- {escape(s.path)}：{escape(s.reason)}" for s in timeline.skipped], "")


def render_md(timeline: Timeline) -> bytes:
    """UTF-8 Markdown: title, summary, contents by year, events by year and month with their quotes, appendices.

    Every piece of user text is escaped, so titles and quotes show as written and never break the layout.
    """
    years = _by_year(list(timeline.events))
    lines = [f"# {escape(timeline.name)}", "", _summary(timeline), ""]
    lines += _contents(list(years))
    for year, events in years.items():
        lines += _year_section(year, events)
    lines += _appendices(timeline)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
