"""The Chinese date grammar as data: character forms, number words, lexicons, holiday tables and patterns.

Nothing here runs; ``find.py`` compiles the patterns and ``resolve.py`` reads the tables. To teach the
engine a new form, add a pattern (with an example) or a table row here, and a case in
``tests/data/engine_cases.jsonl``.

Patterns run on repaired text (see ``timeline.repair`` and ``timeline.charforms``): ASCII digits,
simplified forms, no white space inside a date. Named groups carry the parts of a date; a group name
means the same thing in every rule:

=========  ==============================================================
``y``      a year written out (``2024``, ``二〇二四``, two digits ``08``)
``ry``     a relative year word (``今年``, ``去年`` …), see RELATIVE_YEARS
``m``      month; ``m_end`` the month closing ``3—5月``
``d``      day; ``d_end`` the day closing ``11—13日``
``part``   a part of a period (``上旬``, ``年底``, ``上半年``, ``二季度``, ``春季``), see PERIOD_PARTS
``week``   the n-th week of a month (``第二周``), read as a part of it (MONTH_PARTS)
``every``  a recurrence word (``每年``, ``每月``, ``每周``), see RECURRENCES
``ampm``, ``hh``, ``mi``, ``half``  a time of day
=========  ==============================================================
"""

from __future__ import annotations

# --------------------------------------------------------------------------- numbers
CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_TENS: dict[str, int] = {"十": 10, "廿": 20, "卅": 30}
# Lunar day words: 初一 … 初十, 十一 … 二十, 廿一 … 三十.
LUNAR_DAY_PREFIX = "初"
LUNAR_MONTH_NAMES: dict[str, int] = {"正": 1, "冬": 11, "腊": 12}

YEAR_RANGE = (1000, 2199)
# A year of the Republic of China (民国) counts from 1912: 民国元年 = 1912.
ROC_YEAR_ZERO = 1911
# Two-digit years: 00–49 → 2000s, 50–99 → 1900s.
TWO_DIGIT_YEAR_PIVOT = 50

# --------------------------------------------------------------------------- regex fragments
CONNECTORS = "至|到|——|—|–|-|~|～|－"
# Between two dates, these also make a range (自2024年5月15日起至6月14日止, as notices write a window).
RANGE_WORDS = f"{CONNECTORS}|起至"
# A gloss in brackets right after a date, naming the same day (its weekday, its lunar date, 含 for an inclusive
# bound, 暂定), and the time of day after it: a range word may follow them (1月28日（农历除夕）至2月4日（农历正月初七）,
# 2024年11月20日（星期三）22:00至11月21日（星期四）6:00, 6月1日（含）至6月30日（含）).
DAY_GLOSS = "[（(][^（）()，。；、,;\n]{1,8}[）)]"
GLOSS_TIME = "(?:(?:上午|下午|中午|晚上|凌晨|早上)?\\d{1,2}(?::\\d\\d|[时点](?:\\d{1,2}分|半)?)|)"
_CN = "〇零一二三四五六七八九"
FRAGMENTS: dict[str, str] = {
    "Y4": r"(?<![\d.])[12]\d{3}",
    "YCN4": f"[{_CN}]{{4}}",
    # A year of 1000–2999 in Chinese numerals: it starts with ANCHOR_PREFIX.
    "YCN_YEAR": f"[一二][{_CN}]{{3}}",
    "M": r"(?:1[0-2]|0?[1-9])",
    "MCN": "(?:十[一二]?|[一二三四五六七八九])",
    "D": r"(?:3[01]|[12]\d|0?[1-9])",
    # A month or day of a month-day as written, in range or not: ymd reads 13月 and 4月32日 whole and
    # resolution finds no such date, so 2024年13月5日 gives no mention (not the year 2024 before it).
    "M_WRITTEN": r"\d{1,2}",
    "D_WRITTEN": r"\d{1,2}",
    "DCN": "(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?"
           "|[一二三四五六七八九])",
    "LD": "(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]"
          "|三十)",
    "NOT_NUM_BEFORE": rf"(?<![\d{_CN}十两廿卅])",
    # After a bare day: words that make it a count of days (3日内, 5日游) or an amount.
    "NOT_DAY_AFTER": "(?!内|以内|之内|游|以上|以下|左右|起算|后|间|均|[{MEASURE}])",
    "CONN": f"(?:{CONNECTORS})",
    # The days after the first of a list of days (5月3、4日: 、4), written loosely (a number that is no day gives
    # no mention) to keep the patterns short. Where it may be absent, written ``(?:…|)``, not ``(?:…)?``: the
    # regex engine passes over an alternative that starts with a character not there at once, while an
    # optional group costs a repeat context at every place.
    "DAY_LIST": r"、[\d一二三四五六七八九十廿卅]{1,3}(?:、[\d一二三四五六七八九十廿卅]{1,3}){0,14}",
    # A year of the Republic of China (民国113年 = 2024, as Taiwan's press writes the year), before its 年, in up to
    # five Chinese numerals: every year from 民国一百一十一年 (2022) on needs five (一百一十四). The fifth lengthens
    # the scan's reach before 年 (see ANCHOR_CHARS) by one character, about 0.15% of find_dates' instructions.
    "ROC": "民国(?P<roc>1\\d\\d|[1-9]\\d?|[一二三四五六七八九十百]{1,5}|元)",
    "RELY": "(?:大前年|前年|去年|今年|明年|后年|同年|当年|次年|翌年|本年|上一年|下一年)",
    # 初 that is not the start of a word (初步, 初心 …).
    "CHU": "初(?![步心级期次始衷稿审赛选评见具创中任])",
    "PART_OF_MONTH": "(?:上中旬|中下旬|上旬|中旬|下旬|{CHU}|底|末)",
    # The n-th week of a month (5月的第二周, see MONTH_PARTS), not 第一周年, 第二周期, 第三周岁.
    "WEEK_OF_MONTH": "第[一二三四五1-5]周(?![年期岁])",
    # After a year only: 第一季 (without 度) and Q1 are parts of it there, not a television season or a code.
    "PART_OF_YEAR": "(?:年初|年底|年末|{CHU}|底|末|上半年|下半年|第?[一二三四1-4]季度|前[两二三]季度"
                    "|前(?:十一|1[01]|[两二三四五六七八九十2-9])个月"
                    "|第[一二三四]季|Q[1-4]|春季|夏季|秋季|冬季|春天|夏天|秋天|冬天|暑假|暑期|寒假"
                    # A season in one character only where the clause goes on (2024年春，…), not 春节 or 秋收.
                    "|[春夏秋冬](?=[，,。；;：:、）)\\s]|$))",
    # 两点 is two o'clock unless a noun follows that makes it "two points" (5月3日两点要求).
    "TWO_POINTS_NOUN": "(?:意见|要求|建议|共识|希望|体会|启示|看法|经验|做法|内容|原因|理由|措施|思考|问题)",
    "TIME": "(?:(?P<ampm>上午|下午|中午|晚上|晚间|傍晚|早上|早晨|凌晨|夜间|夜里|白天)?"
            r"(?:(?P<hh>[01]?\d|2[0-4])(?::(?P<mi>[0-5]\d)|[时点](?:(?P<mi2>[0-5]?\d)分|(?P<half>半))?)"
            "|(?P<hhcn>十[一二]?|二十[一二三四]?|[零〇一二三四五六七八九]|两(?=点(?!{TWO_POINTS_NOUN})))[时点]"
            "(?:(?P<micn>零[一二三四五六七八九]|[一二三四五]?十?[一二三四五六七八九]?)分"
            "|(?P<halfcn>半))?)"
            "|(?P<ampm_only>上午|下午|中午|晚上|晚间|傍晚|早上|早晨|凌晨|夜间|夜里|白天))",
}

