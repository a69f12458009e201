"""Which mentions date a happening, event titles and places, and merging reports (events.py, merge.py),
checked through ``build_timeline`` on small synthetic files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from build_fixtures import build, events_on, news, one_event, source

from timeline.events import find_place
from timeline.merge import names

DATE_IN_TITLE = re.compile(r"\d+\s*[年月日]|[今去明]年")
MEETING = "2024年3月，市科协召开九届三次全委会，审议通过年度工作要点。"
LAUNCH = "2024年4月10日，院士专家茂名行活动在高州市启动，十余位院士专家走进荔枝种植基地开展技术指导。"
LAUNCH_AGAIN = "2024年4月10日，院士专家茂名行活动在高州市正式启动，院士专家深入荔枝种植基地开展技术指导。"
ROBOTS = "2024年4月10日，全市中小学生机器人竞赛在茂名科技馆落幕，三十支代表队同场角逐。"
TRAINING = "市科协在市委党校举办全市学会秘书长培训班"
VISIT = "市青少年科技教育协会组织中学生参观茂名科技馆机器人展览"
WORKERS_DAY = (
    "2024年以来，市科协持续开展弘扬科学家精神系列活动。每年5月30日是全国科技工作者日。"
    "今年5月30日，市科协在市会展中心举办庆祝活动，表彰一批优秀科技工作者。"
)
SALONS = (
    "2026年4月至5月，市科协举办科技社团系列沙龙活动。4月23日，沙龙首站走进深圳乐维医学科技有限公司。"
    "5月21日，沙龙第二场走进深圳理工大学，与师生交流细胞治疗前沿技术。"
)


def assert_good_title(title: str) -> None:
    assert 4 <= len(title) <= 30, title
    assert not DATE_IN_TITLE.search(title), title


@pytest.mark.parametrize(
    "sentence",
    [
        "2025年共获全国、省级奖项286项，开展院士专家校园行61场次。",
        "全市科技工作者总数较2019年增长35%，高层次人才数量翻了一番。",
        "截至2023年底，全市共有省级科普教育基地42个。",
        "今年将重点对接粤港澳大湾区高校院所，引进一批高层次科技人才。",
        "“十四五”以来，市科协累计举办各类学术交流活动120场。",
        "近两年，全市新增院士专家工作站5家、博士工作站11家。",
        "到2035年，全市公民具备科学素质的比例将达到25%。",
    ],
    ids=["statistic", "comparison", "tally", "plan", "plan-period", "vague", "target"],
)
def test_sentences_that_date_no_happening_give_no_event(sentence: str) -> None:
    timeline = build(news("市科协工作综述", MEETING + sentence))
    assert [(e.start, e.title) for e in timeline.events] == [("2024-03", "市科协召开九届三次全委会")]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("2024年4月10日，省科协调研组赴信宜市开展乡村科普工作调研。", "信宜市"),
        ("2024年4月23日，市科协组织专家走进广东粤西新材料科技有限公司开展技术对接。", "广东粤西新材料科技有限公司"),
        ("2024年5月18日，全市科普工作会议在市委党校举办，各县区科协负责人参加会议。", "市委党校"),
    ],
    ids=["fu", "zoujin", "zai-juban"],
)
def test_a_dated_visit_has_a_short_title_without_its_date_and_a_place(sentence: str, place: str) -> None:
    [event] = build(news("科协动态", sentence)).events
    assert event.precision == "day"
    assert_good_title(event.title)
    assert event.place == place
    assert event.sources[0].quote == sentence


def test_a_long_happening_is_cut_to_thirty_characters() -> None:
    sentence = ("2024年4月10日，市科协联合市教育局、市科技局、团市委、市妇联在市科技馆举办全市青少年科技创新大赛"
                "暨科技辅导员能力提升培训班开班仪式，全市近三百名师生参加。")
    [event] = build(news("科协动态", sentence)).events
    assert_good_title(event.title)
    assert event.title.startswith("市科协联合市教育局")  # the happening's own clause, cut


def test_the_same_day_in_two_files_with_similar_sentences_is_one_event() -> None:
    timeline = build(
        news("院士专家茂名行活动启动", "本报讯 " + LAUNCH),
        news("专家团走进高州", LAUNCH_AGAIN),
    )
    event = one_event(timeline, "2024-04-10")
    assert sorted(c.file for c in event.sources) == ["0.txt", "1.txt"]
    assert len(timeline.events) == 1


def test_the_same_day_in_two_files_with_unrelated_sentences_is_two_events() -> None:
    timeline = build(
        news("院士专家茂名行活动启动", LAUNCH),
        news("青少年机器人竞赛落幕", ROBOTS),
    )
    assert len(events_on(timeline, "2024-04-10")) == 2


SYMPOSIUM = "2024年5月30日，{city}科协举办科技工作者日座谈会，50名科技工作者参加。"


def test_the_same_meeting_on_the_same_day_in_two_cities_is_two_events() -> None:
    timeline = build(
        news("茂名市科协举办座谈会", "本报讯 " + SYMPOSIUM.format(city="茂名市")),
        news("湛江市科协举办座谈会", "本报讯 " + SYMPOSIUM.format(city="湛江市")),
        news("座谈会侧记", "本报讯 " + SYMPOSIUM.format(city="茂名市").replace("50名", "近百名")),
    )
    events = events_on(timeline, "2024-05-30")
    assert len(events) == 2
    by_city = {e.title[:3]: sorted(c.file for c in e.sources) for e in events}
    assert by_city == {"茂名市": ["0.txt", "2.txt"], "湛江市": ["1.txt"]}


def test_a_report_that_names_no_place_joins_one_that_does() -> None:
    timeline = build(
        news("茂名市科协举办座谈会", "本报讯 " + SYMPOSIUM.format(city="茂名市")),
        news("座谈会举行", "本报讯 " + SYMPOSIUM.format(city="市")),
    )
    assert len(events_on(timeline, "2024-05-30")) == 1


def test_a_report_that_names_no_place_does_not_bridge_two_that_name_different_ones() -> None:
    # The report naming none comes first, so comparing pairs alone would join it to both named ones.
    timeline = build(
        news("座谈会举行", "本报讯 " + SYMPOSIUM.format(city="市")),
        news("茂名市科协举办座谈会", "本报讯 " + SYMPOSIUM.format(city="茂名市")),
        news("湛江市科协举办座谈会", "本报讯 " + SYMPOSIUM.format(city="湛江市")),
    )
    events = events_on(timeline, "2024-05-30")
    assert len(events) == 2
    assert sorted(sorted(c.file for c in e.sources) for e in events) == [["0.txt", "1.txt"], ["2.txt"]]


def test_two_organisations_doing_the_same_on_the_same_day_are_two_events() -> None:
    timeline = build(
        news("科技馆开展科普活动", "本报讯 2024年5月18日，市科技馆开展防灾减灾主题科普活动，发放科普资料3000多份。"),
        news("服务中心开展科普活动",
             "本报讯 2024年5月18日，市科技工作者服务中心开展防灾减灾主题科普活动，发放科普资料3000多份。"),
    )
    assert len(events_on(timeline, "2024-05-18")) == 2


@pytest.mark.parametrize(("text", "named"), [
    ("茂名市科协在高州市举办活动", {"茂名", "高州"}),
    ("市科技馆与市科技工作者服务中心、市海智工作站联合举办", {"科技", "服务", "海智"}),
    ("坚持以人民为中心，依托各地科普基地", set()),
    ("广东省科协与上海市、成都市科协签约", {"广东", "上海", "成都"}),
    ("市计算机学会与高校科协、中国科协代表座谈", {"算机", "高校", "中国"}),
    ("市科协举办全市学会秘书长培训班，本市和该县代表参加", set()),
    ("推进城市更新，上市公司和超市", set()),
    ("省市两级科协、区县科协，省科协和市科协", set()),
])
def test_names_a_quote_holds(text: str, named: set[str]) -> None:
    assert names(text) == named


def test_sentences_sharing_only_a_few_words_are_two_events() -> None:
    timeline = build(
        news("科协主席赴阳江对接", "根据安排，市科协主席一行于2018年3月10日赴阳江开展数字经济技术对接。"),
        news("科普讲座", "2018年3月10日，市科协举办科普讲座。"),
    )
    assert len(events_on(timeline, "2018-03-10")) == 2


def test_the_same_agreement_signed_by_two_societies_is_two_events() -> None:
    timeline = build(
        news("计算机学会签约", "早在2015年11月27日，市计算机学会就与珠海市签订了科技合作协议。"),
        news("老科协签约", "早在2015年11月27日，市老科协就与珠海市签订了科技合作协议。"),
    )
    assert len(events_on(timeline, "2015-11-27")) == 2


def test_the_same_day_in_one_article_for_different_happenings_is_two_events() -> None:
    timeline = build(news("市科协一周要闻", f"2024年4月10日，{TRAINING}。同日，{VISIT}。"))
    events = events_on(timeline, "2024-04-10")
    assert len(events) == 2
    assert {e.title for e in events} == {TRAINING, VISIT}


def test_an_approximate_day_beside_a_precise_one_is_one_event() -> None:
    timeline = build(news(
        "科普进校园",
        "2024年5月27日，恰逢六一儿童节前夕，市科协组织科普志愿者走进茂南区新华小学开展科普进校园活动。",
    ))
    event = one_event(timeline, "2024-05-27")
    assert len(timeline.events) == 1
    assert not events_on(timeline, "2024-06-01")
    assert not event.approximate
    assert_good_title(event.title)


def test_a_yearly_rule_and_this_years_occurrence_are_one_event() -> None:
    event = one_event(build(news("致敬科技工作者", WORKERS_DAY)), "2024-05-30")
    assert event.recurrence == "FREQ=YEARLY"
    assert len(event.sources) == 2
    assert_good_title(event.title)


def test_steps_of_a_month_range_link_to_the_range() -> None:
    timeline = build(news("2026年科技社团沙龙走进企业", SALONS))
    series = one_event(timeline, "2026-04")
    assert (series.end, series.precision, series.parent) == ("2026-05", "month", None)
    steps = [e for e in timeline.events if e.parent == series.id]
    assert sorted(e.start for e in steps) == ["2026-04-23", "2026-05-21"]
    assert {e.place for e in steps} == {"深圳乐维医学科技有限公司", "深圳理工大学"}
    assert_good_title(series.title)


def test_a_relative_date_in_an_undated_article_is_unresolved_not_guessed() -> None:
    timeline = build(news("科普活动回顾", "今年3月，市科协在茂名科技馆举办青少年机器人竞赛，全市二十余所学校参加。"))
    assert timeline.events == ()
    [unresolved] = timeline.unresolved
    assert unresolved.text == "今年3月"
    assert unresolved.reason
    assert "reference" in unresolved.reason
    raw = timeline.articles[0]
    assert unresolved.file == raw.file and unresolved.article == raw.index


IDS_A = news("院士专家茂名行活动启动", LAUNCH)
IDS_B = news("科技社团沙龙", "2026年4月至5月，市科协举办科技社团系列沙龙活动。4月23日，沙龙首站走进深圳理工大学。")
UNRELATED = news("科普大篷车进乡村", "2023年6月8日，市科协组织科普大篷车走进化州市平定镇，为村民送去科普展品。")


def test_ids_are_stable_across_builds_and_when_an_unrelated_file_is_added() -> None:
    first = build(source("b.txt", IDS_A), source("c.txt", IDS_B))
    again = build(source("b.txt", IDS_A), source("c.txt", IDS_B))
    assert first == again
    ids = {(e.start, e.end): e.id for e in first.events}
    assert len(set(ids.values())) == len(first.events) == 3
    widened = build(source("a.txt", UNRELATED), source("b.txt", IDS_A), source("c.txt", IDS_B))
    assert len(widened.events) == 4
    assert {(e.start, e.end): e.id for e in widened.events if e.start != "2023-06-08"} == ids
    parents = {e.parent for e in widened.events} - {None}
    assert parents == {ids[("2026-04", "2026-05")]}


# ---- known bugs ------------------------------------------------------------------------------------------------


def test_a_heading_directly_above_a_dated_lead_stays_out_of_the_event_title() -> None:
    [event] = build(
        "市科协召开科技工作者座谈会\n本报讯 2024年4月10日，市科协在市委党校召开全市科技工作者代表座谈会。\n记者 李明\n"
    ).events
    assert "本报讯" not in event.title
    assert event.title == "市科协在市委党校召开全市科技工作者代表座谈会"


def test_an_inferred_edition_stays_in_its_event_title() -> None:
    timeline = build(
        news("学子创新成果丰硕", "2024年3月，我市组织学生参加第39届广东省青少年科技创新大赛，获一等奖3项。"),
        news("学子再创佳绩", "近日，第41届广东省青少年科技创新大赛在广州举行，我市学生获一等奖2项。"),
    )
    event = one_event(timeline, "2026")
    assert "广东省青少年科技创新大赛" in event.title


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("4月10日，市科协组织专家走进茂名石化公司开展技术对接活动。", "茂名石化公司"),
        ("4月10日，全市青少年科技创新大赛在市科技馆举办。", "市科技馆"),
        ("4月10日，全市青少年科技创新大赛在茂名市科技馆举办。", "茂名市科技馆"),
    ],
    ids=["company", "short-name", "full-name"],
)
def test_places_people_write(sentence: str, place: str) -> None:
    assert find_place(sentence) == place


def test_a_merge_shared_out_to_processes_gives_the_same_events(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many reports of few dates: value groups above and below the pairwise limit, copies and near-copies.
    from timeline import merge
    from timeline.build import finish_file, read_file

    places = ["市科技馆", "高州市", "化州市", "信宜市", "电白区"]
    verbs = ["举办科普讲座", "开展科技服务", "召开座谈会", "启动科普月活动"]
    sources = []
    for n in range(240):
        sentence = (f"本报讯 {n % 2 + 4}月10日，市科协在{places[n % 5]}{verbs[n % 4]}，"
                    f"{n % 7 + 1}0余名科技工作者参加。2024年以来，此类活动已举办{n % 9 + 2}场。")
        sources.append(source(f"{n:03d}.txt", f"科协动态第{n}期\n\n{sentence}\n"))
    drafts = []
    for item in sources:
        drafts.extend(finish_file(item, read_file(item), ()).drafts)
    serial = merge.merge_drafts(drafts)
    monkeypatch.setattr(merge, "_PARALLEL_FROM", 0)
    assert merge.merge_drafts(drafts, jobs=2) == serial
    assert merge.merge_drafts(drafts, jobs=3) == serial
    by_value = Counter((d.start, d.end, d.precision) for d in drafts)
    assert max(by_value.values()) > merge._SMALL_GROUP  # a value group big enough for the rare-bigram path


_PARTITION_PROBE = """
import json
from timeline.build import build_timeline
from timeline.model import SourceFile

