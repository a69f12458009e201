"""One realistic timeline shared by the exporter tests: every precision, ranges, a timed and a recurring event,
and user text full of characters that CSV, Markdown and iCalendar treat specially."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from timeline.model import Article, Citation, Event, Skipped, Timeline, Unresolved

GENERATED = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
TRICKY_TITLE = "发布会, 北京; 上海\\分会场\n第二行"


def citation(quote: str, *, file: str = "news/2026-03.md", article: int = 1,
             title: str = "科协年会开幕", start: int = 100, end: int = 108) -> Citation:
    """A citation of ``quote`` from one article (offsets are illustrative)."""
    return Citation(file=file, article=article, article_title=title, start=start, end=end, quote=quote,
                    mention=quote[:8])


def event(event_id: str, start: str, end: str | None = None, *, title: str = "事件", **fields: object) -> Event:
    """An event with precision taken from the date's shape and one citation unless ``sources`` is given."""
    precision = {0: "year", 1: "month", 2: "day"}[start.count("-")]
    base = Event(id=event_id, start=start, end=end or start, precision=precision, title=title, summary=title,
                 sources=(citation(f"{title}的报道原文。"),))
    return replace(base, **fields)


EVENTS = (
    event("ev-day", "2024-04-16", title="第二十六届中国科协年会开幕", place="杭州",
          summary="年会在杭州开幕，主题为创新驱动。"),
    event("ev-range", "2026-03-11", "2026-03-13", title=TRICKY_TITLE, place="北京, 国家会议中心; 三层",
          sources=(citation("会议议程：签到, 致辞; 演示\\结束。\n下午继续。"),
                   citation("第二篇报道也提到了发布会。", file="news/2026-04.md", article=2, title="发布会回顾"))),
    event("ev-cross-month", "2026-05-22", "2026-06-01", title="全国科技活动周"),
    event("ev-cross-year", "2023-12-28", "2024-01-03", title="冬季科普展"),
    event("ev-month", "2023-12", title="科普月活动启动", approximate=True),
    event("ev-month-range", "2026-04", "2026-05", title="青少年科技创新大赛"),
    event("ev-year", "2018", title="学会成立"),
    event("ev-year-range", "2021", "2023", title="三年行动计划"),
    event("ev-timed", "2024-04-17", title="专题报告会", time="09:30", place="报告厅",
          url="https://example.org/news/2024 04?id=1"),
    event("ev-yearly", "2024-05-30", title="全国科技工作者日", recurrence="FREQ=YEARLY"),
    event("ev-formula", "2025-01-08", title="=HYPERLINK(\"http://evil\")", summary="+1 成员; -2 议题",
          place="@会场"),
    event("ev-markdown", "2025-01-09", title="# 不是标题 | *强调* _下划线_ [链接](x) <b>粗</b> `代码`",
          summary="1. 不是列表"),
)

ARTICLES = (
    Article(file="news/2026-03.md", index=1, title="科协年会开幕", start=0, end=2000, reference_date="2026-03-10",
            reference_basis="dateline", confidence=0.9, url="https://example.org/a", source="科协新闻"),
    Article(file="news/2026-04.md", index=2, title="发布会回顾 | 第二场", start=2000, end=3500, reference_date=None,
            reference_basis="none", confidence=0.0),
)


def make_timeline(**fields: object) -> Timeline:
    """The shared fixture timeline; keyword arguments replace any of its fields."""
    base = Timeline(
        name="科协大事记", generated=GENERATED, articles=ARTICLES, events=EVENTS,
        unresolved=(Unresolved(file="news/2026-04.md", article=2, start=40, end=44, text="明年 | 春天",
                               reason="no reference date"),),
        skipped=(Skipped(path="scan.pdf", reason="no text layer"),),
        files=3, mentions=27,
    )
    return replace(base, **fields)


def events_by_id(timeline: Timeline) -> dict[str, Event]:
    """The timeline's events keyed by id."""
    return {e.id: e for e in timeline.events}