# The years of a century (from its first, 0) that its start, end and middle name (本世纪初: 2001–2010).
CENTURY_PARTS: dict[str, tuple[int, int]] = {
    "初": (0, 9), "初期": (0, 9), "末": (90, 99), "末期": (90, 99), "中叶": (40, 59), "中期": (40, 59),
}
# The years of a decade (from its first, 0) that its parts name (八十年代初: 1980–1983, 八十年代后期: 1985–1989),
# and which decade of a pair they count in: the first for a start (五六十年代初: 1950–1953), the last for an end
# (五六十年代末: 1967–1969).
DECADE_PARTS: dict[str, tuple[str, int, int]] = {
    "初": ("first", 0, 3), "初期": ("first", 0, 3), "前期": ("first", 0, 4), "中期": ("first", 3, 6),
    "中后期": ("last", 4, 9), "后期": ("last", 5, 9), "末": ("last", 7, 9), "末期": ("last", 7, 9),
}

# The hour TIME reads as the end of its day (24时, 24点, 二十四时, 24:00): a time is HH:MM of 00:00–23:59 (as a
# datetime.time and an ICS start are), so such a date has no time, rather than 00:00 of the same day.
END_OF_DAY_HOUR = 24
# 晚上12点 and 夜间12点 are midnight at the end of that day, as 24时 is (凌晨12点 starts it, 中午12点 is noon).
MIDNIGHT_AMPM = frozenset({"晚上", "晚间", "夜间", "夜里"})

# Characters after a number that make it a count, an amount or a code rather than a year or a date.
MEASURE_AFTER = (
    "万亿千百余多个人名位家项元块次件台辆套条张份所座间场户只头株亩吨米平字届批支例种类款步倍%‰"
    "篇部册本首期号栋楼层"
)

