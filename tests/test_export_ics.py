"""The calendar export, parsed back with icalendar: all-day spans, times, recurrence, escaping, stable UIDs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from export_fixtures import TRICKY_TITLE, event, events_by_id, make_timeline
from icalendar import Calendar
from icalendar.cal import Component

from timeline.export.ics import MAX_QUOTES, render_ics


def _calendar(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def _events(data: bytes) -> dict[str, Component]:
    return {str(e["UID"]).removesuffix("@kxtimeline"): e for e in _calendar(data).walk("VEVENT")}


def _span(vevent: Component) -> tuple[object, object]:
    return vevent["DTSTART"].dt, vevent["DTEND"].dt


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_ics(make_timeline())


@pytest.fixture(scope="module")
def vevents(rendered: bytes) -> dict[str, Component]:
    return _events(rendered)


def test_calendar_properties(rendered: bytes) -> None:
    cal = _calendar(rendered)
    assert str(cal["PRODID"]) == "-//kxtimeline//kxtimeline 0.1//ZH"
    assert (str(cal["VERSION"]), str(cal["CALSCALE"]), str(cal["METHOD"])) == ("2.0", "GREGORIAN", "PUBLISH")
    assert str(cal["X-WR-CALNAME"]) == "科协大事记"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert not [e for c in cal.walk() for e in c.errors]


def test_one_vevent_per_event(vevents: dict[str, Component]) -> None:
    assert sorted(vevents) == sorted(e.id for e in make_timeline().events)


@pytest.mark.parametrize(("event_id", "start", "end"), [
    ("ev-day", date(2024, 4, 16), date(2024, 4, 17)),
    ("ev-range", date(2026, 3, 11), date(2026, 3, 14)),
    ("ev-cross-month", date(2026, 5, 22), date(2026, 6, 2)),
    ("ev-cross-year", date(2023, 12, 28), date(2024, 1, 4)),
    ("ev-month", date(2023, 12, 1), date(2024, 1, 1)),
    ("ev-month-range", date(2026, 4, 1), date(2026, 6, 1)),
    ("ev-year", date(2018, 1, 1), date(2019, 1, 1)),
    ("ev-year-range", date(2021, 1, 1), date(2024, 1, 1)),
])
def test_all_day_events_end_the_day_after_their_last_day(vevents: dict[str, Component], event_id: str,
                                                          start: date, end: date) -> None:
    vevent = vevents[event_id]
    assert _span(vevent) == (start, end)
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent["DTEND"].params["VALUE"] == "DATE"


def test_all_day_values_are_written_as_dates(rendered: bytes) -> None:
    assert b"DTSTART;VALUE=DATE:20260311\r\nDTEND;VALUE=DATE:20260314\r\n" in rendered


def test_month_and_year_summaries_carry_their_span(vevents: dict[str, Component]) -> None:
    assert str(vevents["ev-month"]["SUMMARY"]) == "［2023年12月］科普月活动启动"
    assert str(vevents["ev-month-range"]["SUMMARY"]) == "［2026年4月—5月］青少年科技创新大赛"
    assert str(vevents["ev-year"]["SUMMARY"]) == "［2018年］学会成立"
    assert str(vevents["ev-year-range"]["SUMMARY"]) == "［2021—2023年］三年行动计划"
    assert str(vevents["ev-day"]["SUMMARY"]) == "第二十六届中国科协年会开幕"


def test_timed_event_lasts_an_hour_in_shanghai(vevents: dict[str, Component], rendered: bytes) -> None:
    start, end = _span(vevents["ev-timed"])
    shanghai = ZoneInfo("Asia/Shanghai")
    assert start == datetime(2024, 4, 17, 9, 30, tzinfo=shanghai)
    assert end == datetime(2024, 4, 17, 10, 30, tzinfo=shanghai)
    assert start.astimezone(UTC) == datetime(2024, 4, 17, 1, 30, tzinfo=UTC)
    assert b"DTSTART;TZID=Asia/Shanghai:20240417T093000\r\n" in rendered
    assert "DURATION" not in vevents["ev-timed"]


def test_timed_range_stays_all_day() -> None:
    ranged = event("r", "2024-04-17", "2024-04-19", time="09:30")
    assert _span(_events(render_ics(make_timeline(events=(ranged,))))["r"]) == (date(2024, 4, 17), date(2024, 4, 20))


def test_vtimezone_only_when_an_event_has_a_time(rendered: bytes) -> None:
    zones = _calendar(rendered).walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Shanghai"]
    untimed = [e for e in make_timeline().events if e.time is None]
    assert _calendar(render_ics(make_timeline(events=tuple(untimed)))).walk("VTIMEZONE") == []
    assert b"TZID" not in render_ics(make_timeline(events=tuple(untimed)))


def test_vtimezone_covers_summer_time_for_old_timed_events(rendered: bytes) -> None:
    assert _calendar(rendered).walk("DAYLIGHT") == []  # one plain +08:00 block for modern events
    old = event("old", "1988-07-01", time="09:30")
    assert _calendar(render_ics(make_timeline(events=(old,)))).walk("DAYLIGHT")


def test_recurring_event_repeats_yearly(vevents: dict[str, Component]) -> None:
    rule = vevents["ev-yearly"]["RRULE"]
    assert rule["FREQ"] == ["YEARLY"]
    assert [k for k, v in vevents.items() if "RRULE" in v] == ["ev-yearly"]


def test_special_characters_round_trip(vevents: dict[str, Component], rendered: bytes) -> None:
    ranged = vevents["ev-range"]
    # SUMMARY is one line: calendar clients show a newline in a title as a break
    assert str(ranged["SUMMARY"]) == TRICKY_TITLE.replace("\n", " ")
    assert str(ranged["LOCATION"]) == "北京, 国家会议中心; 三层"
    assert str(ranged["DESCRIPTION"]).split("\n") == [
        "“会议议程：签到, 致辞; 演示\\结束。",
        "下午继续。” — news/2026-03.md · 科协年会开幕（参考日期 2026-03-10（dateline；可信度 0.90））",
        "“第二篇报道也提到了发布会。” — news/2026-04.md · 发布会回顾（参考日期 无（none；可信度 0.00））"]
    assert "SUMMARY:发布会\\, 北京\\; 上海\\\\分会场 第二行".encode() in rendered


def test_lines_are_crlf_and_folded_within_75_octets(rendered: bytes) -> None:
    lines = rendered.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never splits a character


def test_identity_stamp_and_labels(vevents: dict[str, Component]) -> None:
    day = vevents["ev-day"]
    assert str(day["UID"]) == "ev-day@kxtimeline"
    assert day["DTSTAMP"].dt == datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    assert day["SEQUENCE"] == 0
    assert [str(c) for c in day["CATEGORIES"].cats] == ["kxtimeline", "day"]
    assert [str(c) for c in vevents["ev-month"]["CATEGORIES"].cats] == ["kxtimeline", "month"]
    assert str(day["LOCATION"]) == "杭州"
    assert "LOCATION" not in vevents["ev-year"]
    assert str(vevents["ev-timed"]["URL"]) == "https://example.org/news/2024%2004?id=1"
    assert "URL" not in day


def test_same_timeline_same_bytes_and_uids_do_not_depend_on_order(rendered: bytes) -> None:
    assert render_ics(make_timeline()) == rendered
    timeline = make_timeline()
    reordered = _events(render_ics(replace(timeline, events=timeline.events[::-1])))
    originals = _events(rendered)
    assert {k: str(v["SUMMARY"]) for k, v in reordered.items()} == {k: str(v["SUMMARY"]) for k, v in originals.items()}


@pytest.mark.parametrize(("precision", "kept"), [
    ("day", {"day"}), ("month", {"day", "month"}), ("year", {"day", "month", "year"}),
])
def test_precision_filter(precision: str, kept: set[str]) -> None:
    timeline = make_timeline()
    got = set(_events(render_ics(timeline, precision=precision)))
    assert got == {e.id for e in timeline.events if e.precision in kept}


def test_default_includes_everything() -> None:
    assert render_ics(make_timeline()) == render_ics(make_timeline(), precision="year")


def test_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision"):
        render_ics(make_timeline(), precision="week")


def test_event_without_sources_has_no_description() -> None:
    bare = replace(events_by_id(make_timeline())["ev-day"], sources=())
    assert "DESCRIPTION" not in _events(render_ics(make_timeline(events=(bare,))))["ev-day"]


def test_a_sentence_cited_twice_is_quoted_once() -> None:
    from export_fixtures import citation

    quote = "今年5月30日是第八个全国科技工作者日。"
    same = event("ev-same", "2024-05-30", sources=(citation(quote), citation(quote, start=120, end=126)))
    [vevent] = Calendar.from_ical(render_ics(make_timeline(events=(same,)))).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]).count("第八个全国科技工作者日") == 1


def test_a_much_reported_event_quotes_ten_sources_and_counts_the_rest() -> None:
    from export_fixtures import citation

    many = event("ev-many", "2024-05-30", sources=tuple(citation(f"第{n}篇报道。", start=n, end=n + 2)
                                                        for n in range(1, 26)))
    [vevent] = Calendar.from_ical(render_ics(make_timeline(events=(many,)))).walk("VEVENT")
    lines = str(vevent["DESCRIPTION"]).split("\n")
    assert len(lines) == MAX_QUOTES + 1
    assert lines[0].startswith("“第1篇报道。”") and lines[MAX_QUOTES - 1].startswith("“第10篇报道。”")
    assert "另有 15 处报道" in lines[-1]
