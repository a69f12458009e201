"""Splitting a page into articles (timeline/articles.py): line kinds, spans into the raw text, titles."""

from __future__ import annotations

import pytest
from build_fixtures import (
    BODY_1,
    BODY_2,
    BYLINE_1,
    BYLINE_2,
    HEADING_1,
    HEADING_2,
    LETTER,
    LETTER_DATE,
    LETTER_SIGNER,
    TWO_REPORTS,
)

from timeline.articles import LineKind, classify_line, read_lines, split_articles, title_of
from timeline.model import ArticleSpan
from timeline.repair import repair_text


def split(text: str, body_start: int = 0) -> list[ArticleSpan]:
    return split_articles("page.txt", repair_text(text), body_start)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("首页 > 新闻 > 科协动态", LineKind.FURNITURE),
        ("责任编辑：陈晓", LineKind.FURNITURE),
        ("版权所有：茂名市科学技术协会", LineKind.FURNITURE),
        ("2024年4月16日", LineKind.SIGNATURE),
        ("二〇二四年四月十六日", LineKind.SIGNATURE),
        ("贺 信", LineKind.GENRE),
        ("本报讯 4月10日，市科协召开座谈会。", LineKind.LEAD),
        ("记者 李明 通讯员 王芳", LineKind.BYLINE),
        ("▲专家在化州企业调研。", LineKind.CAPTION),
        ("活动现场 市科协供图", LineKind.CAPTION),
        ("市科协召开科技工作者座谈会", LineKind.HEADING),
        ("座谈会上，代表们围绕科技成果转化、青年人才培养等话题踊跃发言，提出意见建议二十余条。", LineKind.PROSE),
    ],
)
def test_classify_line(line: str, kind: LineKind) -> None:
    assert classify_line(line) is kind


def test_read_lines_skips_blank_lines_and_strips_with_offsets() -> None:
    text = "  市科协召开座谈会  \n\n\t本报讯 4月10日，市科协召开座谈会。\n"
    lines = read_lines(text)
    assert [line.text for line in lines] == ["市科协召开座谈会", "本报讯 4月10日，市科协召开座谈会。"]
    assert [line.kind for line in lines] == [LineKind.HEADING, LineKind.LEAD]
    for line in lines:
        assert text[line.start : line.end] == line.text
    assert read_lines(text, text.index("本报讯"))[0].kind is LineKind.LEAD
    assert len(read_lines(text, text.index("本报讯"))) == 1


def test_two_reports_with_leads_and_bylines() -> None:
    articles = split(TWO_REPORTS)
    assert [a.title for a in articles] == [HEADING_1, HEADING_2]
    assert [a.index for a in articles] == [1, 2]
    first, second = (TWO_REPORTS[a.start : a.end] for a in articles)
    assert first == f"{HEADING_1}\n{BODY_1}\n{BYLINE_1}"
    assert second == f"{HEADING_2}\n{BODY_2}\n{BYLINE_2}"
    assert articles[0].heading_end == TWO_REPORTS.index(HEADING_1) + len(HEADING_1)


def test_breadcrumb_before_the_first_article_is_outside() -> None:
    first = split(TWO_REPORTS)[0]
    assert first.start == TWO_REPORTS.index(HEADING_1)
    assert "首页" not in TWO_REPORTS[first.start : first.end]


def test_reports_without_leads_split_at_the_closing_byline() -> None:
    body_1 = BODY_1.removeprefix("本报讯 ")
    body_2 = BODY_2.removeprefix("本报讯 ")
    page = f"{HEADING_1}\n{body_1}\n{BYLINE_1}\n\n{HEADING_2}\n{body_2}\n{BYLINE_2}\n"
    articles = split(page)
    assert [a.title for a in articles] == [HEADING_1, HEADING_2]
    assert page[articles[0].start : articles[0].end].endswith(BYLINE_1)
    assert articles[1].start == page.index(HEADING_2)


def test_letter_ends_at_its_signature_date_and_leaves_credits_and_footer_outside() -> None:
    [letter] = split(LETTER)
    text = LETTER[letter.start : letter.end]
    assert text.startswith("贺 信")
    assert text.endswith(f"{LETTER_SIGNER}\n{LETTER_DATE}")
    assert "责任编辑" not in text and "版权所有" not in text
    assert letter.title == f"贺信（{LETTER_SIGNER}）"


def test_letter_after_a_report_is_an_article_of_its_own() -> None:
    page = f"{HEADING_1}\n{BODY_1}\n\n{LETTER}"
    report, letter = split(page)
    assert page[report.start : report.end].endswith(BODY_1[-20:])
    assert letter.start == page.index("贺 信")
    assert page[letter.end - len(LETTER_DATE) : letter.end] == LETTER_DATE