# --------------------------------------------------------------------------- rules
# Each rule: a name, a pattern (with FRAGMENTS in braces) and examples that must be found whole.
# Order matters: at one position the first rule that matches wins, so longer forms come first.
RULES: list[tuple[str, str, tuple[str, ...]]] = [
    # A numeric date or month may end a range written the same way (2018/1/10-2018/7/10, 2024.5.30-6.2 with
    # the end's year left out, 2024.5-2024.8): read in one rule, since the second date's own start, after a
    # hyphen, is refused as part of a code. A date followed by .digit is a version or a code (2024.5.30.1).
    ("numeric_date",
     r"(?<![\d.\-/])(?P<y>[12]\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
     r"(?:{CONN}(?:(?P<y_end>[12]\d{3})(?P=sep))?(?P<m_end>\d{1,2})(?P=sep)(?P<d_end>\d{1,2}))?(?![\d%]|\.\d)日?"
     r"(?: ?(?P<hh>[01]?\d|2[0-3]):(?P<mi>[0-5]\d))?",
     ("2024-04-16", "2024/4/16", "2024.4.16", "2024-04-16 14:30", "2018/1/10-2018/7/10", "2024.5.30-6.2")),
    # A season, school year or fiscal year (group season) may end in two digits or after a slash (2024/25赛季,
    # 2022-23赛季, 2024/25學年, 2024/25年度 as Hong Kong writes a fiscal year): only before its unit, since 2024/25
    # alone is a fraction or a code.
    ("year_range",
     r"(?<![\d.\-/])(?P<y>[12]\d{3})(?:(?P<u1>年)?{CONN}(?P<y_end>[12]\d{3})(?P<unit>学年|年度|赛季|年)?"
     r"|[/\-](?P<y_short>\d\d|[12]\d{3})(?P<season>学年|年度|赛季))(?![\d%])",
     ("2021—2025年", "2021-2022学年", "2021年-2023年", "2019年至2020年", "2024—2025赛季", "2024/25赛季",
      "2022-23赛季", "2024/2025学年")),
    # In Chinese numerals, with the unit after the end year only (with 年 after both years, 一九八〇年至一九八三年,
    # the two year atoms are joined as a range).
    ("year_range_cn",
     "{NOT_NUM_BEFORE}(?P<y>{YCN_YEAR}){CONN}(?P<y_end>{YCN_YEAR})(?P<unit>学年|年度|年)",
     ("一九八〇—一九八三年", "二〇二三至二〇二四学年")),
    ("numeric_month",
     r"(?<![\d.\-/])(?P<y>[12]\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})"
     r"(?:{CONN}(?P<y_end>[12]\d{3})(?P=sep)(?P<m_end>\d{1,2}))?(?![\d.\-/%]|[{MEASURE}])",
     ("2024.04", "2024-04", "2024/4", "2024.5-2024.8")),
    ("lunar_date",
     "(?:(?P<lunar>农历|阴历)(?P<lm>闰?(?:十[一二]?|[正一二三四五六七八九冬腊]|1[0-2]|[1-9]))月"
     r"(?P<ld>{LD}|[12]\d|30|[1-9]|[一二三四五六七八九十])日?"
     "|(?P<lm2>[正冬腊])月(?P<ld2>{LD})|大年(?P<ld3>初[一二三四五六七八九十]|三十))"
     "(?:{CONN}(?P<ld_end>初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?))?",
     ("农历十月初一", "正月十五", "腊月二十三", "农历八月十五", "大年初一", "农历2月2日", "大年初一至初三",
      "正月初一至初七", "农历三月三")),
    # An edition of a commemorative day, or (group plan_n) the n-th five-year plan written out (one rule: one
    # alternative fewer for the scan to try).
    ("ordinal_day",
     r"第(?:(?P<n>\d{1,3}|[一二三四五六七八九十百]{1,4})个[“\"]?(?P<hname>{ANNIVERSARY_NAMES})"
     "|(?P<plan_n>[一二三四五六七八九十]{1,3})个五年(?:规划|计划))",
     ("第八个全国科技工作者日", "第8个“中国航天日", "第十四个五年规划", "第一个五年计划")),
    # A month (and day): the year before it, if any, is a separate atom (year, relative_year, every_year)
    # joined to it afterwards; a rule starting with optional prefixes would be tried at every character.
    # 初一 … 初十 after a month name a lunar day (九月初九, 五月初五), never 月初 plus a stray numeral; a month
    # followed by 第二个星期日 is that weekday of the month (母亲节 is 5月的第二个星期日). Days listed after one
    # month share it (group d_list: 5月3、4日 is 5月3 and 4日, see LIST_SHARED).
    ("ymd",
     "{NOT_NUM_BEFORE}(?<!\\d:)(?P<m>{M_WRITTEN}|{MCN})(?:{CONN}(?P<m_end>{M}|{MCN}))?月份?"
     "(?:(?<![份])(?P<d>{D_WRITTEN}|{DCN})(?:(?P<d_list>{DAY_LIST})|)(?:{CONN}(?P<d_end>{D}|{DCN}))?[日号]"
     "|(?P<lunar_day>初[一二三四五六七八九十])"
     "|(?P<part>{PART_OF_MONTH})|的?第(?P<nth>[一二三四五1-5])个(?:周|星期|礼拜)(?P<nth_wd>[一二三四五六日天])"
     "|的?(?P<week>{WEEK_OF_MONTH}))?"
     "(?:{TIME})?",
     ("4月23日", "四月十六日", "12月", "3月11—13日", "1—6月", "3月上旬", "4月23日上午9时30分", "九月初九",
      "5月的第二个星期日", "11月第四个星期四", "5月3、4日", "五月三、四号", "十月的第一周", "3月第一周")),
    ("every_year",
     "(?P<every>每年)(?:的)?(?=(?:{M}|{MCN})(?:、[\\d一二三四五六七八九十]{1,2}){0,11}月)",
     ("每年5月",)),
    # (group roc: a year of the Republic of China, see ROC.)
    ("year",
     r"(?:(?P<y>{Y4})|(?P<ycn>{YCN4})|(?<!\d)(?P<y2>0\d|\d{2}(?=年(?:{M}|{MCN})月))"
     r"|(?<![{CN}])(?P<ycn2>[〇零][一二三四五六七八九]|[{CN}]{2}(?=年(?:{M}|{MCN})月))"
     r"|{ROC})年"
     # 年限 (a term) is a word, but not where 限 starts one (2023年限制性股票, 2024年限额以上企业, 2017年限购政策).
     r"(?!代|级|龄|纪|金|会|货|终奖|限(?![制额购行号价量时])|薪|均)(?P<part>{PART_OF_YEAR})?",
     ("2018年", "二〇二四年", "08年", "98年", "2023年底", "2024年上半年", "2024年一季度", "2024年春季", "民国113年",
      "民国三十八年")),
    # A year of the Republic of China written bare, as Taiwan's press writes it (113年度, 113年7月1日 = 2024年7月1日):
    # only 100–149 (2011–2060), only before 度 or a month, and only in a text in traditional characters (see
    # TRADITIONAL_FORMS): in other text 113年 is a count of years (113年历史).
    ("roc_year",
     r"(?<![\d.])(?P<roc>1[0-4]\d)年(?=度|(?:1[0-2]|0?[1-9])月)",
     ("113年", "114年")),
    # A date with a year of the Republic of China, as Taiwan's government notices write it (113/05/15 = 2024-05-15),
    # alone or as a window (113/05/15起至113/06/14, the end's year may be left out): as roc_year, only 100–149 and
    # only in a text in traditional characters; in other text 113/05/15 is a code or a fraction. Not after a
    # letter, a digit or a code's separator, nor before another digit (文號113/05/150).
    ("roc_date",
     r"(?<![\dA-Za-z./\-])(?P<roc>1[0-4]\d)/(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])"
     r"(?:(?:起至|{CONN})(?:(?P<roc_end>1[0-4]\d)/)?(?P<m_end>1[0-2]|0?[1-9])/(?P<d_end>3[01]|[12]\d|0?[1-9]))?"
     r"(?![\d/.%])",
     ("113/05/15", "113/5/15", "113/05/15起至113/06/14", "113/05/15-113/06/14", "113/12/28～1/3")),
    # Two years named together (今明两年, group ry_span, see RELATIVE_YEAR_SPANS) before one year.
    # Taiwan's press writes the number of a relative day, month or year in brackets inside the word (今（14）日,
    # 上（9）月, 本（113）年: group tw, the word's head, see GLOSSED_WORDS).
    ("relative_year",
     "(?P<ry_span>今明两年|明后两年)|(?:(?P<ry>{RELY})|(?P<tw>[本去明])[（(]\\d{2,4}[）)]年)(?:的)?"
     "(?P<part>{PART_OF_YEAR}|以来)?",
     ("今年", "去年", "今年以来", "明年上半年", "今年春季", "今明两年", "本（113）年")),
    ("relative_month",
     "(?:(?P<rm>本月|上月|下月|当月|次月|同月|上个月|下个月|这个月)|(?P<tw>[本上下])[（(](?:1[0-2]|0?[1-9])[）)]月)"
     "(?:(?P<d>{D}|{DCN})(?:(?P<d_list>{DAY_LIST})|)[日号]|(?P<part>{PART_OF_MONTH})|的?(?P<week>{WEEK_OF_MONTH}))?",
     ("本月", "上月", "下月15日", "本月下旬", "本月3、4日", "下月第一周", "上（9）月底")),
    ("relative_day",
     "(?:(?P<rd>今明两[天日]|明后两[天日]|大前天|前天|昨天|昨日|昨晚|昨夜|今天|今日|今晚|今晨|今早|明天|明日|明晚|明早|大后天"
     "|后天|次日|翌日|当天|当日|当晚|同日|即日)|(?P<tw>[今昨明])[（(](?:3[01]|[12]\\d|0?[1-9])[）)]日)(?:{TIME})?",
     ("昨天", "次日", "当天上午", "明天下午3点", "今明两天", "今（14）日", "明（6）日白天")),
    ("weekday",
     "(?P<every>每)?(?P<wk>上上|下下|上个|下个|这个|本|这|上|下)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天末])(?:{TIME})?",
     ("星期三", "周三", "上周五", "下周一", "每周三", "本周末")),
    ("week",
     "(?P<wk>上上|下下|上个|下个|这个|本|这|上|下)(?:周|星期|礼拜)(?![一二三四五六日天末])",
     ("上周", "下周", "本周", "下个星期")),
    ("offset",
     "(?P<n>\\d{1,3}|[一二两三四五六七八九十百半]{1,3})(?P<unit>天|日|周|个星期|个礼拜|个月|年)"
     "(?P<dir>以前|以后|之前|之后|前(?!后)|后)(?![{MEASURE}])",
     ("3天前", "两年前", "20天后", "3个月后", "半年后")),
    ("period_part",
     "(?<![\\d{CN}十个今去明前后同当次本])(?P<part>上半年|下半年|年初|年底|年末|第?[一二三四1-4]季度|前[两二三]季度)",
     ("上半年", "年底", "一季度", "第三季度", "前三季度")),
    ("decade",
     "(?:(?P<century>二十一|二十|十九|21|20|19|本|上)世纪)?"
     "(?:(?P<decade>[一二三四五六七八九]十|[1-9]0)|(?P<decade_a>[一二三四五六七八])(?P<decade_b>[二三四五六七八九])十)年代"
     "(?P<part>{DECADE_PARTS})?"
     # A century alone (group century_only), where it is the time of the clause (进入21世纪，…), not a name
     # (21世纪经济报道); with its start, middle or end (group century_part: 本世纪初, 上世纪末, 21世纪中叶).
     "|(?P<century_only>二十一|二十|十九|21|20|19|本|上)世纪(?P<century_part>{CENTURY_PARTS})?"
     "(?=[，,。、；的以是中初末]|$)",
     ("九十年代", "90年代", "二十世纪八十年代", "上世纪五六十年代", "21世纪", "二十世纪", "本世纪初", "上世纪末",
      "21世纪中叶")),
    ("plan",
     "(?<![{CN}十])十(?P<plan>[一二三四五六七八九])五(?![\\d%个年万])",
     ("十四五", "十五五", "十三五")),
    ("recurring_month_day",
     "(?P<every>每月)(?P<d>{D}|{DCN})[日号]",
     ("每月15日",)),
    ("bare_day",
     "(?<![\\d{CN}十廿卅月第.])(?P<d>{D})(?:{CONN}(?P<d_end>{D}))?日{NOT_DAY_AFTER}(?:{TIME})?",
     ("23日", "7日", "13日上午", "20—22日")),
    # A bare day in Chinese numerals: only as the last of a list of days (三、四日, see LIST_MEMBERS), written
    # loosely as DAY_LIST.
    ("listed_day",
     "(?<=、)(?P<d>[一二三四五六七八九十廿卅]{1,3})日{NOT_DAY_AFTER}",
     ("四日",)),
    ("bare_year",
     r"(?<![\d.\-/A-Za-z第#￥$])(?P<y>(?:19|20)\d\d)(?![\d.\-/%年至到~—–]|[{MEASURE}月日天小分秒])",
     ("2020、", "2025“科创中国”")),
    ("vague",
     "(?P<vague>截至目前|近年来|多年来|一直以来|长期以来|目前|当前|如今|今后|未来|每年|以往|过去)",
     ("目前", "近年来", "一直以来")),
]

