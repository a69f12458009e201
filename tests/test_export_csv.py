"""The CSV export: RFC 4180 framing, fixed columns, multi-line cells, formula neutralisation, Excel BOM."""

from __future__ import annotations

import csv
import io

import pytest
from export_fixtures import TRICKY_TITLE, citation, event, make_timeline

from timeline.export.csv_export import COLUMNS, neutralise, render_csv


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _by_id(data: bytes) -> dict[str, dict[str, str]]:
    header, *rows = _rows(data)
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_header_and_one_row_per_event_in_order() -> None:
    timeline = make_timeline()
    header, *rows = _rows(render_csv(timeline))
    assert header == list(COLUMNS)
    assert [r[0] for r in rows] == [e.id for e in timeline.events]
    assert all(len(r) == len(COLUMNS) for r in rows)


def test_multiline_and_punctuated_cells_round_trip() -> None:
    ranged = _by_id(render_csv(make_timeline()))["ev-range"]
    assert ranged["title"] == TRICKY_TITLE
    assert ranged["place"] == "北京, 国家会议中心; 三层"
    assert ranged["sources"] == ("会议议程：签到, 致辞; 演示\\结束。\n下午继续。 (news/2026-03.md:100-108)\n"
                                 "第二篇报道也提到了发布会。 (news/2026-04.md:100-108)")
    # each article with its reference date, how it was found and the confidence
    assert ranged["articles"] == ("news/2026-03.md#1 科协年会开幕 [参考日期 2026-03-10（dateline；可信度 0.90）]; "
                                  "news/2026-04.md#2 发布会回顾 [参考日期 无（none；可信度 0.00）]")
    assert ranged["recurrence"] == ""
    assert _by_id(render_csv(make_timeline()))["ev-yearly"]["recurrence"] == "FREQ=YEARLY"


def test_articles_are_listed_once_each() -> None:
    twice = event("ev-twice", "2024-01-02", sources=(citation("甲。"), citation("乙。", start=300, end=305)))
    row = _by_id(render_csv(make_timeline(events=(twice,))))["ev-twice"]
    assert row["articles"] == "news/2026-03.md#1 科协年会开幕 [参考日期 2026-03-10（dateline；可信度 0.90）]"
    assert row["sources"].splitlines() == ["甲。 (news/2026-03.md:100-108)", "乙。 (news/2026-03.md:300-305)"]


def test_lines_end_in_crlf_and_there_is_no_bom_by_default() -> None:
    data = render_csv(make_timeline())
    assert data.startswith(b"id,start,end,")
    assert data.split(b"\n")[0].endswith(b"\r")
    assert data.endswith(b"\r\n")


def test_formula_cells_are_neutralised() -> None:
    row = _by_id(render_csv(make_timeline()))["ev-formula"]
    assert row["title"] == "'=HYPERLINK(\"http://evil\")"
    assert row["summary"] == "'+1 成员; -2 议题"
    assert row["place"] == "'@会场"
    assert row["sources"].startswith("'=HYPERLINK")
    assert _by_id(render_csv(make_timeline()))["ev-markdown"]["title"].startswith("# 不是标题")


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_gets_a_quote(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["2024-04-16", "科协", "", "'already", " =x"])
def test_ordinary_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_excel_variant_is_the_same_text_after_a_bom() -> None:
    plain = render_csv(make_timeline())
    excel = render_csv(make_timeline(), excel=True)
    assert excel.startswith(b"\xef\xbb\xbf")
    assert excel[3:] == plain
    assert excel.decode("utf-8-sig") == plain.decode("utf-8")


def test_no_events_gives_just_the_header() -> None:
    assert render_csv(make_timeline(events=())) == (",".join(COLUMNS) + "\r\n").encode()