def test_a_plain_article_without_headings_is_one_article_covering_the_text() -> None:
    text = (
        "\n今年以来，市科协围绕全市中心工作，组织开展科普进社区、进校园、进农村活动四十余场，受益群众超过两万人次。\n"
        "下一步，市科协将继续深化全域科普工作，推动科普资源向基层延伸。\n\n"
    )
    [article] = split(text)
    assert (article.start, article.end) == (1, len(text.rstrip()))
    assert article.index == 1


def test_an_empty_page_has_no_articles() -> None:
    assert split(" \n\n\t\n") == []


def test_main_title_and_dash_subtitle_are_joined_and_a_caption_is_not_in_the_title() -> None:
    page = (
        "院士专家服务团深入企业开展技术攻关\n"
        "——茂名市科协助力县域产业高质量发展纪实\n"
        "▲专家团在化州企业调研。 通讯员 林芳 摄\n"
        "本报讯 近日，广东省院士专家服务团来到茂名，深入多家企业开展技术攻关活动。活动期间，专家们与企业技术骨干"
        "面对面交流，现场解答技术难题。\n"
    )
    [article] = split(page)
    assert article.title == "院士专家服务团深入企业开展技术攻关——茂名市科协助力县域产业高质量发展纪实"
    assert article.start == 0


def test_a_credit_caption_between_two_reports_opens_neither_title() -> None:
    page = (
        f"{HEADING_1}\n{BODY_1}\n\n"
        "活动现场 市科协供图\n"
        f"{HEADING_2}\n{BODY_2}\n"
    )
    first, second = split(page)
    assert second.title == HEADING_2
    assert second.start == page.index(HEADING_2)
    assert "供图" not in first.title + second.title


def test_title_of_a_genre_heading_takes_the_signer() -> None:
    lines = read_lines(repair_text(LETTER).text)
    assert title_of(lines) == f"贺信（{LETTER_SIGNER}）"
    assert title_of([]) == ""


def test_front_matter_before_body_start_is_not_read() -> None:
    front = "---\ntitle: 座谈会\nsource: 茂名日报\n---\n"
    page = front + TWO_REPORTS
    articles = split(page, len(front))
    assert [a.title for a in articles] == [HEADING_1, HEADING_2]
    assert all(a.start >= len(front) for a in articles)
    assert articles[0].start == page.index(HEADING_1)


def test_offsets_index_the_raw_text_with_crlf_line_endings() -> None:
    page = TWO_REPORTS.replace("\n", "\r\n")
    first, second = split(page)
    assert page[first.start : first.end] == f"{HEADING_1}\r\n{BODY_1}\r\n{BYLINE_1}"
    assert page[second.start : second.end] == f"{HEADING_2}\r\n{BODY_2}\r\n{BYLINE_2}"
    assert page[first.start : first.heading_end] == HEADING_1


def double(*chunks: str) -> str:
    """Text as some PDF extractors give it: every run written twice (``44月月1010日日，，``), spaces once."""
    return "".join(chunk if chunk.isspace() else chunk * 2 for chunk in chunks)


def test_offsets_index_the_raw_text_of_pdf_doubled_lines() -> None:
    lead_1 = ("本报讯", " ", "4", "月", "10", "日", "，", "市科协在市委党校召开全市科技工作者代表座谈会", "。")
    lead_2 = ("本报讯", " ", "4", "月", "12", "日", "，", "广东省院士专家服务团走进化州市开展技术指导", "。")
    page = f"{double(HEADING_1)}\n{double(*lead_1)}\n\n{double(HEADING_2)}\n{double(*lead_2)}\n"
    first_clean = f"{HEADING_1}\n{''.join(lead_1)}"
    second_clean = f"{HEADING_2}\n{''.join(lead_2)}"
    repaired = repair_text(page)
    assert repaired.text == f"{first_clean}\n\n{second_clean}\n"  # the doubling is undone
    first, second = split_articles("page.txt", repaired)
    assert [first.title, second.title] == [HEADING_1, HEADING_2]
    assert (first.start, second.start) == (0, page.index(double(HEADING_2)))
    assert repair_text(page[first.start : first.end]).text == first_clean
    assert repair_text(page[second.start : second.end]).text == second_clean
    assert page[first.start : first.heading_end] == HEADING_1
    assert page[second.start : second.heading_end] == HEADING_2


def test_a_caption_above_the_first_heading_is_not_the_start_of_the_article() -> None:
    heading = "2024年全市科普活动月在茂南区启动"
    page = f"▲活动现场。市科协供图\n{heading}\n本报讯 5月18日，全市科普活动月启动仪式在茂南区举行。\n"
    [article] = split(page)
    assert article.title == heading
    assert article.start == page.index(heading)
    assert article.heading_end == page.index(heading) + len(heading)