# Atoms that give the year of a month atom (MONTH_RULES) written right after them (``2024年`` + ``4月16日``,
# ``2025年`` + ``农历八月十五``), with at most JOIN_GAP between them.
YEAR_PREFIX_RULES = frozenset({"year", "roc_year", "relative_year", "every_year"})
MONTH_RULES = frozenset({"ymd", "lunar_date"})
JOIN_GAP = ("", "的")

# A day written without its month right after a day (an atom with a day that ends in 日 or 号) and a range
# word or a list joiner: 四月五日—二十日, 8月16号—20号, 八月九日和十三日. Read only there, in the forms
# bare_day does not read (Chinese numerals, 号), as bare_day would read them. The pattern starts at the range
# word or joiner; the atom (resolved as a bare day) starts at group ``d``. (rule, pattern, examples) as in
# RULES.
FOLLOWING_DAY_RULE: tuple[str, str, tuple[str, ...]] = (
    "following_day",
    "(?:{CONN}|[和、])(?P<d>{D}(?=号)|{DCN})[日号]{NOT_DAY_AFTER}(?:{TIME})?",
    ("—二十日", "—20号", "和十三日", "至十五号", "~十五号上午"),
)

# A part of a month written without its month (上旬, 中旬, 下旬) where it opens a later clause of the sentence
# that names a month without a day (5月中旬召开筹备会，下旬正式开幕: the 下旬 of May): tried only after an atom of
# MONTH_PART_AFTER_RULES in a text holding 旬, not in the scan (旬 would be a new anchor), and kept only when
# no date stands between them.
MONTH_PART_AFTER_RULE: tuple[str, str, tuple[str, ...]] = (
    "month_part_after",
    "[^。！？!?\\n]{0,40}?[，,；;]\\s*(?:并于|将于|并|将|于|至|到)?(?P<part>上中旬|中下旬|上旬|中旬|下旬)",
    ("召开筹备会，下旬", "，并于中下旬"),
)
MONTH_PART_AFTER_RULES = frozenset({"ymd", "numeric_month", "relative_month"})

# Rules found by a plain word list (scanned in C without trying the rules above at every character), then
# widened by patterns that must end right before the word (prefix) and start right after it (suffix).
LEXICON_RULES: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    # (rule, word-list fragment, prefix pattern, suffix pattern, examples)
    # A name that ends in a numeral (十一, 五一, 三月三) is part of a number, a date or a count, not a holiday,
    # when a numeral, a date unit or a measure word follows it (今年十一月五日, 三月三日, 三月三十日, 三月三号,
    # 去年十一个城市), but not 期间 (五一期间).
    ("holiday", "{HOLIDAY_NAMES}(?!(?<=[一二三四五六七八九十])(?!期间)[\\d〇零一二三四五六七八九十月日年{MEASURE}])",
     # (group cycle: a year named in the sexagenary cycle or by its animal, 甲辰年, 龙年, 甲辰龙年, see CYCLE_STEMS.)
     r"(?:(?P<every>每年)(?:的)?|(?:(?P<y>{Y4})|{ROC}|(?P<cycle>{CYCLE_YEAR}))年(?:的)?|(?P<ry>{RELY})(?:的)?)?"
     r"[“\"「]?",
     # A time of day may follow (国庆节上午9时, 元宵节当晚8点, 五一上午).
     r"[”\"」]?(?P<mod>{HOLIDAY_MODIFIERS})?(?:{TIME})?",
     ("六一儿童节前夕", "国庆节期间", "2024年春节", "民国114年元旦", "今年中秋节", "“3·15”", "元旦", "今年三月三",
      "三月三期间", "甲辰龙年春节", "龙年元宵节")),
]
# How far back a lexicon prefix may reach.
LEXICON_PREFIX_WINDOW = 12

