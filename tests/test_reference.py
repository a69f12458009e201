"""Each article's reference date with its basis (timeline/reference.py), alone and through the build."""

from __future__ import annotations

import pytest
from build_fixtures import LETTER, build, mentions_of, news, source

from timeline.model import FileMeta
from timeline.reference import (
    NO_BASIS,
    ArticleEvidence,
    Evidence,
    choose,
    choose_all,
    dateline_evidence,
    user_evidence,
    year_evidence,
)

TITLE_2024 = Evidence("2024", "year stated in the title (2024年)", 0.85)
STATED_2023 = Evidence("2023", "latest year the article states for its events (2023年)", 0.7)


def years(text: str, title_end: int = 0) -> list[str]:
    return [e.date for e in year_evidence(text, title_end, mentions_of(text))]


# ---- datelines and signatures ----------------------------------------------------------------------------------


def test_signature_date_closing_a_letter_dates_it() -> None:
    evidence = dateline_evidence(LETTER.split("责任编辑")[0])
    assert evidence is not None
    assert evidence.date == "2024-04-16"
    assert "signature" in evidence.basis and "2024年4月16日" in evidence.basis
    assert evidence.confidence > 0.9


def test_signature_date_in_chinese_numerals() -> None:
    letter = "感谢信\n\n茂名市科协：\n衷心感谢贵会对我校科技节的大力支持！\n茂名市第一中学\n二〇二三年十一月八日\n"
    evidence = dateline_evidence(letter)
    assert evidence is not None and evidence.date == "2023-11-08"


def test_published_dateline_at_the_top_of_a_web_page() -> None:
    page = (
        "市科协召开九届二次常委会议\n发布时间：2024-04-16 10:30  来源：茂名市科协\n"
        "4月15日，市科协召开九届二次常委会议，传达学习省科协全委会精神。\n"
    )
    evidence = dateline_evidence(page)
    assert evidence is not None
    assert evidence.date == "2024-04-16"
    assert evidence.basis.startswith("dateline") and "2024-04-16" in evidence.basis


def test_a_date_inside_the_prose_is_no_dateline() -> None:
    assert dateline_evidence("市科协召开常委会议\n会议于2024年4月16日在市科协会议室召开，审议有关事项。\n") is None


# ---- candidate years -------------------------------------------------------------------------------------------


def test_years_stated_for_events_and_in_the_title_are_evidence() -> None:
    text = "2023年科普活动月启动\n2023年5月，市科协举办科普活动月。2022年，市科协承办省科普讲解大赛。"
    evidence = year_evidence(text, text.index("\n"), mentions_of(text))
    assert [(e.date, e.confidence) for e in evidence] == [("2023", 0.85), ("2023", 0.7), ("2022", 0.7)]
    assert "title" in evidence[0].basis


@pytest.mark.parametrize(
    "text",
    [
        "到2035年，我市将基本建成科技创新强市。",
        "围绕2035年远景目标，市科协制定全民科学素质提升工作方案。",
        "市科协印发《茂名市全民科学素质行动规划纲要实施方案（2021—2025年）》，部署各项任务。",
    ],
    ids=["target", "vision", "document-validity"],
)
def test_forward_looking_years_are_not_evidence(text: str) -> None:
    assert mentions_of(text), "the engine should still find the year"
    assert years(text) == []


def test_a_forward_looking_year_does_not_date_the_article_in_a_build() -> None:
    body = "2023年，市科协举办科普讲解大赛。到2035年，我市公民具备科学素质比例将大幅提升。"
    timeline = build(news("市科协部署全民科学素质工作", body))
    assert timeline.articles[0].reference_date == "2023"


# ---- choosing ----------------------------------------------------------------------------------------------------


def test_user_metadata_wins_over_everything() -> None:
    given = user_evidence(FileMeta(date="2022-06-01", date_origin="--ref"))
    assert given == Evidence("2022-06-01", "given in --ref", 1.0)
    evidence = ArticleEvidence(given, (TITLE_2024,))
    assert choose(evidence, [Evidence("2025-01-01", "signature date 2025年1月1日", 0.95)]) == given
    assert user_evidence(FileMeta()) is None


def test_user_metadata_beats_a_signature_date_in_a_build() -> None:
    timeline = build(source("letter.txt", LETTER, date="2024-05-01"))
    [letter] = timeline.articles
    assert letter.reference_date == "2024-05-01"
    assert letter.reference_basis == "given in front matter"
    assert letter.confidence == 1.0


def test_a_signature_date_dates_a_letter_in_a_build() -> None:
    [letter] = build(LETTER).articles
    assert letter.reference_date == "2024-04-16"
    assert "signature" in letter.reference_basis


def test_title_year_beats_nothing_and_lower_years() -> None:
    assert choose(ArticleEvidence(None, (TITLE_2024,)), []) == TITLE_2024
    assert choose(ArticleEvidence(None, (STATED_2023, TITLE_2024)), []) == TITLE_2024
    same_year = Evidence("2024", "latest year the article states for its events (2024年5月)", 0.7)
    assert choose(ArticleEvidence(None, (same_year, TITLE_2024)), []) == TITLE_2024  # the more confident


def test_title_year_in_a_build() -> None:
    body = "5月18日，全市科普活动月启动仪式在茂南区举行。2023年，全市举办科普活动三百余场。"
    timeline = build(news("2024年全市科普活动月启动", body))
    [article] = timeline.articles
    assert article.reference_date == "2024"
    assert article.reference_basis == "year stated in the title (2024年)"


def test_choose_all_gives_an_undated_article_its_page_mates_year() -> None:
    chosen = choose_all({
        ("page.txt", 1): ArticleEvidence(None, (TITLE_2024,)),
        ("page.txt", 2): ArticleEvidence(None, ()),
        ("other.txt", 1): ArticleEvidence(None, ()),
    })
    mate = chosen[("page.txt", 2)]
    assert mate is not None
    assert mate.date == "2024"
    assert "same page" in mate.basis
    assert mate.confidence < TITLE_2024.confidence
    assert chosen[("page.txt", 1)] == TITLE_2024
    assert chosen[("other.txt", 1)] is None  # another file is not a page-mate


def test_a_page_mate_dates_the_relative_dates_of_an_undated_report() -> None:
    page = (
        "2024年科技活动周开幕\n本报讯 5月18日，2024年全市科技活动周在市科技馆开幕。\n\n"
        "科普大篷车进乡村\n本报讯 5月20日，市科协组织科普大篷车走进高州市根子镇，为村民送去科普展品。\n"
    )
    timeline = build(page)
    assert [a.reference_date for a in timeline.articles] == ["2024", "2024"]
    assert "same page" in timeline.articles[1].reference_basis
    assert [e.start for e in timeline.events] == ["2024-05-18", "2024-05-20"]


def test_an_article_with_no_evidence_gets_none() -> None:
    assert choose(ArticleEvidence(None, ()), []) is None
    timeline = build(news("科普大篷车进乡村", "5月20日，市科协组织科普大篷车走进高州市根子镇，为村民送去科普展品。"))
    [article] = timeline.articles
    assert article.reference_date is None
    assert article.reference_basis == NO_BASIS
    assert article.confidence == 0.0
    assert timeline.events == ()