# A report naming no one shares some words with a report of 茂名市科协 and others with one of 湛江市科协: it may
# join either, but not both, and which one must not depend on the string hash of the run.
texts = ["2024年5月30日，本会举办科技工作者座谈会，开展科普志愿服务。",
         "2024年5月30日，茂名市科协举办科技工作者座谈会，50名代表参加。",
         "2024年5月30日，湛江市科协开展科普志愿服务，走进社区。"]
# Enough other reports of that day that its drafts are compared through their rare bigrams, not pairwise.
texts += [f"2024年5月30日，第{n}批青少年在天文馆观看星空展览。" for n in range(80)]
sources = [SourceFile(f"{n:03d}.txt", "报道\\n\\n" + text + "\\n", encoding="utf-8") for n, text in enumerate(texts)]
timeline = build_timeline(sources, name="t")
print(json.dumps(sorted(sorted(c.file for c in e.sources) for e in timeline.events if len(e.sources) < 4)))
"""


def test_which_report_a_bridge_joins_does_not_depend_on_the_string_hash() -> None:
    partitions = set()
    for seed in range(8):
        done = subprocess.run([sys.executable, "-c", _PARTITION_PROBE], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}, check=True)
        partitions.add(done.stdout)
    assert len(partitions) == 1, partitions
    assert json.loads(partitions.pop()) in ([["000.txt", "001.txt"], ["002.txt"]],
                                            [["000.txt", "002.txt"], ["001.txt"]])