# Lists whose members share the unit written after the last one (3、4月份, 三、四日, 3、4季度): the members
# before the last are numbers joined by LIST_JOINER, found back from it (at most LIST_MAX_MEMBERS, as far back
# as the atom before it) when it is an atom of a rule here: rule → (the pattern of a member, the part it gives).
# Each member is a mention of its own, its span its own characters; in LIST_TAKE_YEAR the first takes the year
# written before it (今年3、4月份 → 今年3 and 4月份, 2024年3、4季度 → 2024年3 and 4季度), which the others share.
# Days listed after their month (5月3、4日) are read by ymd itself.
LIST_JOINER = "、"
LIST_MEMBERS: dict[str, tuple[str, str]] = {
    "ymd": ("{M}|{MCN}", "m"), "bare_day": ("{D}|{DCN}", "d"), "listed_day": ("{D}|{DCN}", "d"),
    # Quarters (三、四季度, 第三、四季度, 2024年3、4季度): only after a quarter, whose unit each member is given
    # for its part (三 → 三季度); a list closed by another part (一、上半年) is none.
    "period_part": ("第?[一二三四1-4]", "part"),
}
LIST_PART_UNIT = "季度"
LIST_TAKE_YEAR = frozenset({"ymd", "period_part"})
LIST_MAX_MEMBERS = 15
# A character right before the first member that makes the list numbers of something else (13、4月, 1.3、4月,
# A3、4月): the last atom stays as it was.
LIST_NOT_BEFORE = r"[\dA-Za-z〇零一二三四五六七八九十两廿卅百千万.\-/#]"
# Before the first member: an ordinal list (第1、2日), which is no date at all, the last atom neither.
LIST_ORDINAL_BEFORE = "第"
# A first member that opens a line numbers a heading (二、三月份工作安排): no list.
LIST_HEADING_BEFORE = "\n"
# The parts each member of a list shares with the others (the year and month, not the day or time of one).
LIST_SHARED = frozenset({"y", "ycn", "y2", "ycn2", "ry", "every", "m", "rm"})
# Holidays joined by these (or written one after the other: 中秋国庆假期) share the modifier written after the
# last (中秋、国庆期间) and the year written before the first (2023年中秋、国庆期间).
HOLIDAY_LIST_JOINERS = ("、", "和", "与", "及", "")

# Anchors: every match of a rule above holds one of ANCHOR_CHARS (VAGUE_ANCHOR_CHARS too for ``vague``) or
# starts with ANCHOR_PREFIX. The scan tries the rules only where an anchor follows within the reach the
# rules allow, or the prefix follows (worked out from the patterns when they are compiled, which fails if a
# rule breaks this). More anchors mean shorter reaches but more places tried; 第 keeps 第八个全国科技工作者日
# from stretching the reach of 日, and the prefix keeps year ranges (一九八〇—一九八三年) from stretching the
# reach of 年; its last set takes a slash for roc_date (113/05/15), which holds no anchor. The prefix is tested
# one character position at a time, so it must be a sequence of sets.
ANCHOR_CHARS = "年月日天周期拜季晚夜晨早五节世第"
VAGUE_ANCHOR_CHARS = "前今来往去"
ANCHOR_PREFIX = r"[12一二][\d〇零一二三四五六七八九]{2}[\d〇零一二三四五六七八九/]"

# A text is in traditional characters when it holds more of these traditional forms than of their simplified
# forms, and at least TRADITIONAL_MIN of them, or, when it holds no simplified form at all, one for every
# TRADITIONAL_SHARE Han characters (a one-line notice: 報名期間：113/05/15起至113/06/14止). Traditional → simplified;
# neither side is one that repair unifies or produces (timeline.charforms), so both stay in the text the engine
# reads. Left out: forms either script writes (台/臺, 于/於, 内/內, 后/後, 并/並, 范/範 …).
TRADITIONAL_FORMS: dict[str, str] = dict(zip(
    "們說為對與發關經過還讓體現實長東車計劃規員費報導請應從進產業區灣機構務執轉結術條論認議選總數處義電華場問題辦傳權變書"
    "聯網線單環縣鄉衛醫療購買賣資額類級統續約給讀課試調謝識護驗質錄運達邊設證詢補將屬參獎團園圖聽歡觀視親興舊雙雜難響隨險"
    "陸傷備幫廣廠災無獲積稅穩簡紅組細綜維繳職聲腦藥蘭虛裝見覽評詳語誤談講謂負貨責貿賽贊軍較輸遠鄰針銀錢鐵門閱隊階須預領風"
    "飛館黨齊龍稱審檢測幣銷",
    "们说为对与发关经过还让体现实长东车计划规员费报导请应从进产业区湾机构务执转结术条论认议选总数处义电华场问题办传权变书"
    "联网线单环县乡卫医疗购买卖资额类级统续约给读课试调谢识护验质录运达边设证询补将属参奖团园图听欢观视亲兴旧双杂难响随险"
    "陆伤备帮广厂灾无获积税稳简红组细综维缴职声脑药兰虚装见览评详语误谈讲谓负货责贸赛赞军较输远邻针银钱铁门阅队阶须预领风"
    "飞馆党齐龙称审检测币销",
    strict=True))
TRADITIONAL_MIN = 3
TRADITIONAL_SHARE = 10

# --------------------------------------------------------------------------- lexicons
# Relative years: offset from the reference year, or None for the narrative year (同年/当年)
# and "narrative+1" for 次年/翌年.
RELATIVE_YEARS: dict[str, int | str] = {
    "今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2, "大前年": -3, "明年": 1, "下一年": 1,
    "后年": 2, "同年": "narrative", "当年": "narrative", "次年": "narrative+1", "翌年": "narrative+1",
}
RELATIVE_MONTHS: dict[str, int | str] = {
    "本月": 0, "这个月": 0, "当月": "narrative", "同月": "narrative", "上月": -1, "上个月": -1,
    "下月": 1, "下个月": 1, "次月": "narrative+1",
}
# A relative word written with its number in brackets (group tw, 今（14）日): the rule → the group that gets
# the word and the unit that closes it after the head (今 + 日 → rd 今日).
GLOSSED_WORDS: dict[str, tuple[str, str]] = {
    "relative_day": ("rd", "日"), "relative_month": ("rm", "月"), "relative_year": ("ry", "年"),
}
# Two years named together (今明两年): the offsets of the first and the last from the reference year.
RELATIVE_YEAR_SPANS: dict[str, tuple[int, int]] = {"今明两年": (0, 1), "明后两年": (1, 2)}
# Relative days: offset in days from the reference date, or from the narrative day.
RELATIVE_DAYS: dict[str, int | str] = {
    "今天": 0, "今日": 0, "即日": 0, "今晚": 0, "今晨": 0, "今早": 0, "昨天": -1, "昨日": -1, "昨晚": -1,
    "昨夜": -1, "前天": -2, "大前天": -3, "明天": 1, "明日": 1, "明晚": 1, "明早": 1, "后天": 2, "大后天": 3,
    "当天": "narrative", "当日": "narrative", "当晚": "narrative", "同日": "narrative",
    "次日": "narrative+1", "翌日": "narrative+1",
}
# Two days named together (今明两天): the offsets of the first and the last from the reference date.
RELATIVE_DAY_SPANS: dict[str, tuple[int, int]] = {"今明两天": (0, 1), "今明两日": (0, 1), "明后两天": (1, 2),
                                                  "明后两日": (1, 2)}
