"""Deterministic generator of a synthetic 科协-style Chinese news corpus with planted dates.

The corpus is built for benchmarking ``timeline.dates.find_dates``: it reads like the
science-association news the project parses (市科协举办…, 院士专家…, 科普活动…), plants
date expressions of every form the engine must handle at a realistic density (about one
per 300 characters), and plants number traps that are *not* dates (counts, durations,
ordinals, phone numbers, codes, money, percentages) at a similar density.  Every planted
span is recorded with the value computed here in Python, so the engine can be scored
against it.

Usage::

    python benchmarks/make_corpus.py --mb 20 --seed 1 --out PATH

writes ``PATH`` (UTF-8 text, ``--mb`` megabytes of UTF-8, rounded up to a whole article)
and ``PATH.truth.jsonl``.  From Python::

    from make_corpus import generate
    text, records = generate(n_chars=100_000, seed=1)

Output is a pure function of ``seed`` (a single ``random.Random(seed)``) and size: the same
seed and size give byte-identical files, and a smaller corpus is a prefix of a larger one
with the same seed.

Text layout
-----------
Articles are separated by one blank line (``"\\n\\n"``); inside an article the paragraphs are
separated by a single ``"\\n"``, and the first line is the headline.  The file ends with one
``"\\n"``.  Each article has a reference year (2018–2026), stated explicitly in its headline
or first paragraph.  Expressions without a year (``4月23日``, ``12月``, ``3月上旬``,
``六一儿童节前夕`` …) and relative ones (``今年3月4日``, ``去年12月``) belong to that year.
Expressions with other explicit years (``2018年``, ``2021—2025年``, ``十四五`` …) occur
only in the closing background paragraph, after every year-less expression of the
article, so that "take the year of the nearest preceding year expression" and "take the
article's year" give the same answer everywhere.

Truth file (``PATH.truth.jsonl``)
---------------------------------
JSON lines.  All offsets are Python ``str`` indices (code points) into the decoded text,
``end`` exclusive, so ``text[start:end] == record["text"]``.  Every line has a ``type``:

* line 1, ``{"type": "header", "format": "kxtimeline-bench-corpus", "version": 1,
  "seed": 1, "target_bytes": ..., "ref": "per article", ...}``.  The reference year
  differs between articles, so it is given on each article line (and repeated on each
  date line) instead of once in the header.
* ``{"type": "article", "article": i, "start", "end", "ref": 2024, "title"}``: one per
  article, before its date and trap lines; ``ref`` is the article's year.
* ``{"type": "date", "start", "end", "text", "start_date", "end_date", "precision",
  "form", "article", "ref"}``: one per planted date expression.  ``start_date`` and
  ``end_date`` are ``"YYYY-MM-DD"``, ``"YYYY-MM"`` or ``"YYYY"`` according to
  ``precision`` (``"day"``, ``"month"`` or ``"year"``); ``end_date`` is ``null`` for a
  single point and the inclusive end for a range.  ``form`` names the surface form
  (``ymd``, ``md_range``, ``holiday`` …).  Recurring expressions (``每年5月30日``) carry
  ``"recurrence": "FREQ=YEARLY"`` and the occurrence in the article's year as value.
  Each member of a list (``4月24日至26日、5月9日至10日``) is its own line.
  Holidays take the holiday's day in the article's year whatever the modifier
  (``国庆节期间`` → ``YYYY-10-01``), as in the project's gold key; ``3月上旬`` is the
  day range 1–10, ``上半年`` the month range 01–06, ``十四五`` the year range 2021–2025.
* ``{"type": "trap", "start", "end", "text", "form", "article"}``: a planted span that
  is not a date (``form``: count, duration, ordinal, phone, code, money, percent, wan,
  area, name).

:func:`generate` returns the text and the article, date and trap records (no header), in
text order.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "kxtimeline-bench-corpus"
VERSION = 1
YEARS = range(2018, 2027)
ARTICLE_SEP = "\n\n"


def _words(s: str) -> tuple[str, ...]:
    """Split a space-separated word list."""
    return tuple(s.split())


# --------------------------------------------------------------------------- vocabulary
# None of these contains a digit or a time word: every date-like span in the corpus is a
# planted date or a planted trap.
CITIES = _words("茂名 深圳 广州 佛山 湛江 江门 肇庆 惠州 珠海 汕头 韶关 清远 阳江 云浮 梅州 河源 中山 东莞 揭阳 潮州")
ORGS = _words(
    "市科协 省科协 区科协 县科协 市科技馆 市青少年科技中心 市老科协 市医学会 市农学会 市计算机学会 "
    "市机械工程学会 高校科协 企业科协 市科普教育基地联盟 市科技工作者服务中心 市海智工作站"
)
EVENTS = _words(
    "院士专家地方行活动 科普大讲堂 科技志愿服务活动 青少年科学调查体验活动 科技助力乡村振兴培训班 "
    "科普讲解大赛 科学家精神报告会 创新方法培训班 院士专家企业行活动 科技成果对接会 "
    "海智计划专家座谈会 科普进校园活动 科普大篷车巡展 应急科普宣传活动 心理健康科普讲座 "
    "智慧农业现场观摩会 干细胞创新沙龙 科技社团秘书长沙龙 科创中国科技服务团对接活动"
)
CONTESTS = _words(
    "青少年机器人竞赛 科普讲解大赛 青少年科技模型竞赛 科学实验展演汇演 科技创新成果展 科普微视频大赛 "
    "少年科学院小院士评选"
)
VENUES = _words(
    "市科技馆报告厅 市民文化中心 高新区创新中心 市青少年宫 市委党校 县人民医院 镇文化站 实验学校 "
    "科技园会议中心 农业科技示范基地 大学城图书馆 科普教育基地 市民广场"
)
PLACES = _words("乡村振兴示范村 产业园区 社区 中小学校 企业车间 荔枝种植基地 海洋牧场 镇街科协 卫生院 农业专业合作社")
PERSONS = _words(
    "中国科学院院士 中国工程院院士 省科协领导 高校教授 科普专家 企业技术负责人 市科协主席 "
    "市科协党组书记 科技特派员 资深科普志愿者"
)
FIELDS = _words(
    "人工智能 生物医药 新能源 新材料 现代农业 海洋经济 数字经济 石油化工 荔枝种植 低空经济 干细胞 "
    "智能制造 电子信息 绿色低碳 精准医疗 现代种业"
)
THEMES = _words(
    "弘扬科学家精神 科技助力乡村振兴 科学素质提升 防灾减灾 健康生活 节约用水 反对伪科学 网络安全 食品安全 垃圾分类"
)
WHO = _words("科技工作者 青少年 群众 师生 企业代表 志愿者 基层医生 农户")

# Sentences without any slot that makes a date or a trap.
FILLERS = (
    "{ORG}坚持党建引领，持续夯实基层服务根基，精准对接县域产业发展需求。",
    "活动现场，{PERSON}围绕{FIELD}前沿进展作专题报告，深入浅出地讲解了相关科学原理。",
    "与会人员纷纷表示，此次活动内容丰富、形式新颖，既开阔了视野，又增长了见识。",
    "{ORG}将继续发挥桥梁纽带作用，团结引领广大科技工作者投身创新实践。",
    "据悉，此次活动由{ORG}主办，{ORG}承办，{CITY}市多家学会协办。",
    "专家们深入{PLACE}一线，现场把脉问诊，为企业和农户解决技术难题。",
    "活动通过展板展示、互动体验、现场答疑等方式，向{WHO}普及{FIELD}知识。",
    "{CITY}市积极搭建产学研合作平台，推动科技成果在本地转化落地。",
    "座谈会上，双方围绕{FIELD}领域的技术攻关和人才培养进行了深入交流。",
    "{ORG}负责人表示，将以此次活动为契机，进一步提升全民科学素质。",
    "在互动环节，同学们踊跃提问，专家们耐心解答，现场气氛热烈。",
    "{ORG}把科协触角延伸到县域产业最前沿，打通服务科技工作者的“最后一公里”。",
    "此次活动充分发挥了院士专家的智力优势，为{CITY}{FIELD}产业发展注入了新动能。",
    "{PERSON}在致辞中充分肯定了{ORG}在{THEME}方面所做的工作。",
    "各参赛选手精心准备、沉着应对，充分展示了扎实的科学素养和良好的精神风貌。",
    "科技志愿者们走村入户，发放科普资料，讲解{THEME}常识。",
    "通过“请进来”与“走出去”相结合，{ORG}不断拓宽对外科技交流合作渠道。",
    "活动得到了社会各界的广泛关注和积极参与，取得了良好的社会反响。",
    "{ORG}聚焦{FIELD}等重点产业，组织专家团队开展技术咨询和成果对接。",
    "{ORG}将聚焦服务科技经济融合发展，持续擦亮“科创中国”品牌。",
    "专家团队实地考察了{PLACE}，详细了解{FIELD}技术推广应用情况。",
    "{CITY}市科协积极推动学会、高校、企业协同创新，构建开放合作的创新生态。",
    "孩子们在科技辅导员的带领下动手实践，亲身感受科学的魅力。",
    "参会代表围绕{THEME}建言献策，提出了许多有针对性的意见建议。",
    "{ORG}创新服务方式，推动优质科普资源向基层延伸、向农村覆盖。",
    "活动还设置了{FIELD}成果展区，吸引众多市民驻足观看。",
    "{PERSON}勉励青年科技人才勇攀科学高峰，在服务地方发展中建功立业。",
    "各级科协组织密切配合，形成了上下联动、协同推进的良好工作格局。",
    "{ORG}以精准服务为抓手，以人才引育为核心，以平台搭建为支撑，持续激活县域创新动能。",
    "讲座结束后，{PERSON}还与{WHO}面对面交流，现场解答了大家关心的热点问题。",
    "该平台汇聚了一批{FIELD}领域的高层次人才，成为推动产业升级的重要力量。",
    "{CITY}市将常态化开展院士专家行活动写入政府工作报告，科创服务品牌效应持续凸显。",
    "志愿者们通过趣味实验、科普游戏等形式，让{WHO}在玩中学、在学中思。",
    "{ORG}精心组织、周密部署，确保各项活动有序开展、取得实效。",
    "现场还设置了科普咨询台，专家们为{WHO}提供一对一咨询服务。",
    "与会专家围绕{FIELD}技术路线、市场前景等问题展开研讨，达成多项合作意向。",
    "{ORG}着力打造一支懂技术、善沟通、乐奉献的科普志愿者队伍。",
    "活动以“{THEME}”为主题，内容涵盖科学讲座、展览展示、互动体验等多个板块。",
    "{PERSON}指出，科技创新是发展新质生产力的核心要素，要加快推动科技成果转化。",
    "此次对接活动为企业与高校院所搭建了沟通桥梁，促成了一批合作项目落地。",
    "{CITY}市各级学会发挥专业优势，组织会员深入基层开展科技服务。",
    "大家表示，将把所学所获运用到实际工作中，为地方高质量发展贡献力量。",
    "{ORG}注重发挥典型示范作用，广泛宣传优秀科技工作者的先进事迹。",
    "展区内，{FIELD}相关的新技术、新产品集中亮相，引来参观者啧啧称赞。",
    "专家团队还为当地企业量身定制了技术改造方案，助力企业降本增效。",
    "{ORG}主要负责同志带队深入{PLACE}，了解科技工作者的所思所盼。",
)

# Sentences with a {D} slot: any body date form (all valued in the article's year).
DATE_SENTENCES = (
    "{D}，{ORG}组织{PERSON}走进{CITY}{PLACE}，开展{EVENT}。",
    "{D}，{ORG}联合{ORG}在{VENUE}举办{FIELD}专题培训班。",
    "{D}，{PERSON}来到{VENUE}，为师生带来一堂生动的{FIELD}科普课。",
    "{D}，{CITY}市{EVENT}在{VENUE}举行，{PERSON}出席并讲话。",
    "记者了解到，{D}，{ORG}还将在{VENUE}开展{EVENT}。",
    "{D}，{ORG}组织科技志愿者走进{PLACE}，开展{THEME}主题宣传。",
    "{D}，{ORG}召开{FIELD}产业发展座谈会，听取企业技术需求。",
)
# Sentences with a {P} slot: a point or a range, after 于.
POINT_SENTENCES = (
    "{ORG}于{P}在{VENUE}召开{FIELD}产业发展座谈会。",
    "{CITY}市{EVENT}于{P}在{VENUE}启动，吸引众多{WHO}参与。",
    "根据安排，{PERSON}一行于{P}赴{CITY}开展{FIELD}技术对接。",
)
# Sentences mixing a date and a trap.
DATE_TRAP_SENTENCES = (
    "{D}，{ORG}在{VENUE}举办{EVENT}，现场共吸引{TCOUNT}参与。",
    "{D}，{ORG}启动{THEME}主题活动，累计发放科普资料{TCOUNT}。",
    "{D}，{CITY}市{EVENT}落下帷幕，活动线上线下累计覆盖{TWAN}{WHO}。",
    "{D}，{ORG}发布{FIELD}产业发展报告，全市相关产业产值同比增长{TPCT}。",
)
# Sentences with a trap only.
TRAP_SENTENCES = (
    "活动共吸引{TCOUNT}参与，受到广泛好评。",
    "{ORG}已{TCONT}承担省“院士专家地方行”项目，服务品牌效应持续凸显。",
    "项目团队在{THOURS}内完成了{FIELD}技术方案论证。",
    "经过{TYEARS}的持续培育，{CITY}{FIELD}产业集群初具规模。",
    "该项目历时{TMONTHS}攻关，成功解决了{FIELD}领域的关键技术难题。",
    "{PERSON}深耕{FIELD}领域{TMANY}，先后主持多项国家级科研项目。",
    "{TORDC}在{VENUE}举行，{TCOUNT}同台竞技。",
    "会议选举产生了{ORG}{TORDN}委员会。",
    "{CITY}市加快构建“{TCODE}”现代化产业体系，推动{FIELD}产业提质增效。",
    "{ORG}争取上级专项资金{TMONEY}，支持{FIELD}科普基础设施建设。",
    "全市公民具备科学素质的比例达到{TPCT}，位居全省前列。",
    "{ORG}力争培育{TWAN}高素质农民，带动{TCOUNT}就业。",
    "新建成的科普展馆面积达{TAREA}，设有{FIELD}等多个主题展区。",
    "如需咨询，可拨打联系电话{TPHONE}。",
    "{ORG}组织开展{TNAME}活动，引导{WHO}崇尚科学。",
    "{ORG}设立服务热线{TPHONE}，及时回应{WHO}的科技需求。",
)
HEADLINES = (
    "{CITY}市科协举办{EVENT}",
    "院士专家走进{CITY} 助力{FIELD}产业发展",
    "{ORG}开展{THEME}主题科普活动",
    "从实验室到产业一线 {CITY}{EVENT}成效明显",
    "{CITY}：科技赋能{FIELD} 跑出创新加速度",
    "{ORG}多措并举推进{THEME}工作",
)
HEADLINES_WITH_YEAR = (
    "{DYEAR}{CITY}市{CONTEST}举行",
    "{DYEAR}{CITY}市{EVENT}启动",
)
LEADS = (
    "{DLEAD}，{ORG}在{VENUE}举办{EVENT}。",
    "{DLEAD}，由{ORG}主办的{EVENT}在{CITY}{VENUE}开幕。",
    "本报讯 {DLEAD}，{PERSON}一行走进{CITY}，开展{EVENT}。",
)
# Background sentences: explicit years other than the article's, plans, 去年.
TAIL_SENTENCES = (
    "{HY}，{ORG}获评全国科普工作先进集体。",
    "{ORG}印发《{CITY}市全民科学素质行动实施方案（{HYR}）》，明确了“{HPLAN}”时期的重点任务。",
    "{HREL}，{PERSON}曾到{CITY}调研{FIELD}产业发展情况。",
    "早在{HFULL}，{ORG}就与{CITY}市签订了科技合作协议。",
    "“{HPLAN}”期间，{ORG}累计培训基层科技人员{TCOUNT}。",
    "{HYM}，{ORG}在{CITY}设立首个院士专家工作站。",
)
TAIL_OPENERS = ("据悉，", "另据了解，", "回顾历程，", "")
META_LINES = (
    "发布时间：{DISO} 来源：{CITY}市科学技术协会",
    "（来源：{CITY}市科协 {DSLASH}）",
    "责任编辑：科协宣传部 {DDOT}",
)

_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_CN_DIGITS = "〇一二三四五六七八九"
_CN_SMALL = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_PLANS = (("十三五", 2016, 2020), ("十四五", 2021, 2025), ("十五五", 2026, 2030))
_FIXED_HOLIDAYS = (
    ("元旦", 1, 1),
    ("三八妇女节", 3, 8),
    ("植树节", 3, 12),
    ("世界读书日", 4, 23),
    ("五一劳动节", 5, 1),
    ("五四青年节", 5, 4),
    ("全国科技工作者日", 5, 30),
    ("六一儿童节", 6, 1),
    ("七一", 7, 1),
    ("八一建军节", 8, 1),
    ("教师节", 9, 10),
    ("国庆节", 10, 1),
)
_LUNAR_HOLIDAYS: dict[str, dict[int, tuple[int, int]]] = {
    "春节": {
        2018: (2, 16),
        2019: (2, 5),
        2020: (1, 25),
        2021: (2, 12),
        2022: (2, 1),
        2023: (1, 22),
        2024: (2, 10),
        2025: (1, 29),
        2026: (2, 17),
    },
    "中秋节": {
        2018: (9, 24),
        2019: (9, 13),
        2020: (10, 1),
        2021: (9, 21),
        2022: (9, 10),
        2023: (9, 29),
        2024: (9, 17),
        2025: (10, 6),
        2026: (9, 25),
    },
}
_HOLIDAY_MODIFIERS = ("前夕", "期间", "当天", "前后")
_XUN = (("上旬", 1, 10), ("中旬", 11, 20), ("下旬", 21, 0))
_HALVES = (("上半年", 1, 6), ("下半年", 7, 12))


def cn_number(n: int) -> str:
    """Write 1..99 in Chinese numerals (十六, 二十, 三十一)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_SMALL[ones]
    head = "" if tens == 1 else _CN_SMALL[tens]
    return head + "十" + _CN_SMALL[ones]


