"""Language resources for the build stages: the words that mark page layout, datelines, event titles and places.

Like the date grammar, these are data, kept apart from the code that applies them (``articles.py``,
``reference.py``, ``events.py``). Each pattern matches clean (repaired) text.
"""

from __future__ import annotations

import re

# ---- page layout (articles.py)

# Page furniture: navigation, editor credits and site footers that belong to no article.
FURNITURE = re.compile(  # matched at the line's start
    r"(?:首页\s*[>＞›»]|当前位置|您的位置|返回首页|关于我们|版权所有|Copyright|©|网站备案|备案号|ICP|"
    r"(?:责任)?编辑\s*[:：]|初审\s*[:：]|复审\s*[:：]|终审\s*[:：]|审核\s*[:：]|校对\s*[:：]|监制\s*[:：]|"
    r"分享到|打印本页|关闭窗口|上一篇|下一篇|扫码|扫一扫|点击|来源\s*[:：]\s*\S+\s*$)"
)
# ... or anywhere in it (a separate pattern: joined to the one above, it is searched 2.5 times slower).
FURNITURE_ANYWHERE = re.compile(r"版权所有|许可证|举报电话|广告业务|网站地图|网站声明")
# A byline: reporter and correspondent credits.
BYLINE = re.compile(
    r"^[□■◆●（(]?\s*(?:本报记者|本报通讯员|记者|通讯员|文/|文：|文:|图/|撰稿|作者[:：])"
    r"|^[□■◆●]?\s*\S{0,16}(?:日报|晚报|报社|电视台|融媒体中心|全媒体)\S{0,8}记者\s*\S"
)
# The first words of a news lead that opens a new report.
LEAD = re.compile(
    r"^(?:本报讯|本报\S{1,8}(?:讯|电)|\S{1,12}(?:网讯|报讯)|新华社\S{0,12}电|中新[社网]\S{0,12}电|"
    r"[（(【]\s*记者[^）)】]{1,30}[）)】])"
)
# Genre headings that start a piece of their own on a page (a letter of congratulation, a speech …).
GENRE_HEADING = re.compile(
    r"^(?:贺\s*信|贺\s*电|贺\s*词|致\s*辞|感谢信|慰问信|倡议书|公开信|贺\s*函|唁\s*电|讣\s*告|声\s*明)$"
)
# Photo captions and credits: allowed inside a heading run but never part of a title.
CAPTION = re.compile(r"[▲△▼◀▶↑→]|图[:：/]")  # matched at the line's start
# ... or the line (stripped) ends with a photo credit; tested with str.endswith, as a regex would try every position.
CAPTION_ENDINGS = ("供图", "摄", "摄影", "图为", "资料图", "图片来源", "视频截图")
# A line that is only a date, closing a letter or a statement (its signature date).
SIGNATURE_DATE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
                            r"\s*[0-9一二三四五六七八九十]{1,3}\s*[日号]\s*$")