# Contexts in which a relative-day word is not a date (美好明天, 先天后天, 今日头条 …).
RELATIVE_DAY_BLOCKERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # word: (texts that may not precede it, texts that may not follow it)
    "明天": (("美好", "的", "美好的"), ("会更好",)),
    "后天": (("先天", "与", "和"), ("性", "的努力", "养成", "形成", "习得")),
    "今日": ((), ("头条", "说法", "关注", "中国", "视点")),
    "明日": ((), ("之星", "方舟", "香")),
    "当日": ((), ()),
}
WEEKDAYS: dict[str, int] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEK_SHIFTS: dict[str, int] = {
    "": 0, "本": 0, "这": 0, "这个": 0, "上": -1, "上个": -1, "上上": -2, "下": 1, "下个": 1, "下下": 2,
}
# After a bare 周末: what makes it the weekend of the week in question (周末，… / 周末期间天气转晴), where it opens
# a clause; elsewhere it is any weekend (每逢周末, 周末班).
WEEKEND_AFTER = ("，", ",", "期间")
RRULE_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RECURRENCES: dict[str, str] = {"每年": "FREQ=YEARLY", "每月": "FREQ=MONTHLY", "每": "FREQ=WEEKLY"}

# Parts of periods: (first month, last month) for a year, (first day, last day) for a month;
# a last day of 31 means the month's last day.
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "初": (1, 3), "底": (10, 12), "末": (10, 12), "上半年": (1, 6), "下半年": (7, 12),
    "一季度": (1, 3), "二季度": (4, 6), "三季度": (7, 9), "四季度": (10, 12),
    "1季度": (1, 3), "2季度": (4, 6), "3季度": (7, 9), "4季度": (10, 12),
    "一季": (1, 3), "二季": (4, 6), "三季": (7, 9), "四季": (10, 12),
    "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12),
    "前两季度": (1, 6), "前二季度": (1, 6), "前三季度": (1, 9),
    "春季": (3, 5), "春天": (3, 5), "夏季": (6, 8), "夏天": (6, 8),
    "秋季": (9, 11), "秋天": (9, 11), "冬季": (12, 14), "冬天": (12, 14),
    "春": (3, 5), "夏": (6, 8), "秋": (9, 11), "冬": (12, 14),
    "年初": (1, 3), "年底": (10, 12), "年末": (10, 12),
    # School holidays: the summer one in July and August, the winter one in January and February.
    "暑假": (7, 8), "暑期": (7, 8), "寒假": (1, 2),
    # 今年前5个月, 2024年前十个月: the months from January (only after a year: a bare 前3个月 is a duration).
    **{f"前{word}个月": (1, n) for n, words in enumerate(
        ((), (), ("两", "二", "2"), ("三", "3"), ("四", "4"), ("五", "5"), ("六", "6"), ("七", "7"), ("八", "8"),
         ("九", "9"), ("十", "10"), ("十一", "11"))) for word in words},
}
# The n-th week of a month (十月的第一周, 5月第二周, group ``week``): the n-th seven days, 1–7, 8–14, 15–21, 22–28
# and 29 to the month's end, approximate. ISO 8601 (GB/T 7408 in China) numbers the Monday-to-Sunday weeks of a
# year only, and Chinese usage counts a month's weeks in several ways (the week holding the 1st, the week from
# the first Monday, the week holding the first Thursday); the n-th seven days is what they come closest to in
# common, never lies outside the month (a week counted from a Monday may start in the month before, and a
# chronology files 十月的第一周 under October) and is read as 上旬 is, a stretch of days of the month.
_MONTH_WEEKS: dict[str, tuple[int, int]] = {
    f"第{word}周": (7 * n - 6, 7 * n) for n, words in enumerate(
        (("一", "1"), ("二", "2"), ("三", "3"), ("四", "4"), ("五", "5")), 1) for word in words}
MONTH_PARTS: dict[str, tuple[int, int]] = {
    "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "上中旬": (1, 20), "中下旬": (11, 31),
    "初": (1, 10), "底": (21, 31), "末": (21, 31), **_MONTH_WEEKS,
}
# Parts that name a season or a stretch: the result is approximate.
APPROXIMATE_PARTS = frozenset({"初", "底", "末", "年初", "年底", "年末", "春季", "春天", "夏季", "夏天",
                               "秋季", "秋天", "冬季", "冬天", "春", "夏", "秋", "冬", "暑假", "暑期", "寒假",
                               *_MONTH_WEEKS})

# --------------------------------------------------------------------------- holidays
# Fixed-date holidays: name → (month, day). Short names (五一, 七一 …) are time anchors only with a
# modifier or a year before them; see HOLIDAYS_NEED_ANCHOR.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "元旦": (1, 1), "情人节": (2, 14), "植树节": (3, 12), "三八国际妇女节": (3, 8), "三八妇女节": (3, 8),
    "国际妇女节": (3, 8), "妇女节": (3, 8), "三八节": (3, 8), "3·15": (3, 15), "三一五": (3, 15),
    "国际消费者权益日": (3, 15), "世界水日": (3, 22), "世界气象日": (3, 23),
    "全民国家安全教育日": (4, 15), "国家安全教育日": (4, 15), "世界地球日": (4, 22), "世界读书日": (4, 23),
    "中国航天日": (4, 24), "世界知识产权日": (4, 26),
    "五一国际劳动节": (5, 1), "五一劳动节": (5, 1), "国际劳动节": (5, 1), "劳动节": (5, 1), "五一": (5, 1),
    "五四青年节": (5, 4), "青年节": (5, 4), "五四": (5, 4), "全国防灾减灾日": (5, 12), "国际护士节": (5, 12),
    "国际博物馆日": (5, 18), "全国科技工作者日": (5, 30),
    "六一国际儿童节": (6, 1), "六一儿童节": (6, 1), "国际儿童节": (6, 1), "儿童节": (6, 1), "六一": (6, 1),
    "世界环境日": (6, 5), "七一建党节": (7, 1), "建党节": (7, 1), "七一": (7, 1), "八一建军节": (8, 1),
    "建军节": (8, 1),
    "八一": (8, 1),
    "教师节": (9, 10), "国庆节": (10, 1), "国庆": (10, 1), "十一": (10, 1),
    "国家宪法日": (12, 4), "平安夜": (12, 24), "圣诞节": (12, 25), "元旦节": (1, 1), "愚人节": (4, 1),
    "万圣节": (10, 31), "光棍节": (11, 11), "双十一": (11, 11), "女生节": (3, 7),
    # Short names of commemorative days, as a text calls them once it has named them in full.
    "护士节": (5, 12), "科技工作者日": (5, 30), "防灾减灾日": (5, 12), "知识产权日": (4, 26),
    "消费者权益日": (3, 15), "宪法日": (12, 4), "读书日": (4, 23), "地球日": (4, 22), "航天日": (4, 24),
    "博物馆日": (5, 18), "环境日": (6, 5),
}
# Holidays on the n-th weekday of a month: name → (month, weekday 0 = Monday, n).
NTH_WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "母亲节": (5, 6, 2), "父亲节": (6, 6, 3), "感恩节": (11, 3, 4),
}
# Lunar holidays: name → (lunar month, lunar day); day 0 of month 1 means the eve (除夕).
LUNAR_HOLIDAYS: dict[str, tuple[int, int]] = {
    "春节": (1, 1), "元宵节": (1, 15), "元宵": (1, 15), "龙抬头": (2, 2), "端午节": (5, 5), "端午": (5, 5),
    "七夕节": (7, 7), "七夕": (7, 7), "中元节": (7, 15), "中秋节": (8, 15), "中秋": (8, 15),
    "重阳节": (9, 9), "重阳": (9, 9), "腊八节": (12, 8), "农历新年": (1, 1), "腊八": (12, 8), "小年": (12, 23),
    "除夕": (1, 0), "除夕夜": (1, 0), "中秋佳节": (8, 15), "端午佳节": (5, 5), "重阳佳节": (9, 9),
    # 上巳, the festival of the Zhuang (壮族三月三) and other peoples: the lunar 3rd of the 3rd month, not March
    # (三月三日 and 三月三十日 are solar dates: see the holiday rule's lookahead).
    "三月三": (3, 3), "上巳节": (3, 3),
}
# Holidays set by a solar term (清明, 冬至): name → solar-term name in the lunar-calendar package.
# The 24 solar terms (name → the term's name in the calendar tables). Five are also weather words (雨水 rain
# water, 小满, 白露 dew, 小雪 and 大雪 light and heavy snow: 大雪过后 is after a snowfall): those are terms only
# as 大雪节气.
_SOLAR_TERMS = ("立春", "惊蛰", "春分", "清明", "谷雨", "立夏", "芒种", "夏至", "小暑", "大暑", "立秋", "处暑",
                "秋分", "寒露", "霜降", "立冬", "冬至", "小寒", "大寒")
