"""Edition series learned from the corpus (timeline/series.py): 第39届X in 2024 dates 第41届X to 2026."""

from __future__ import annotations

from build_fixtures import build, mentions_of, news

from timeline.dates.model import Mention
from timeline.series import SeriesPoint, edition_year, find_editions, inferred_mentions, learn_series

CONTEST = "广东省青少年科技创新大赛"
AWARD = f"在第41届{CONTEST}中，信宜学子凭借“山楂叶高值化利用”项目荣获省科协主席奖。"
TAUGHT = f"2024年3月，我市组织62名学生参加第39届{CONTEST}，获一等奖3项、二等奖5项。"


def learn(*texts: str) -> tuple[SeriesPoint, ...]:
    return learn_series((text, mentions_of(text)) for text in texts)


def inferred(text: str, points: tuple[SeriesPoint, ...]) -> list[Mention]:
    return inferred_mentions(text, mentions_of(text), points)


def test_a_year_before_an_edition_in_its_clause_teaches_the_series() -> None:
    assert learn(TAUGHT) == (SeriesPoint(CONTEST, 39, 2024),)


def test_a_year_in_another_sentence_teaches_nothing() -> None:
    assert learn(f"2024年3月，市科协召开全委会。我市学生参加第39届{CONTEST}。") == ()


def test_a_later_edition_elsewhere_is_inferred() -> None:
    text = AWARD
    [mention] = inferred(text, learn(TAUGHT))
    assert (mention.start_date, mention.end_date, mention.precision) == ("2026", "2026", "year")
    assert mention.basis == "inferred"
    assert mention.text == f"第41届{CONTEST}"
    assert text[mention.start : mention.end] == mention.text


def test_chinese_numeral_editions() -> None:
    points = learn(f"2024年，我市学生参加第三十九届{CONTEST}，获奖8项。")
    assert points == (SeriesPoint(CONTEST, 39, 2024),)
    [mention] = inferred(f"我市学生在第四十一届{CONTEST}中获一等奖2项。", points)
    assert mention.start_date == "2026"
    assert [e.number for e in find_editions("第十届全市科普讲解大赛与第135届中国进出口商品交易会")] == [10, 135]


def test_a_name_that_ends_the_learned_one_is_the_same_series() -> None:
    [mention] = inferred("我市学生在第41届省青少年科技创新大赛中获一等奖2项。", learn(TAUGHT))
    assert mention.start_date == "2026"
    assert edition_year(find_editions(f"第40届{CONTEST}")[0], (SeriesPoint("省青少年科技创新大赛", 39, 2024),)) == 2025


def test_another_series_is_not_inferred() -> None:
    assert inferred("我市学生在第41届全国青少年科技创新大赛中获一等奖2项。", learn(TAUGHT)) == []


def test_points_that_disagree_give_no_inference() -> None:
    points = learn(TAUGHT, f"2023年，我市组织学生参加第39届{CONTEST}。")
    assert len(points) == 2
    assert inferred(f"我市学生在第41届{CONTEST}中获奖。", points) == []


def test_an_edition_with_its_own_year_before_it_is_not_re_inferred() -> None:
    assert inferred(f"2025年，我市学生参加第41届{CONTEST}，获奖5项。", learn(TAUGHT)) == []


def test_an_edition_with_its_own_year_after_it_is_not_re_inferred() -> None:
    assert inferred(f"第41届{CONTEST}于2025年12月在广州举行，我市学生获奖5项。", learn(TAUGHT)) == []


def test_the_build_dates_an_undated_report_by_the_series_of_another_file() -> None:
    timeline = build(
        news("我市学子科创成果丰硕", TAUGHT),
        news("信宜学子获省科协主席奖", AWARD),
    )
    second = timeline.articles[1]
    assert second.reference_date == "2026"
    assert second.reference_basis.startswith("inferred from 第41届")
    assert any(e.start == "2026" and e.sources[0].file == "1.txt" for e in timeline.events)


def test_without_the_teaching_file_the_edition_stays_undated() -> None:
    timeline = build(news("信宜学子获省科协主席奖", AWARD))
    assert timeline.articles[0].reference_date is None
    assert timeline.events == ()