# A dateline at the top of a web page: 发布时间：2024-04-16 …
PUBLISHED = re.compile(
    r"(?:发布|发表|更新|刊发|出版)?(?:时间|日期)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
# Words every PUBLISHED match holds (lines without them are not searched).
PUBLISHED_WORDS = ("时间", "日期")
# Sentence-final and clause punctuation: a line that has these reads as prose, not as a heading.
PROSE_PUNCTUATION = re.compile(r"[。！？；!?;]|[，,：:].{0,200}[，,：:]")
# Markdown heading marks and section arrows stripped from titles.
HEADING_MARKS = re.compile(r"^\s*(?:#{1,6}\s*)?(?:>>\s*|》\s*)?")
# The longest line that can be a heading; with a comma in it, a line this long is prose wrapped by a PDF.
MAX_HEADING = 48
MAX_HEADING_WITH_COMMA = 20
COMMA = re.compile(r"[，,、]")
# A report shorter than this (characters of prose) is not closed by a trailing byline.
MIN_ARTICLE_BODY = 120

# ---- events (events.py)

# Words after a year that make it a statistic or a plan rather than the date of a happening.
STATISTIC_AFTER = re.compile(
    r"^(?:以来|以后|之前|以前|前|后|起|底前|年底前)?\s*"
    r"(?:共|累计|全年|总计|合计|共计|同比|环比|增长|下降|比|较|将|要|计划|拟|力争|预计|目标|远景)"
)
# Words before a date that make it a comparison or a cut-off for a tally (较2019年, 截至2023年底).
COMPARISON_BEFORE = re.compile(r"(?:截至|截止|较|比|同比|相比|对比|比较)$")
# Years that only date a document (a plan's validity in brackets after its title: 《…方案（2021—2025年）》).
DOCUMENT_VALIDITY = re.compile(r"^[（(]$")
# A happening's verbs: a clause holding one of these reports something that took place.
HAPPENING = re.compile(
    r"举办|举行|召开|开幕|闭幕|启动|开展|开通|成立|挂牌|揭牌|签约|签订|签署|发布|印发|出台|颁布|获|荣获|入选|"
    r"走进|赴|到|参加|出席|考察|调研|视察|访问|走访|来访|座谈|会见|接见|提出|指出|发表|宣布|落户|落地|建成|投用|"
    r"上线|竣工|开工|通过|评为|授予|表彰|组建|组织|拍摄|承办|主办|点赞|亲临|致贺信|致信|贺信|召集|发起|完成|实现"
)
# Words that turn a clause into a plan for the future.
FUTURE = re.compile(r"将|计划|拟|预计|力争|争取|有望|即将|准备|打算|目标")
# Words around a place in a clause.
_PLACE_NAME = (r"([\u4e00-\u9fff（）()·]{1,30}?"
               r"(?:公司|集团|大学|学院|医院|研究院|研究所|实验室|党校|中心|基地|科技馆|博物馆|会议中心|会展中心|体育馆|"
               r"广场|公园|小院|市|县|区|镇|乡|村|省|州|港|岛|园区|新区|试验区|开发区|高新区|校区|礼堂|大厦|酒店))")
PLACE_AFTER_VERB = re.compile(
    r"(?:走进|赴|前往|来到|抵达|落址|落户|到)" + _PLACE_NAME + r"(?=[，,。；、\s开举召参调座进出考就]|$)"
    r"|(?:在|于)" + _PLACE_NAME + r"(?=举办|举行|召开|开幕|启动|开展|成立|挂牌|揭牌|落幕)"
)
# Words that end like a place but name none (在全市开展 …).
NOT_PLACES = frozenset({"全市", "全省", "全县", "全区", "全镇", "全村", "本市", "我市", "该市", "各市", "本省", "我省",
                        "该省", "本县", "我县", "本区", "我区", "港", "各区", "各县"})
# Clause separators used to cut a sentence into clauses.
CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
# A sentence ends at its end mark or at a paragraph break; a single line break is a PDF wrap inside it.
# A semicolon ends a sentence too: Chinese news lists parallel reports (3月4日…；3月22日…；) with it.
# A line break before a news lead (本报讯…) ends the heading above it.
SENTENCE_END = re.compile(
    r"[。！？!?；;]|\n[ \t\u3000\u00a0]*\n"
    r"|\n(?=[ \t\u3000]*(?:本报讯|本报\S{1,8}(?:讯|电)|\S{1,12}(?:网讯|报讯)|新华社|中新[社网]))"
)
# Words at the start of a clause that do not belong in a title.
TITLE_LEAD_NOISE = re.compile(
    r"^(?:是|为|恰逢|正值|适逢|期间|当天|同日|此外|另外|其中|"
    r"同时|随后|目前|近日|日前|近期|据悉|据了解|记者了解到)+"
)
MAX_TITLE = 30
# A place phrase a long title can lose: 在深圳市委党校 before 举办.
PLACE_IN_TITLE = re.compile(r"在[\u4e00-\u9fff（）()·]{2,24}?(?=举办|举行|召开|开展|开幕|启动|落幕)")
# Reporter credits in brackets at the start of a lead: (记者 刘肖勇 通讯员 陈洁)
CREDITS = re.compile(r"^\s*[（(【]\s*(?:本报)?(?:记者|通讯员)[^）)】]{0,40}[）)】]")
# Asides a long title can lose: bracketed notes, 以下简称 …
ASIDE = re.compile(r"[（(][^（）()]{0,30}[）)]")
# The middle of a list a long title can lose: A、B、C等 → A等
LIST_TAIL = re.compile(r"(?:、[^、，,。；;]{1,14}){1,}等")

# ---- edition series (series.py): 第41届广东省青少年科技创新大赛
EDITION = re.compile(
    r"第\s*([0-9]{1,3}|[一二三四五六七八九十百]{1,5})\s*届\s*"
    r"([^\s，,。；;：:、“”\"《》（）()]{2,24}?(?:大赛|竞赛|比赛|挑战赛|运动会|博览会|交易会|展览会|论坛|大会|年会|研讨会|"
    r"峰会|艺术节|文化节|科技节|科普节|电影节|创新赛|联赛|锦标赛))"
)
# How far before an edition a year may stand and still date it (``2024年3月,茂名市组队参加第39届…``).
EDITION_YEAR_WINDOW = 40

# ---- reference dates (reference.py)
# Years after which the clause looks forward (a target), so the year does not date the article.
TARGET_AFTER = re.compile(
    r"^(?:年)?(?:前|底前|以前|之前)?\s*(?:远景|目标|规划|计划|愿景|将|要|力争|基本实现|全面建成|建成)"
)
TARGET_BEFORE = re.compile(r"(?:到|至|预计|计划|力争|争取|目标)\s*$")

# Who or where a quote names, so the merge keeps apart reports that name different ones: the two characters
# before 省/市/县 (茂名市, 高州市, 广东省) or before an organisation or venue word (计算机学会, 高校科协, 中国科协,
# 科技馆, 服务中心, 海智工作站, 科普教育基地联盟, 医学院; not 基地 alone, as 科普基地 is a kind rather than a
# name), unless the one right before it is a determiner or a word's end (全市, 本市, 该县, 城市, 上市, 各级科协,
# 省科协和市科协, 以人民为中心) rather than part of a name.
NOT_NAME_END = "全本该各我此两每外他城上超门股夜集省市县区郡和与及或的在于到赴向对为级个等"
NAME_WORDS = "[省市县]|学会|协会|科协|研究会|研究院|研究所|馆|中心|工作站|联盟|学院|大学|医院"
NAMED_IN_QUOTE = re.compile(rf"(?=([\u4e00-\u9fff][^\W\d_{NOT_NAME_END}]))..(?:{NAME_WORDS})")