_WEATHER_SOLAR_TERMS = ("雨水", "小满", "白露", "小雪", "大雪")
SOLAR_TERM_HOLIDAYS: dict[str, str] = {
    "清明节": "清明", "中国农民丰收节": "秋分", "农民丰收节": "秋分", **{term: term for term in _SOLAR_TERMS},
    **{f"{term}节气": term for term in (*_SOLAR_TERMS, *_WEATHER_SOLAR_TERMS)},
}
# Names too common in other senses to be dates on their own (五一 as a number, 十一 as eleven, 立秋 as a word in
# a verse …): a time only with a modifier after or a year before (立秋以来, 今年芒种).
HOLIDAYS_NEED_ANCHOR = frozenset({"五一", "五四", "六一", "七一", "八一", "十一", "国庆", "元宵", "端午",
                                  "中秋", "重阳", "腊八", "小年", "七夕", "三八节", *_SOLAR_TERMS,
                                  # a school's or a library's own days too (每周五为读书日)
                                  "读书日", "地球日", "航天日", "博物馆日", "环境日"})
# Names that are a date wherever they stand whole, even in an activity's name (壮族三月三歌圩): else the month
# inside them is read (三月, March), a wrong value.
HOLIDAYS_ALWAYS_ANCHOR = frozenset({"三月三"})
HOLIDAY_MODIFIERS = ("前夕", "前后", "期间", "当天", "当日", "假期", "长假", "小长假", "黄金周", "来临之际",
                     "到来之际", "之际", "这天", "那天", "这一天", "过后", "前", "后", "当晚", "当夜", "时节",
                     "以来", "之后", "之前")
# Modifiers that put what is told before the holiday. The eve of a holiday on 1 January (元旦前夕) falls in the
# year before it: with the narrative's year (2024年，… 12月26日，… 元旦前夕，…), not a year written with it, the
# holiday is the one that year ends with.
EVE_MODIFIERS = frozenset({"前夕", "前", "来临之际", "到来之际"})
# Modifiers that put a clock time after them in the evening (元宵节当晚8点 is 20:00).
EVENING_MODIFIERS = frozenset({"当晚", "当夜"})
# Modifiers that make the date approximate.
APPROXIMATE_MODIFIERS = frozenset({"前夕", "前后", "期间", "假期", "长假", "小长假", "黄金周", "来临之际",
                                   "到来之际", "之际", "过后", "前", "后", "时节", "之后", "之前"})
# Words before a holiday name that make it a time anchor.
HOLIDAY_ANCHORS_BEFORE = ("在", "于", "逢", "值此", "正值", "恰逢", "适逢", "时值", "每逢", "迎来", "度过", "欢度",
                          "喜迎", "迎接", "庆祝")
# Days named right before a holiday name make even a name that needs an anchor one (今日芒种, 明天立秋): the day
# is that holiday. Not a name that starts with a numeral (明天十一点 is a clock time).
DAY_WORDS_BEFORE_HOLIDAY = ("今日", "今天", "明日", "明天")
# Words after a holiday name that make it a time anchor (春节临近，…; 中秋将至), not part of its mention.
HOLIDAY_ANCHORS_AFTER = ("临近", "将至", "来临", "到来", "在即", "即将到来")
# Years named in the sexagenary cycle (干支纪年) before a holiday (甲辰龙年春节, 龙年元宵节): the stems, the branches
# and the animals of the branches, in order; CYCLE_BASE_YEAR is a 甲子 year. A name (甲辰, or 龙 alone, a cycle of
# twelve) is the year of that name nearest the reference year: the Gregorian year its lunar year starts in
# (甲辰龙年 ran from 2024-02-10, 春节, to 2025-01-28). Fragment CYCLE_YEAR: a stem and a branch (甲辰), with or
# without the animal (甲辰龙), or the animal alone (龙).
CYCLE_STEMS = "甲乙丙丁戊己庚辛壬癸"
CYCLE_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CYCLE_ANIMALS = "鼠牛虎兔龙蛇马羊猴鸡狗猪"
CYCLE_BASE_YEAR = 1984
# Commemorative days counted by edition (第八个全国科技工作者日): name → year first held.
ANNIVERSARY_FIRST_YEAR: dict[str, int] = {
    "全国科技工作者日": 2017, "中国航天日": 2016, "全民国家安全教育日": 2016, "国家安全教育日": 2016,
    "全国防灾减灾日": 2009, "中国农民丰收节": 2018, "国家宪法日": 2014, "教师节": 1985,
}

# --------------------------------------------------------------------------- five-year plans and decades
# The n-th five-year plan starts in 1966 + 5·(n − 3) for n ≥ 3 (the 1963–65 adjustment broke the series).
FIVE_YEAR_PLAN_BASE = (3, 1966)
# The first two plans, before the break: 1953–1957, 1958–1962.
FIVE_YEAR_PLAN_STARTS: dict[int, int] = {1: 1953, 2: 1958}

# --------------------------------------------------------------------------- vague words
VAGUE_WORDS: dict[str, str] = {
    "截至目前": "PRESENT_REF", "目前": "PRESENT_REF", "当前": "PRESENT_REF", "如今": "PRESENT_REF",
    "近年来": "PAST_REF", "多年来": "PAST_REF", "一直以来": "PAST_REF", "长期以来": "PAST_REF",
    "以往": "PAST_REF", "过去": "PAST_REF", "今后": "FUTURE_REF", "未来": "FUTURE_REF", "每年": "PRESENT_REF",
}
# 未来 is an adverb only before these (未来将…, 未来，…, 未来五年); otherwise it modifies a noun (未来产业).
FUTURE_ADVERB_NEXT = ("将", "，", ",", "、", "要", "会", "还", "也", "几年", "一段", "五年", "三年", "十年",
                      "一年", "两年", "数年")