def cn_year(y: int) -> str:
    """Write a year digit by digit (二〇二四)."""
    return "".join(_CN_DIGITS[int(c)] for c in str(y))


def _template(tpl: str) -> tuple[str, ...]:
    """Split ``"a{X}b"`` into ``("a", "X", "b")``: literals at even, slot names at odd indices."""
    return tuple(re.split(r"\{(\w+)\}", tpl))


def _templates(tpls: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(_template(t) for t in tpls)


# --------------------------------------------------------------------------- building
@dataclass
class Article:
    """One generated article: its text, reference year, and records with article-relative offsets."""

    text: str
    ref: int
    title: str
    records: list[dict[str, Any]] = field(default_factory=list)


class _ArticleWriter:
    """Fills templates for one article, tracking offsets of planted spans."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year
        self.parts: list[str] = []
        self.pos = 0
        self.records: list[dict[str, Any]] = []
        self.last: tuple[str, ...] = ()
        self.slots: dict[str, Callable[[], None]] = {
            "ORG": lambda: self.lit(rng.choice(ORGS)),
            "CITY": lambda: self.lit(rng.choice(CITIES)),
            "EVENT": lambda: self.lit(rng.choice(EVENTS)),
            "CONTEST": lambda: self.lit(rng.choice(CONTESTS)),
            "VENUE": lambda: self.lit(rng.choice(VENUES)),
            "PLACE": lambda: self.lit(rng.choice(PLACES)),
            "PERSON": lambda: self.lit(rng.choice(PERSONS)),
            "FIELD": lambda: self.lit(rng.choice(FIELDS)),
            "THEME": lambda: self.lit(rng.choice(THEMES)),
            "WHO": lambda: self.lit(rng.choice(WHO)),
            "D": self.body_date,
            "P": self.point_date,
            "DYEAR": lambda: self.year_expr(self.year),
            "DLEAD": self.lead_date,
            "DISO": self.iso_date,
            "DSLASH": self.slash_date,
            "DDOT": self.dot_date,
            "HY": self.hist_year,
            "HYR": self.hist_year_range,
            "HPLAN": self.hist_plan,
            "HREL": self.hist_relative,
            "HFULL": self.hist_full_date,
            "HYM": self.hist_year_month,
            "TCOUNT": self.trap_count,
            "TWAN": self.trap_wan,
            "TPCT": self.trap_percent,
            "TCONT": self.trap_continuous,
            "THOURS": self.trap_hours,
            "TYEARS": self.trap_years,
            "TMONTHS": self.trap_months,
            "TMANY": self.trap_many_years,
            "TORDC": self.trap_ordinal_contest,
            "TORDN": self.trap_ordinal_session,
            "TCODE": self.trap_code,
            "TMONEY": self.trap_money,
            "TAREA": self.trap_area,
            "TPHONE": self.trap_phone,
            "TNAME": self.trap_name,
        }
        self._plan = next(p for p in _PLANS if p[1] <= year <= p[2])

    # ---- low level
    def lit(self, s: str) -> None:
        """Append plain text."""
        self.parts.append(s)
        self.pos += len(s)

    def date(
        self,
        text: str,
        start_date: str,
        end_date: str | None,
        precision: str,
        form: str,
        recurrence: str | None = None,
    ) -> None:
        """Append a planted date expression and record its span and value."""
        rec: dict[str, Any] = {
            "type": "date",
            "start": self.pos,
            "end": self.pos + len(text),
            "text": text,
            "start_date": start_date,
            "end_date": end_date,
            "precision": precision,
            "form": form,
        }
        if recurrence:
            rec["recurrence"] = recurrence
        self.records.append(rec)
        self.lit(text)

    def trap(self, text: str, form: str) -> None:
        """Append a planted non-date span and record it."""
        self.records.append(
            {"type": "trap", "start": self.pos, "end": self.pos + len(text), "text": text, "form": form}
        )
        self.lit(text)

    def fill(self, tpl: tuple[str, ...]) -> None:
        """Write a parsed template, calling the slot functions."""
        self.last = tpl
        slots = self.slots
        for i, piece in enumerate(tpl):
            if i & 1:
                slots[piece]()
            elif piece:
                self.lit(piece)

    def sentence(self, pool: tuple[tuple[str, ...], ...]) -> None:
        """Write a template from ``pool``, never the one just written (no doubled sentences)."""
        tpl = self.rng.choice(pool)
        while tpl is self.last and len(pool) > 1:
            tpl = self.rng.choice(pool)
        self.fill(tpl)

    # ---- calendar helpers
    def _month_day(self) -> tuple[int, int]:
        m = self.rng.randint(1, 12)
        return m, self.rng.randint(1, calendar.monthrange(self.year, m)[1])

    def _other_year(self) -> int:
        """A past year for background sentences."""
        return self.rng.randint(2008, self.year - 1)

    # ---- date forms, all in the article's year unless stated
    def year_expr(self, y: int) -> None:
        """``2024年``."""
        self.date(f"{y}年", str(y), None, "year", "y")

    def full_date(self, y: int, style: str) -> None:
        """A date with an explicit year in one of the written styles."""
        m = self.rng.randint(1, 12)
        d = self.rng.randint(1, calendar.monthrange(y, m)[1])
        if style == "ymd":
            text = f"{y}年{m}月{d}日"
        elif style == "ymd_fw":
            text = f"{y}年{m}月{d}日".translate(_FW)
        elif style == "ymd_cn":
            text = f"{cn_year(y)}年{cn_number(m)}月{cn_number(d)}日"
        elif style == "ymd_hao":
            text = f"{y}年{m}月{d}号"
        elif style == "ymd_sp":
            text = f"{y} 年 {m} 月 {d} 日"
        elif style == "iso":
            text = f"{y}-{m:02d}-{d:02d}"
        elif style == "slash":
            text = f"{y}/{m}/{d}"
        else:  # "dot"
            text = f"{y}.{m}.{d}"
        self.date(text, f"{y}-{m:02d}-{d:02d}", None, "day", style)

    def lead_date(self) -> None:
        """The first-paragraph expression that states the article's year."""
        r = self.rng.random()
        y = self.year
        if r < 0.55:
            self.full_date(y, self.rng.choice(("ymd", "ymd", "ymd", "ymd_fw", "ymd_cn", "ymd_hao", "ymd_sp")))
        elif r < 0.75:
            m = self.rng.randint(1, 12)
            self.date(f"{y}年{m}月", f"{y}-{m:02d}", None, "month", "ym")
        elif r < 0.88:
            m, d = self._month_day()
            last = calendar.monthrange(y, m)[1]
            if d == last:
                d -= 1
            d2 = self.rng.randint(d + 1, min(last, d + 4))
            self.date(
                f"{y}年{m}月{d}日至{d2}日",
                f"{y}-{m:02d}-{d:02d}",
                f"{y}-{m:02d}-{d2:02d}",
                "day",
                "ymd_range",
            )
        else:
            m = self.rng.randint(1, 11)
            m2 = self.rng.randint(m + 1, min(12, m + 3))
            self.date(f"{y}年{m}月至{m2}月", f"{y}-{m:02d}", f"{y}-{m2:02d}", "month", "ym_range")

    def iso_date(self) -> None:
        """``2024-04-16``."""
        self.full_date(self.year, "iso")

    def slash_date(self) -> None:
        """``2024/4/16``."""
        self.full_date(self.year, "slash")

    def dot_date(self) -> None:
        """``2024.4.16``."""
        self.full_date(self.year, "dot")

    def md(self, spaced: bool = False) -> None:
        """``4月23日`` (or the PDF-spaced ``4 月 23 日``)."""
        y = self.year
        m, d = self._month_day()
        text = f"{m} 月 {d} 日" if spaced else f"{m}月{d}日"
        self.date(text, f"{y}-{m:02d}-{d:02d}", None, "day", "md_sp" if spaced else "md")

    def month(self) -> None:
        """``12月``."""
        m = self.rng.randint(1, 12)
        self.date(f"{m}月", f"{self.year}-{m:02d}", None, "month", "m")

    def md_range(self) -> None:
        """``3月11日至13日``."""
        y = self.year
        m = self.rng.randint(1, 12)
        last = calendar.monthrange(y, m)[1]
        d = self.rng.randint(1, last - 1)
        d2 = self.rng.randint(d + 1, min(last, d + 5))
        self.date(f"{m}月{d}日至{d2}日", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d2:02d}", "day", "md_range")

    def md_range_cross(self) -> None:
        """``5月22日至6月1日``."""
        y = self.year
        m = self.rng.randint(1, 11)
        last = calendar.monthrange(y, m)[1]
        d = self.rng.randint(last - 9, last)
        d2 = self.rng.randint(1, 10)
        text = f"{m}月{d}日至{m + 1}月{d2}日"
        self.date(text, f"{y}-{m:02d}-{d:02d}", f"{y}-{m + 1:02d}-{d2:02d}", "day", "md_range_cross")

    def ym_range(self) -> None:
        """``2026年4月至5月``."""
        y = self.year
        m = self.rng.randint(1, 11)
        m2 = self.rng.randint(m + 1, min(12, m + 3))
        self.date(f"{y}年{m}月至{m2}月", f"{y}-{m:02d}", f"{y}-{m2:02d}", "month", "ym_range")

    def md_list(self) -> None:
        """``4月24日至26日、5月9日至10日``: each member is its own truth record."""
        y = self.year
        m = self.rng.randint(1, 11)
        for i, mm in enumerate((m, self.rng.randint(m + 1, min(12, m + 2)))):
            if i:
                self.lit("、")
            last = calendar.monthrange(y, mm)[1]
            d = self.rng.randint(1, last - 3)
            d2 = self.rng.randint(d + 1, d + 3)
            self.date(f"{mm}月{d}日至{d2}日", f"{y}-{mm:02d}-{d:02d}", f"{y}-{mm:02d}-{d2:02d}", "day", "list")

    def relative_md(self) -> None:
        """``今年3月4日``."""
        y = self.year
        m, d = self._month_day()
        self.date(f"今年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", None, "day", "rel_md")

    def this_year(self) -> None:
        """``今年``."""
        self.date("今年", str(self.year), None, "year", "rel_y")

    def holiday(self) -> None:
        """``六一儿童节前夕``, ``国庆节期间``, ``春节前后`` …: the holiday's day in the article's year."""
        y = self.year
        if self.rng.random() < 0.2:
            name = self.rng.choice(tuple(_LUNAR_HOLIDAYS))
            m, d = _LUNAR_HOLIDAYS[name][y]
        else:
            name, m, d = self.rng.choice(_FIXED_HOLIDAYS)
        text = name + self.rng.choice(_HOLIDAY_MODIFIERS)
        self.date(text, f"{y}-{m:02d}-{d:02d}", None, "day", "holiday")

    def xun(self) -> None:
        """``3月上旬``: days 1–10, 11–20 or 21–end."""
        y = self.year
        m = self.rng.randint(1, 12)
        name, a, b = self.rng.choice(_XUN)
        b = b or calendar.monthrange(y, m)[1]
        self.date(f"{m}月{name}", f"{y}-{m:02d}-{a:02d}", f"{y}-{m:02d}-{b:02d}", "day", "period_xun")

    def half_year(self) -> None:
        """``上半年`` / ``今年下半年`` / ``2024年上半年``: a month range."""
        y = self.year
        name, a, b = self.rng.choice(_HALVES)
        prefix = self.rng.choice(("", "今年", f"{y}年"))
        self.date(prefix + name, f"{y}-{a:02d}", f"{y}-{b:02d}", "month", "period_half")

    def recurring(self) -> None:
        """``每年5月30日``: valued as the occurrence in the article's year."""
        y = self.year
        m, d = self._month_day()
        self.date(f"每年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", None, "day", "recur", "FREQ=YEARLY")

    def body_date(self) -> None:
        """Any form valued in the article's year, weighted like real 科协 news."""
        r = self.rng.random()
        if r < 0.30:
            self.md(spaced=self.rng.random() < 0.1)
        elif r < 0.38:
            self.md_range()
        elif r < 0.43:
            self.md_range_cross()
        elif r < 0.47:
            self.md_list()
        elif r < 0.53:
            self.month()
        elif r < 0.59:
            self.relative_md()
        elif r < 0.62:
            self.this_year()
        elif r < 0.69:
            self.holiday()
        elif r < 0.74:
            self.xun()
        elif r < 0.78:
            self.half_year()
        elif r < 0.81:
            self.recurring()
        elif r < 0.84:
            self.ym_range()
        elif r < 0.87:
            y = self.year
            m = self.rng.randint(1, 12)
            self.date(f"{y}年{m}月", f"{y}-{m:02d}", None, "month", "ym")
        else:
            style = self.rng.choice(("ymd", "ymd", "ymd", "ymd_fw", "ymd_cn", "ymd_hao", "ymd_sp", "slash", "dot"))
            self.full_date(self.year, style)

    def point_date(self) -> None:
        """A day or a day range, fit to follow 于."""
        r = self.rng.random()
        if r < 0.5:
            self.md()
        elif r < 0.7:
            self.md_range()
        elif r < 0.8:
            self.md_range_cross()
        else:
            self.full_date(self.year, self.rng.choice(("ymd", "ymd_fw", "ymd_cn", "ymd_hao", "ymd_sp")))

    # ---- background forms (other years), only in the closing paragraph
    def hist_year(self) -> None:
        """``2018年``."""
        self.year_expr(self._other_year())

    def hist_year_range(self) -> None:
        """``2021—2025年``, the span of the article's plan period."""
        _, a, b = self._plan
        dash = self.rng.choice(("—", "—", "-", "～"))
        self.date(f"{a}{dash}{b}年", str(a), str(b), "year", "y_range")

    def hist_plan(self) -> None:
        """``十四五`` (the quotes around it stay outside the span)."""
        name, a, b = self._plan
        self.date(name, str(a), str(b), "year", "plan")

    def hist_relative(self) -> None:
        """``去年12月`` or ``去年``."""
        y = self.year - 1
        if self.rng.random() < 0.6:
            m = self.rng.randint(1, 12)
            self.date(f"去年{m}月", f"{y}-{m:02d}", None, "month", "rel_m")
        else:
            self.date("去年", str(y), None, "year", "rel_y")

    def hist_full_date(self) -> None:
        """A full date in another year, often in the PDF-spaced style."""
        style = self.rng.choice(("ymd", "ymd_sp", "ymd_sp", "ymd_cn", "ymd_fw"))
        self.full_date(self._other_year(), style)

    def hist_year_month(self) -> None:
        """``2022年9月`` in another year."""
        y = self._other_year()
        m = self.rng.randint(1, 12)
        self.date(f"{y}年{m}月", f"{y}-{m:02d}", None, "month", "ym")

    # ---- traps
    def _amount(self) -> int:
        r = self.rng.random()
        if r < 0.25:  # looks like a year
            return self.rng.choice((1998, 2000, 2008, 2019, 2020, 2023, 2024, 2025))
        if r < 0.6:
            return self.rng.randint(2, 99) * 10
        return self.rng.randint(1, 40) * 100

    def trap_count(self) -> None:
        """``120多人次``, ``4000人次``, ``2000 余人``, ``300余名``."""
        n = self._amount()
        unit = self.rng.choice(("多人次", "人次", " 余人", "余人次", "余名", "多名", "人"))
        self.trap(f"{n}{unit}", "count")

    def trap_wan(self) -> None:
        """``5.9万名``."""
        x = f"{self.rng.randint(1, 30)}.{self.rng.randint(1, 9)}"
        self.trap(x + self.rng.choice(("万名", "万人次", "万")), "wan")

    def trap_percent(self) -> None:
        """``20.24%``."""
        self.trap(f"{self.rng.randint(1, 40)}.{self.rng.randint(10, 99)}%", "percent")

    def trap_continuous(self) -> None:
        """``连续两年``."""
        self.trap("连续" + self.rng.choice(("两年", "三年", "五年", "多年", "3年")), "duration")

    def trap_hours(self) -> None:
        """``48小时``."""
        self.trap(f"{self.rng.choice((12, 24, 48, 72))}小时", "duration")

    def trap_years(self) -> None:
        """``五年`` as a duration."""
        self.trap(self.rng.choice(("五年", "三年", "十年", "两年")), "duration")

    def trap_months(self) -> None:
        """``3个月``."""
        self.trap(self.rng.choice(("3个月", "6个月", "两个月", "半个月", "18个月")), "duration")

    def trap_many_years(self) -> None:
        """``10多年``."""
        self.trap(self.rng.choice(("10多年", "20余年", "30年", "十余年")), "duration")

    def trap_ordinal_contest(self) -> None:
        """``第41届…竞赛``: the ordinal is the trap."""
        n = self.rng.choice((3, 12, 20, 24, 39, 41))
        self.trap(f"第{n}届", "ordinal")
        self.lit(self.rng.choice(CITIES) + "市" + self.rng.choice(CONTESTS))

    def trap_ordinal_session(self) -> None:
        """``第十二届``."""
        self.trap("第" + cn_number(self.rng.randint(2, 15)) + "届", "ordinal")

    def trap_code(self) -> None:
        """``3336`` in “3336”现代化产业体系."""
        self.trap(self.rng.choice(("3336", "1310", "1+6+N", "2+3", "1126")), "code")

    def trap_money(self) -> None:
        """``1998万元``, ``2.3亿元``."""
        if self.rng.random() < 0.3:
            self.trap(f"{self.rng.randint(1, 9)}.{self.rng.randint(1, 9)}亿元", "money")
        else:
            self.trap(f"{self._amount()}万元", "money")

    def trap_area(self) -> None:
        """``2000平方米``."""
        self.trap(f"{self._amount()}平方米", "area")

    def trap_phone(self) -> None:
        """A mobile number ``13828687866`` or a landline ``0668-2283456``."""
        rng = self.rng
        if rng.random() < 0.6:
            text = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
        else:
            text = rng.choice(("0668-", "0755-", "020-", "0759-")) + str(rng.randint(2000000, 8999999))
        self.trap(text, "phone")

    def trap_name(self) -> None:
        """A commemorative day's name used as the name of an activity."""
        self.trap(self.rng.choice(("“全国科普日”", "“全国科技活动周”", "“科技进步活动月”")), "name")


_FILLERS = _templates(FILLERS)
_DATE_SENTENCES = _templates(DATE_SENTENCES)
_POINT_SENTENCES = _templates(POINT_SENTENCES)
_DATE_TRAP_SENTENCES = _templates(DATE_TRAP_SENTENCES)
_TRAP_SENTENCES = _templates(TRAP_SENTENCES)
_HEADLINES = _templates(HEADLINES)
_HEADLINES_WITH_YEAR = _templates(HEADLINES_WITH_YEAR)
_LEADS = _templates(LEADS)
_TAIL_SENTENCES = _templates(TAIL_SENTENCES)
_META_LINES = _templates(META_LINES)


# Cumulative probabilities of the kinds of body sentence; the rest are fillers.  Tuned for
# about one date per 300 characters and a similar number of traps.
P_DATE = 0.026
P_POINT = P_DATE + 0.008
P_DATE_TRAP = P_POINT + 0.012
P_TRAP = P_DATE_TRAP + 0.110


def make_article(rng: random.Random) -> Article:
    """Generate one article (about 1,000–3,000 characters) from ``rng``."""
    year = rng.choice(YEARS)
    w = _ArticleWriter(rng, year)
    rand = rng.random

    w.sentence(_HEADLINES_WITH_YEAR if rand() < 0.3 else _HEADLINES)
    title = "".join(w.parts)
    w.lit("\n")
    w.sentence(_LEADS)
    for _ in range(rng.randint(1, 2)):
        w.sentence(_FILLERS)

    for _ in range(rng.randint(4, 9)):
        w.lit("\n")
        for _ in range(rng.randint(3, 6)):
            r = rand()
            if r < P_DATE:
                w.sentence(_DATE_SENTENCES)
            elif r < P_POINT:
                w.sentence(_POINT_SENTENCES)
            elif r < P_DATE_TRAP:
                w.sentence(_DATE_TRAP_SENTENCES)
            elif r < P_TRAP:
                w.sentence(_TRAP_SENTENCES)
            else:
                w.sentence(_FILLERS)

    if rand() < 0.7:  # background paragraph: other years, plans, 去年
        w.lit("\n")
        w.lit(rng.choice(TAIL_OPENERS))
        for tpl in rng.sample(_TAIL_SENTENCES, rng.randint(1, 2)):
            w.fill(tpl)
        for _ in range(rng.randint(1, 3)):
            w.sentence(_FILLERS)
    if rand() < 0.3:
        w.lit("\n")
        w.sentence(_META_LINES)
    return Article("".join(w.parts), year, title, w.records)


def iter_articles(seed: int) -> Iterator[Article]:
    """Yield articles for ``seed`` forever (one shared ``random.Random(seed)``)."""
    rng = random.Random(seed)
    while True:
        yield make_article(rng)


def _absolute(article: Article, index: int, offset: int) -> list[dict[str, Any]]:
    """The article's records with absolute offsets, its own ``article`` record first."""
    out: list[dict[str, Any]] = [
        {
            "type": "article",
            "article": index,
            "start": offset,
            "end": offset + len(article.text),
            "ref": article.ref,
            "title": article.title,
        }
    ]
    for rec in article.records:
        r = dict(rec)
        r["start"] += offset
        r["end"] += offset
        r["article"] = index
        if r["type"] == "date":
            r["ref"] = article.ref
        out.append(r)
    return out


def generate(n_chars: int, seed: int) -> tuple[str, list[dict[str, Any]]]:
    """Generate at least ``n_chars`` characters (stopping after the article that reaches it).

    Returns the text (articles joined by a blank line, ending in ``"\\n"``) and the
    article, date and trap records in text order, with absolute ``str`` offsets.
    """
    parts: list[str] = []
    records: list[dict[str, Any]] = []
    pos = 0
    for i, art in enumerate(iter_articles(seed)):
        if i:
            parts.append(ARTICLE_SEP)
            pos += len(ARTICLE_SEP)
        records.extend(_absolute(art, i, pos))
        parts.append(art.text)
        pos += len(art.text)
        if pos >= n_chars:
            break
    parts.append("\n")
    return "".join(parts), records


def write_corpus(path: str | Path, n_bytes: int, seed: int, chunk_chars: int = 1 << 20) -> dict[str, int]:
    """Write at least ``n_bytes`` of UTF-8 text to ``path`` and its truth to ``path.truth.jsonl``.

    Streams in chunks of about ``chunk_chars`` characters; only one chunk is held in memory.
    Returns counts: ``chars``, ``bytes``, ``articles``, ``dates``, ``traps``.
    """
    path = Path(path)
    truth_path = path.with_name(path.name + ".truth.jsonl")
    dumps = json.dumps
    stats = {"chars": 0, "bytes": 0, "articles": 0, "dates": 0, "traps": 0}
    header = {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "seed": seed,
        "target_bytes": n_bytes,
        "offsets": "python str indices into the UTF-8 text; end exclusive",
        "ref": "per article: the ref field of each article line (repeated on its date lines)",
        "separator": "articles are separated by a blank line; the first line of an article is its headline",
    }
    with (
        path.open("w", encoding="utf-8", newline="\n") as out,
        truth_path.open("w", encoding="utf-8", newline="\n") as tout,
    ):
        tout.write(dumps(header, ensure_ascii=False) + "\n")
        text_buf: list[str] = []
        truth_buf: list[str] = []
        buf_chars = 0
        pos = 0
        n_written_bytes = 0
        for i, art in enumerate(iter_articles(seed)):
            piece = art.text if i == 0 else ARTICLE_SEP + art.text
            start = pos + (0 if i == 0 else len(ARTICLE_SEP))
            for rec in _absolute(art, i, start):
                truth_buf.append(dumps(rec, ensure_ascii=False))
                if rec["type"] == "date":
                    stats["dates"] += 1
                elif rec["type"] == "trap":
                    stats["traps"] += 1
            text_buf.append(piece)
            pos += len(piece)
            buf_chars += len(piece)
            n_written_bytes += len(piece.encode("utf-8"))
            stats["articles"] += 1
            done = n_written_bytes >= n_bytes
            if done:
                text_buf.append("\n")
                pos += 1
                n_written_bytes += 1
            if done or buf_chars >= chunk_chars:
                out.write("".join(text_buf))
                tout.write("\n".join(truth_buf) + "\n")
                text_buf.clear()
                truth_buf.clear()
                buf_chars = 0
            if done:
                break
    stats["chars"] = pos
    stats["bytes"] = n_written_bytes
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size in megabytes (10^6 bytes) of UTF-8 text")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="text file to write; the truth goes to OUT.truth.jsonl")
    a = ap.parse_args(argv)
    stats = write_corpus(a.out, int(a.mb * 1_000_000), a.seed)
    print(
        f"wrote {a.out}: {stats['bytes']:,} bytes, {stats['chars']:,} chars, {stats['articles']:,} articles, "
        f"{stats['dates']:,} dates (1 per {stats['chars'] / max(stats['dates'], 1):.0f} chars), "
        f"{stats['traps']:,} traps",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