# --------------------------------------------------------------------------- bare years
# Words before a bare four-digit number that make it a quantity.
QUANTITY_BEFORE = ("第", "共", "约", "达", "超", "逾", "近", "计", "合计", "累计", "增加", "减少", "增长", "编号",
                   "号码", "电话", "代码", "型号", "No.", "NO.")
# A bare year is taken only before these (a list, a name, a quoted title) or a CJK character.
BARE_YEAR_LIST_JOINERS = ("、", "和", "与", "及", "或")
# Clause boundaries: a year written later in the same clause may date a month-day before it.
CLAUSE_END = "。！？；!?;\n"
LOOKAHEAD_YEAR_WINDOW = 40

# --------------------------------------------------------------------------- the narrative's year
# A year written in these contexts is not the year the text goes on narrating: a comparison (较2019年, 比去年,
# 与2019年相比, 较去年同期), a target or deadline (到2025年, 力争到2027年, 2030年前, 12月31日前), a period of
# work (2023年度), a date from which a rule applies (明年1月1日起施行), a document named after it
# (发布2024年…公报, 《2024年…报告》) or a start (自2017年起, 自2010年实施以来). Such a year neither becomes
# the narrative's year nor dates a month-day before it in the same clause.
NOT_NARRATIVE_BEFORE = ("较", "比", "相比", "对比", "超越", "超过", "高于", "低于", "好于", "由", "到", "至",
                        "发布", "公布", "印发", "出台", "发表", "审议", "总结", "编制")
NOT_NARRATIVE_AFTER = (r"(?:度|同期|相比|相较|起(?:正式)?(?:施行|实施|执行|生效)"
                       r"|(?:以|之)?前(?![\d一二三四五六七八九十两]))")
# 自/从 … 以来/起: the year a state of things starts from (within the clause, at most SINCE_WINDOW after it).
SINCE_BEFORE = ("自", "从")
SINCE_AFTER = r"以来|起"
SINCE_WINDOW = 12
# A year inside a title 《…》 names a document: the opening mark at most TITLE_WINDOW before it.
TITLE_OPEN, TITLE_CLOSE = "《", "》"
TITLE_WINDOW = 40
# A year alone (2019年, 去年) that does not open its clause (2019年转为职业球员, 较2019年调查时) states a fact
# of that year: it is the narrative's year only to the end of its sentence. One followed by these opens a
# clause as its time (2019年，… / 2019年\n…) and stays the narrative's year.
TOPIC_YEAR_AFTER = "，,：:\n\r \t"
# A year written after these is the time of its sentence's event (于2012年圆满落幕, 在2015年和2021年…): the
# narrative goes on in it as after a year that opens its clause.
EVENT_TIME_BEFORE = ("于", "在")
SENTENCE_END = "。！？!?\n"

# A date after these, not a range's end, is where something ends. One still to come (after the reference date:
# 会期至22日, 延期至3月3日闭展) leaves the day and month the text goes on telling as they were (世界气象组织当天发布
# is the opening day; 24日 is in the month told before); a past one is told (持续至3月3日。次日… is 3月4日). A
# cut-off (截至3日) is a time told.
END_ONLY_BEFORE = ("至", "到")
CUTOFF_BEFORE = ("截至", "截止到", "截止至")

# Cue words are looked for in traditional script too (將於, 預計): text repair unifies only some characters
# (charforms: 時, 當, 屆 …), so the cue tuples below carry the traditional spellings of the others.
_CUE_TRADITIONAL = str.maketrans("将于拟预计划经业从测报准备", "將於擬預計劃經業從測報準備")


def _both_scripts(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*words, *(w.translate(_CUE_TRADITIONAL) for w in words))))


# A bare day (3日) after an end word (截至当地时间3日) whose number is below the day told last is in the month
# after it when that is nearer the reference date (自2月26日起持续燃烧，截至3日 in a text of 3月4日; 截至19日16时
# after a forecast for 22日, in a text of 1月19日, is today). A time zone may stand between.
BARE_DAY_END_BEFORE = (*END_ONLY_BEFORE, "截止")  # 截至 and 截止到 end in them
TIME_ZONE_WORDS = ("当地时间", "北京时间")
# A bare day of the reference's month well after the reference date is in the month before (新华社4月3日电 国家
# 统计局30日发布 is 3月30日) when that is nearer the reference, unless its clause (from the last of CLAUSE_MARKS,
# at most CLAUSE_WINDOW before it, to the sentence's end) has a word of the future or an end in it (将于30日开幕,
# 30日，全省将迎来降雨, 持续到30日).
CLAUSE_MARKS = "，,。；;！？!?\n"
CLAUSE_WINDOW = 200
FUTURE_WORDS = _both_scripts(("将", "拟", "定于", "计划", "预计", "即将", "届时", "有望", "预报", "预测", "准备", "至",
                              "到"))

# Tense: words that say a date without a year of its own is still to come (将于1月10日开幕, 元旦假期将…, 中秋节前，
# 将…) or is past already (已于10月启动, 10月已完成). When the year it was given puts such a date more than the
# slack on the wrong side of the full reference date, it moves to the right side: one year, or, when that year
# is the narrative's stated in an earlier sentence (1997年2月退休。告别仪式定于2月18日 in a 2025 text), to the
# occurrence nearest the reference (a year stated in the same sentence holds: 1949年9月27日，会议决定定于10月1日
# 举行). The future's slack is wider, as a text is often dated after the announcement it reports.
FUTURE_BEFORE = _both_scripts(("将于", "定于", "拟于", "计划于", "预计于", "预定于", "即将于", "将在", "拟在",
                               "计划在", "预计在", "定在", "将从", "将自"))
FUTURE_AFTER = _both_scripts(("将", "即将", "拟", "，将", "，即将", "，拟"))
PAST_BEFORE = _both_scripts(("已于", "已在", "已经于", "已经在", "早已于", "业已于", "曾于", "曾在", "已从", "已自"))
PAST_AFTER = _both_scripts(("已", "已经", "曾", "，已", "，已经", "，曾"))
FUTURE_SLACK_DAYS = 60
PAST_SLACK_DAYS = 7

# A line opening with one of these bullets starts an item of a digest of news (◆ 3月12日，… ◆ 去年，… ◆ 3月28日至
# 29日，…): each item is a report of its own, so the year an item states is not the next one's.
ITEM_BULLETS = "◆◇■□●▲△▼▽★☆▶►•"

# A weekday in brackets right after a month-day (5月8日（星期三）, 1月20日(周一)): it picks the year of a
# month-day written without one, the nearest (at most WEEKDAY_YEAR_REACH years away) in which the day is that
# weekday.
WEEKDAY_BESIDE = r"[（(](?:星期|周|礼拜)(?P<wd>[一二三四五六日天])[）)]"
WEEKDAY_YEAR_REACH = 6
