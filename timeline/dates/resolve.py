"""Resolution: give each found expression its calendar value.

Rules, applied in text order with a small narrative state (the year, month and day last stated):

* An explicit year wins.
* A month or month-day without a year takes the narrative's current year: a year written later in the
  same clause (``3月11日至13日，2026年…培训班``), else the year most recently stated, else the reference
  year. With a full reference date and no year stated anywhere before, a month-day more than half a year
  from the reference moves to the neighbouring year when that is within three months of it.
* A bare day takes the last stated month, else the reference month.
* Relative words (今年, 去年, 昨天, 上周五 …) resolve against the reference date; anaphoric ones (同年,
  当天, 次日) against the narrative.
* Range ends take the parts they omit from their start; an end month before the start month crosses
  into the next year.

Each value records its basis: explicit, context_year, relative, holiday, inferred (or unresolved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]

from timeline.dates import analysis
from timeline.dates import calendars as cal
from timeline.dates import grammar as g
from timeline.dates.model import Atom, Basis, Expression, Precision, Value


@dataclass(frozen=True, slots=True)
class Reference:
    """What the text is dated by: always a year, sometimes a full date."""

    year: int
    day: date | None = None


@dataclass(slots=True)
class _Narrative:
    year: int | None = None
    month: tuple[int, int] | None = None
    day: date | None = None
    # A year stated as a fact of a sentence (see grammar.TOPIC_YEAR_AFTER) holds until ``until`` (the end of
    # its sentence); then the year stated before it (``kept``) is the narrative's again. -1: none pending.
    until: int = -1
    kept: int | None = None
    # The year stated last, as a fact or not: what 同年/当年/次年 refer to.
    stated: int | None = None
    # Where the year was stated: no item of a digest (grammar.ITEM_BULLETS) starts between it and ``checked``.
    checked: int = 0
    # The end of the expression that stated ``year`` (-1: none did).
    stated_at: int = -1
    # Where the sentence of a month to come, without a day, that set ``month`` ends (-1: a day or a past month set
    # it). Past it, a bare day takes the month of the last day told again (新华社7月2日电 …会议决定，下一届会议
    # 于2020年6月举行。…。1日，… is 7月1日: a plan is not narrated day by day).
    month_until: int = -1


@dataclass(slots=True)  # not frozen, for speed (see model.py); never changed
class _Result:
    value: Value | None
    basis: Basis
    stated_year: bool = False  # the atom states its own year (explicit or relative), updating the narrative
    recurrence: str | None = None
    approximate: bool = False
    time: str | None = None
    kind: str | None = None
    vague: str | None = None
    invalid: bool = False  # the written date does not exist (2月30日): no mention at all


# An expression with what resolution gave it: the atom's result (its value None when unresolved; a day beside a
# weekday may be moved to another year after the fact, see _weekday_beside), the basis (``unresolved`` when
# the value is None, unless the result is a vague word) and the kind. A tuple: one is built for every date.
Resolved = tuple[Expression, _Result, Basis, str]

_INVALID = _Result(None, "unresolved", invalid=True)
_CLAUSE_END = re.compile(f"[{re.escape(g.CLAUSE_END)}]")
# After a year, words that make it a period of work rather than the year of the date before it.
_NOT_A_YEAR_AFTER = re.compile("(?:度|工作|总结|全年|终)")
_NO_CONTEXT = _Result(None, "unresolved")
# How far after a full reference date the 元旦 of an eve in the narrative's year may lie (grammar.EVE_MODIFIERS).
_EVE_REACH = timedelta(days=92)
_NOT_NARRATIVE_AFTER = re.compile(g.NOT_NARRATIVE_AFTER)
_WEEKDAY_BESIDE = re.compile(g.WEEKDAY_BESIDE)
_NOT_NARRATIVE_LAST = frozenset(word[-1] for word in g.NOT_NARRATIVE_BEFORE)
_SINCE_LAST = frozenset(word[-1] for word in g.SINCE_BEFORE)
# The characters a match of NOT_NARRATIVE_AFTER can start with.
_NOT_NARRATIVE_FIRST = frozenset(analysis.first_chars(sre_parse.parse(g.NOT_NARRATIVE_AFTER)) or ())
_SINCE_AFTER = re.compile(g.SINCE_AFTER)
_SENTENCE_END = re.compile(f"[{re.escape(g.SENTENCE_END)}]")
_TOPIC_YEAR_AFTER = frozenset(g.TOPIC_YEAR_AFTER)
_ITEM_START = re.compile(f"\n[ \t]*[{re.escape(g.ITEM_BULLETS)}]")
# Rules of a year alone, with or without a part (2019年, 去年, 2024年上半年): a fact of its sentence unless it
# opens its clause.
_YEAR_ALONE_RULES = frozenset({"year", "roc_year", "relative_year", "bare_year"})
# Relative years that name the present (今年): never a fact of a sentence only; the text is in that year.
_PRESENT = frozenset(word for word, offset in g.RELATIVE_YEARS.items() if offset == 0)


# --------------------------------------------------------------------------- numbers
@lru_cache(maxsize=1024)
def cn_number(text: str) -> int | None:
    """Value of a number written in Arabic or Chinese numerals (``16``, ``十六``, ``二十三``, ``廿一``, ``初五``,
    ``二〇二四`` digit by digit); None when it is not a number."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text.startswith(g.LUNAR_DAY_PREFIX):
        text = text[1:]
    if all(ch in g.CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(g.CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in g.CN_DIGITS:
            current = g.CN_DIGITS[ch]
        elif ch in g.CN_TENS:
            total += (current or 1) * 10 if ch == "十" else g.CN_TENS[ch]
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _year_number(parts: dict[str, str]) -> int | None:
    for key in ("y", "ycn"):
        if key in parts:
            return cn_number(parts[key])
    for key in ("y2", "ycn2"):
        if key in parts:
            two = cn_number(parts[key])
            if two is None:
                return None
            return (2000 if two < g.TWO_DIGIT_YEAR_PIVOT else 1900) + two
    if "roc" in parts:
        count = 1 if parts["roc"] == "元" else cn_number(parts["roc"])
        return None if count is None else g.ROC_YEAR_ZERO + count
    return None


def _valid_year(year: int | None) -> bool:
    return year is not None and g.YEAR_RANGE[0] <= year <= g.YEAR_RANGE[1]


def _holiday_in_year(name: str, year: int) -> date | None:
    """The day of the holiday ``name`` in ``year`` (fixed, the n-th weekday of a month, lunar or set by a solar
    term), or None when there is none."""
    if name in g.FIXED_HOLIDAYS:
        return cal.make_date(year, *g.FIXED_HOLIDAYS[name])
    if name in g.NTH_WEEKDAY_HOLIDAYS:
        return cal.nth_weekday(year, *g.NTH_WEEKDAY_HOLIDAYS[name])
    if name in g.LUNAR_HOLIDAYS:
        month, day = g.LUNAR_HOLIDAYS[name]
        return cal.new_year_eve(year) if day == 0 else cal.lunar_in_year(year, month, day)
    return cal.solar_term(year, g.SOLAR_TERM_HOLIDAYS[name])


def _clock(parts: dict[str, str], *, evening: bool = False) -> str | None:
    """The clock time ``HH:MM`` the parts hold, or None. ``evening``: the words before it name an evening
    (昨晚8点, 元宵节当晚8点), which stands for 晚上 when no part of the day is written."""
    if "hh" not in parts and "hhcn" not in parts:
        return None
    hour = cn_number(parts.get("hh") or parts.get("hhcn") or "")
    if hour is None:
        return None
    minute = cn_number(parts.get("mi") or parts.get("mi2") or parts.get("micn") or "") or 0
    if parts.get("half") or parts.get("halfcn"):
        minute = 30
    ampm = parts.get("ampm", "晚上" if evening else "")
    if (ampm in ("下午", "晚上", "晚间", "傍晚", "夜间", "夜里") and hour < 12) or (ampm == "中午" and hour < 11):
        hour += 12
    if ampm == "凌晨" and hour == 12:
        hour = 0
    elif hour == 12 and ampm in g.MIDNIGHT_AMPM:
        hour = g.END_OF_DAY_HOUR
    if not (0 <= hour < g.END_OF_DAY_HOUR and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


# --------------------------------------------------------------------------- the resolver
class _Resolver:
    def __init__(self, text: str, expressions: list[Expression], ref: Reference) -> None:
        self.text = text
        self.expressions = expressions
        self.ref = ref
        self.narrative = _Narrative()
        self.index = 0
        self._later: tuple[int, int | None] = (-1, None)  # (index, its later year): a range asks twice
        self.out: list[Resolved] = []  # what run() has resolved so far
        # The year a text is in before it states one, when the reference is a year only (then it is the year of
        # every month-day written without one).
        self._default_year = ref.year if ref.day is None else None

    # ---- years
    def _year_of_word(self, word: str) -> tuple[int | None, Basis]:
        offset = g.RELATIVE_YEARS[word]
        if isinstance(offset, int):
            return self.ref.year + offset, "relative"
        year = self.narrative.stated if self.narrative.stated is not None else self.narrative.year
        if year is None:
            return None, "unresolved"
        return year + (1 if offset == "narrative+1" else 0), "context_year"

    def _later_year_in_clause(self) -> int | None:
        """An explicit year written later in the same clause as the current expression."""
        expressions = self.expressions
        here = expressions[self.index]
        limit = here.end + g.LOOKAHEAD_YEAR_WINDOW
        for i in range(self.index + 1, len(expressions)):
            later = expressions[i]
            if later.start > limit:
                return None
            first = later.first
            parts = first.parts
            if first.rule in ("ymd", "year", "holiday", "bare_year") and ("y" in parts or "ycn" in parts
                                                                           or "roc" in parts):
                # Only a year in the same clause (the clause is looked for only once there is such a year), and
                # not where a span up to now starts (是1992年以来最大的: a record's start, not the date's year).
                if later.until_now or _CLAUSE_END.search(self.text, here.end, later.start):
                    return None
                text = self.text
                after = text[later.end] if later.end < len(text) else "\n"
                if _NOT_A_YEAR_AFTER.match(text, first.end) or not _narrates(text, later.start, later.end, after):
                    return None
                return _year_number(parts)
        return None

    def _implicit_year(self, month: int | None, day: int | None) -> tuple[int, Basis]:
        if self._later[0] != self.index:
            self._later = (self.index, self._later_year_in_clause())
        later = self._later[1]
        if later is not None:
            return later, "context_year"
        if self.narrative.until >= 0:
            self._expire()
        if self.narrative.year is not None and not self._new_item():
            return self.narrative.year, "context_year"
        year = self.ref.year
        if self.ref.day is not None and month is not None:
            year = self._nearest_year(month, day or 1)
        return year, "relative"

    def _nearest_year(self, month: int, day: int) -> int:
        ref = self.ref.day
        assert ref is not None
        here = cal.make_date(ref.year, month, min(day, cal.last_day(ref.year, month)))
        if here is None or abs((here - ref).days) <= 183:
            return ref.year
        for year in (ref.year - 1, ref.year + 1):
            there = cal.make_date(year, month, min(day, cal.last_day(year, month)))
            if there is not None and abs((there - ref).days) <= 92:
                return year
        return ref.year

    def _year_for(self, parts: dict[str, str], month: int | None, day: int | None) -> tuple[int | None, Basis, bool]:
        """The year of an atom: (year, basis, whether the atom states it itself)."""
        if "y" in parts or "ycn" in parts or "y2" in parts or "ycn2" in parts or "roc" in parts:
            year = _year_number(parts)
            return (year, "explicit", True) if _valid_year(year) else (None, "unresolved", False)
        if "cycle" in parts:
            year = self._cycle_year(parts["cycle"])  # named, but placed by the reference
            return (year, "relative", True) if year is not None else (None, "unresolved", False)
        word = parts.get("ry") or parts.get("ry2")
        if word:
            year, basis = self._year_of_word(word)
            return year, basis, year is not None
        year, basis = self._implicit_year(month, day)
        return year, basis, False

    def _cycle_year(self, name: str) -> int | None:
        """The year named ``name`` in the sexagenary cycle (甲辰, 甲辰龙, or the animal alone: 龙) nearest the
        reference year, or None when its stem, branch and animal disagree (甲子龙)."""
        if name[0] in g.CYCLE_ANIMALS:
            period, offset = 12, g.CYCLE_ANIMALS.index(name[0])
        else:
            stem, branch = g.CYCLE_STEMS.index(name[0]), g.CYCLE_BRANCHES.index(name[1])
            if (stem - branch) % 2 or (len(name) > 2 and g.CYCLE_ANIMALS.index(name[2]) != branch):
                return None
            period, offset = 60, (6 * stem - 5 * branch) % 60  # the n with n % 10 == stem and n % 12 == branch
        first = g.CYCLE_BASE_YEAR + offset
        # From half a cycle before the reference year to half a cycle after it.
        return self.ref.year + (first - self.ref.year + period // 2) % period - period // 2

    # ---- atoms
    def atom(self, atom: Atom) -> _Result:
        return _BY_RULE[atom.rule](self, atom.parts)

    def _numeric_date(self, p: dict[str, str]) -> _Result:
        day = cal.make_date(int(p["y"]), int(p["m"]), int(p["d"]))
        last = cal.make_date(int(p.get("y_end", p["y"])), int(p["m_end"]), int(p["d_end"])) if "d_end" in p else day
        if day is not None and last is not None and last < day and "d_end" in p and "y_end" not in p:
            last = cal.make_date(day.year + 1, last.month, last.day)  # 2024/12/28-1/3 crosses into the next year
        if day is None or last is None or not _valid_year(day.year) or last < day:
            return _INVALID
        return _Result(Value(day, last, "day"), "explicit", True, time=_clock(p) if last == day else None)

    def _roc_date(self, p: dict[str, str]) -> _Result:
        """113/05/15 (起至113/06/14): a numeric date with a year of the Republic of China."""
        years = {"y": str(g.ROC_YEAR_ZERO + int(p["roc"]))}
        if "roc_end" in p:
            years["y_end"] = str(g.ROC_YEAR_ZERO + int(p["roc_end"]))
        return self._numeric_date({**p, **years})

    def _numeric_month(self, p: dict[str, str]) -> _Result:
        year, month = int(p["y"]), int(p["m"])
        last_year, last_month = (int(p["y_end"]), int(p["m_end"])) if "m_end" in p else (year, month)
        if not (1 <= month <= 12 and 1 <= last_month <= 12 and _valid_year(year)
                and (year, month) <= (last_year, last_month) and _valid_year(last_year)):
            return _INVALID
        end = date(last_year, last_month, cal.last_day(last_year, last_month))
        return _Result(Value(date(year, month, 1), end, "month"), "explicit", True)

    def _year_range(self, p: dict[str, str]) -> _Result:
        first = cn_number(p["y"]) or 0  # 2021, or 二〇二一 (year_range_cn)
        short = p.get("y_short")
        if short is None:
            last = cn_number(p["y_end"]) or 0
        elif len(short) == 2:  # 2024/25, 1999/00: a season spans two years, so the end is the next one
            last = first + 1 if (first + 1) % 100 == int(short) else 0
        else:
            last = int(short)
        if not (_valid_year(first) and _valid_year(last) and first < last <= first + 100):
            return _INVALID
        kind = "academic_year" if "学年" in (p.get("unit"), p.get("season")) else "year_range"
        return _Result(Value(date(first, 1, 1), date(last, 12, 31), "year"), "explicit", kind=kind)

    _year_range_cn = _year_range

    def _lunar_date(self, p: dict[str, str]) -> _Result:
        if p.get("ld3") == "三十":  # 大年三十 is New Year's Eve, whether the last lunar month has 29 or 30 days
            return self._holiday({**p, "hname": "除夕"})
        month_word = p.get("lm") or p.get("lm2") or "正"
        leap = month_word.startswith("闰")
        month = g.LUNAR_MONTH_NAMES.get(month_word.lstrip("闰")) or cn_number(month_word.lstrip("闰"))
        day = cn_number(p.get("ld") or p.get("ld2") or p.get("ld3") or "")
        return self._lunar_day(p, month, day, leap)

    def _lunar_day(self, p: dict[str, str], month: int | None, day: int | None, leap: bool = False) -> _Result:
        """Lunar ``month``/``day`` in the year the parts state or the narrative gives (ld_end: a range)."""
        if month is None or day is None:
            return _INVALID
        year, basis, stated = self._year_for(p, None, None)
        if year is None:
            return _Result(None, basis)
        solar = cal.lunar_in_year(year, month, day, leap)
        if solar is None:
            return _INVALID
        end = solar
        if "ld_end" in p:  # 大年初一至初三: the same lunar month
            last = cn_number(p["ld_end"])
            if last is None or not day < last <= 30:
                return _INVALID
            end = solar + timedelta(days=last - day)  # days of one lunar month follow one another
        return _Result(Value(solar, end, "day"), basis, stated, kind="lunar_date")

    def _ordinal_day(self, p: dict[str, str]) -> _Result:
        if "plan_n" in p:  # 第十四个五年规划, 第一个五年计划
            return _plan_value(cn_number(p["plan_n"]) or 0)
        edition = cn_number(p["n"])
        if edition is None or edition < 1:
            return _INVALID
        year = g.ANNIVERSARY_FIRST_YEAR[p["hname"]] + edition - 1
        value = _holiday_in_year(p["hname"], year) if _valid_year(year) else None
        if value is None:
            return _INVALID
        return _Result(Value(value, value, "day"), "inferred", True, kind="holiday")

    def _holiday(self, p: dict[str, str]) -> _Result:
        name = p["hname"]
        year, basis, stated = self._year_for(p, None, None)
        if year is None:
            return _Result(None, basis)
        if basis != "explicit" and not stated:
            basis = "holiday"
        if name in g.FIXED_HOLIDAYS:
            month, day_number = g.FIXED_HOLIDAYS[name]
            if not stated and self.ref.day is not None and self.narrative.year is None:
                year = self._nearest_year(month, day_number)
            elif (basis == "holiday" and year == self.narrative.year and (month, day_number) == (1, 1)
                  and p.get("mod") in g.EVE_MODIFIERS
                  and (self.ref.day is None or date(year + 1, 1, 1) <= self.ref.day + _EVE_REACH)):
                year += 1  # 元旦前夕 in the narrative's year: the eve is at that year's end (not long after the text)
            day = cal.make_date(year, month, day_number)
        else:
            day = _holiday_in_year(name, year)
        if day is None:
            return _INVALID
        modifier = p.get("mod", "")
        return _Result(Value(day, day, "day"), "holiday" if basis != "explicit" else "explicit", stated,
                       recurrence=g.RECURRENCES["每年"] if p.get("every") else None,
                       approximate=modifier in g.APPROXIMATE_MODIFIERS, kind="holiday",
                       time=_clock(p, evening=modifier in g.EVENING_MODIFIERS))

    def _ymd(self, p: dict[str, str]) -> _Result:
        month, month_end = cn_number(p["m"]), cn_number(p.get("m_end", "")) if "m_end" in p else None
        day, day_end = cn_number(p.get("d", "")), cn_number(p.get("d_end", "")) if "d_end" in p else None
        if month is None or not 1 <= month <= 12 or (month_end is not None and not month < month_end <= 12):
            return _INVALID
        if "lunar_day" in p:  # 九月初九: a lunar month and day
            return _INVALID if month_end is not None else self._lunar_day(p, month, cn_number(p["lunar_day"]))
        if "nth" in p:
            return _INVALID if month_end is not None else self._nth_weekday(p, month)
        if p.get("every"):
            year, basis = self._implicit_year(month, day)
            basis, stated = "explicit", False
        else:
            # A month range (1—9月) is placed by where it ends: statistics for 1—11月 read in December.
            year, basis, stated = self._year_for(p, month_end or month, day)
        if year is None:
            return _Result(None, basis)
        recurrence = g.RECURRENCES["每年"] if p.get("every") else None
        if month_end is not None:
            if day is not None:
                return _INVALID
            return _Result(_month_value(year, month, month_end), basis, stated, recurrence)
        part = p.get("part") or p.get("week")
        if day is None and part is None:
            return _Result(_month_value(year, month, month), basis, stated, recurrence)
        if part is not None:
            value = _month_part(year, month, part)
            if value is None:
                return _INVALID
            return _Result(value, basis, stated, recurrence, approximate=part in g.APPROXIMATE_PARTS)
        start = cal.make_date(year, month, day) if day is not None else None
        end = cal.make_date(year, month, day_end) if day_end is not None else start
        if start is None or end is None or end < start:
            return _INVALID
        # (_clock finds no time without an hour: most dates have none, and this skips the call.)
        return _Result(Value(start, end, "day"), basis, stated, recurrence,
                       time=_clock(p) if "hh" in p or "hhcn" in p else None)

    def _nth_weekday(self, p: dict[str, str], month: int) -> _Result:
        """5月的第二个星期日: that weekday of the month; with 每年 before it, a yearly rule of the same."""
        n, weekday = cn_number(p["nth"]), g.WEEKDAYS[p["nth_wd"]]
        if p.get("every"):
            year, basis = self._implicit_year(month, None)
            basis, stated = "explicit", False
        else:
            year, basis, stated = self._year_for(p, month, None)
        if year is None:
            return _Result(None, basis)
        day = cal.nth_weekday(year, month, weekday, n) if n else None
        if day is None:
            return _INVALID
        recurrence = (f"{g.RECURRENCES['每年']};BYMONTH={month};BYDAY={n}{g.RRULE_WEEKDAYS[weekday]}"
                      if p.get("every") else None)
        return _Result(Value(day, day, "day"), basis, stated, recurrence)

    def _year(self, p: dict[str, str]) -> _Result:
        year = _year_number(p)
        if not _valid_year(year):
            return _INVALID
        assert year is not None
        return self._year_with_part(year, p.get("part"), "explicit", True)

    _roc_year = _year  # 113年 in traditional text: parts as 民国113年's

    def _year_with_part(self, year: int, part: str | None, basis: Basis, stated: bool) -> _Result:
        if part is None:
            return _Result(Value(date(year, 1, 1), date(year, 12, 31), "year"), basis, stated)
        key = part.lstrip("第")
        first, last = g.YEAR_PARTS[key]
        start_year, start_month = year, first
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        value = Value(date(start_year, start_month, 1),
                      date(end_year, end_month, cal.last_day(end_year, end_month)), "month")
        return _Result(value, basis, stated, approximate=key in g.APPROXIMATE_PARTS)

    def _relative_year(self, p: dict[str, str]) -> _Result:
        if "ry_span" in p:  # 今明两年: from the first year named to the last
            first, last = g.RELATIVE_YEAR_SPANS[p["ry_span"]]
            return _Result(Value(date(self.ref.year + first, 1, 1), date(self.ref.year + last, 12, 31), "year"),
                           "relative")
        word = p["ry"]
        year, basis = self._year_of_word(word)
        if year is None:
            return _Result(None, "unresolved", vague="PAST_REF")
        if p.get("part") == "以来":
            end = self.ref.day
            if end is None or year != self.ref.year:
                return _Result(Value(date(year, 1, 1), date(self.ref.year, 12, 31), "year"), basis, True,
                               kind="relative_period")
            return _Result(Value(date(year, 1, 1), end, "month"), basis, True, kind="relative_period")
        return self._year_with_part(year, p.get("part"), basis, True)

    def _relative_month(self, p: dict[str, str]) -> _Result:
        offset = g.RELATIVE_MONTHS[p["rm"]]
        if isinstance(offset, int):
            if self.ref.day is None:
                return _NO_CONTEXT
            year, month = cal.shift_month(self.ref.day.year, self.ref.day.month, offset)
            basis: Basis = "relative"
        else:
            if self.narrative.month is None:
                return _NO_CONTEXT
            year, month = cal.shift_month(*self.narrative.month, 1 if offset == "narrative+1" else 0)
            basis = "context_year"
        if "d" in p:
            day = cn_number(p["d"])
            value = cal.make_date(year, month, day) if day is not None else None
            return _Result(None if value is None else Value(value, value, "day"), basis if value else "unresolved")
        part = p.get("part") or p.get("week")
        if part is not None:
            value = _month_part(year, month, part)
            if value is None:
                return _INVALID
            return _Result(value, basis, approximate=part in g.APPROXIMATE_PARTS)
        return _Result(_month_value(year, month, month), basis)

    def _relative_day(self, p: dict[str, str]) -> _Result:
        offset = g.RELATIVE_DAYS.get(p["rd"])
        if offset is None:  # 今明两天
            return self._relative_days(p)
        if isinstance(offset, int):
            if self.ref.day is None:
                return _NO_CONTEXT
            day = cal.shift_days(self.ref.day, offset)
            basis: Basis = "relative"
        else:
            anchor = self.narrative.day or self.ref.day
            if anchor is None:
                return _NO_CONTEXT
            day = cal.shift_days(anchor, 1 if offset == "narrative+1" else 0)
            basis = "context_year" if self.narrative.day else "relative"
        return _Result(Value(day, day, "day"), basis, time=_clock(p, evening="晚" in p["rd"] or "夜" in p["rd"]))

    def _relative_days(self, p: dict[str, str]) -> _Result:
        """今明两天: from the first day named to the last, counted from the reference date."""
        if self.ref.day is None:
            return _NO_CONTEXT
        first, last = g.RELATIVE_DAY_SPANS[p["rd"]]
        return _Result(Value(cal.shift_days(self.ref.day, first), cal.shift_days(self.ref.day, last), "day"),
                       "relative")

    def _weekday(self, p: dict[str, str]) -> _Result:
        # A weekday after a stated day (2024年3月5日（星期二）) falls in that day's week: the day right before it
        # in brackets, else the narrative's day.
        anchor = self.narrative.day if self.narrative.day is not None and not p.get("wk") else self.ref.day
        if not p.get("wk") and p["wd"] in g.WEEKDAYS and (beside := self._weekday_beside(g.WEEKDAYS[p["wd"]])):
            anchor = beside
        if anchor is None:
            return _NO_CONTEXT
        shift = g.WEEK_SHIFTS[p.get("wk", "")]
        if p["wd"] == "末":
            start = cal.weekday_in_week(anchor, shift, 5)
            return _Result(Value(start, start + timedelta(days=1), "day"), "relative")
        weekday = g.WEEKDAYS[p["wd"]]
        day = cal.weekday_in_week(anchor, shift, weekday)
        recurrence = f"FREQ=WEEKLY;BYDAY={g.RRULE_WEEKDAYS[weekday]}" if p.get("every") else None
        return _Result(Value(day, day, "day"), "relative", recurrence=recurrence, time=_clock(p))

    def _week(self, p: dict[str, str]) -> _Result:
        if self.ref.day is None:
            return _NO_CONTEXT
        monday = cal.weekday_in_week(self.ref.day, g.WEEK_SHIFTS[p["wk"]], 0)
        return _Result(Value(monday, monday + timedelta(days=6), "day"), "relative")

    def _offset(self, p: dict[str, str]) -> _Result:
        """3天前, 两年前, 3个月后: counted from the narrative day, else the reference date."""
        amount = 0.5 if p["n"] == "半" else cn_number(p["n"])
        anchor = self.narrative.day or self.ref.day
        sign = -1 if "前" in p["dir"] else 1
        unit = p["unit"]
        if amount is None:
            return _INVALID
        if unit == "年" and amount == int(amount):
            year = (anchor.year if anchor else self.ref.year) + sign * int(amount)
            return _Result(Value(date(year, 1, 1), date(year, 12, 31), "year"), "relative")
        if anchor is None:
            return _NO_CONTEXT
        if unit in ("个月", "年"):
            year, month = cal.shift_month(anchor.year, anchor.month, sign * int(amount * (12 if unit == "年" else 1)))
            return _Result(_month_value(year, month, month), "relative")
        days = int(amount * (7 if unit in ("周", "个星期", "个礼拜") else 1))
        day = cal.shift_days(anchor, sign * days)
        return _Result(Value(day, day, "day"), "relative")

    def _period_part(self, p: dict[str, str]) -> _Result:
        # The last of a list of quarters carries the year written before the first (2024年3、4季度).
        year, basis, stated = self._year_for(p, None, None)
        if year is None:
            return _Result(None, basis)
        return self._year_with_part(year, p["part"], basis, stated)

    def _decade(self, p: dict[str, str]) -> _Result:
        if "century_only" in p:
            return self._century(p)
        if "decade_a" in p:  # 五六十年代: the fifties and sixties
            first_decade, last_decade = cn_number(p["decade_a"]), cn_number(p["decade_b"])
            if first_decade is None or last_decade is None or last_decade != first_decade + 1:
                return _INVALID
            p = {**p, "decade": str(first_decade * 10)}
            span = 19
        else:
            span = 9
        decade = cn_number(p["decade"])
        century_word = p.get("century", "20")
        this_century = self.ref.year // 100 + 1
        century = {"本": this_century, "上": this_century - 1}.get(century_word) or cn_number(century_word)
        if decade is None or century is None:
            return _INVALID
        start = (century - 1) * 100 + decade
        first, last = start, start + span
        part = g.DECADE_PARTS.get(p.get("part", ""))
        if part is not None:
            which, low, high = part
            counted_from = start if which == "first" else start + span - 9
            first, last = counted_from + low, counted_from + high
        return _Result(Value(date(first, 1, 1), date(last, 12, 31), "year"), "explicit", kind="decade",
                       approximate=part is not None)

    def _plan(self, p: dict[str, str]) -> _Result:
        return _plan_value(10 + (cn_number(p["plan"]) or 0))

    def _century(self, p: dict[str, str]) -> _Result:
        """21世纪: 2001–2100 (本世纪, 上世纪 from the reference year); its start (初: the first ten years), end
        (末: the last ten) or middle (中叶, 中期: the 41st to the 60th year), marked approximate."""
        this_century = self.ref.year // 100 + 1
        word = p["century_only"]
        century = {"本": this_century, "上": this_century - 1}.get(word) or cn_number(word)
        if century is None or not _valid_year((century - 1) * 100 + 1):
            return _INVALID
        first = (century - 1) * 100 + 1
        offsets = g.CENTURY_PARTS.get(p.get("century_part", ""), (0, 99))
        return _Result(Value(date(first + offsets[0], 1, 1), date(first + offsets[1], 12, 31), "year"), "explicit",
                       kind="decade", approximate="century_part" in p)

    def _recurring_month_day(self, p: dict[str, str]) -> _Result:
        day_number = cn_number(p["d"])
        anchor = self.ref.day
        if anchor is None or day_number is None:
            return _Result(None, "unresolved", recurrence=g.RECURRENCES["每月"])
        day = cal.make_date(anchor.year, anchor.month, day_number)
        if day is None:
            return _INVALID
        return _Result(Value(day, day, "day"), "relative", recurrence=g.RECURRENCES["每月"])

    def _bare_day(self, p: dict[str, str]) -> _Result:
        day_number = cn_number(p["d"])
        narrative = self.narrative
        if (narrative.day is not None and 0 <= narrative.month_until < self.expressions[self.index].start
                and self.expressions[self.index].last is None):
            year, month = narrative.day.year, narrative.day.month
            basis: Basis = "context_year"
        elif narrative.month is not None:
            year, month = narrative.month
            basis = "context_year"
        elif self.ref.day is not None:
            year, month = self.ref.day.year, self.ref.day.month
            basis = "relative"
        else:
            return _NO_CONTEXT
        shift = self._bare_day_month_shift(year, month, day_number or 0)
        if shift:
            year, month = cal.shift_month(year, month, shift)
        day = cal.make_date(year, month, day_number or 0)
        if day is None:
            return _INVALID
        end = day
        if "d_end" in p:  # 20—22日
            end = cal.make_date(year, month, cn_number(p["d_end"]) or 0)
            if end is None or end <= day:
                return _INVALID
        return _Result(Value(day, end, "day"), basis, time=_clock(p))

    def _bare_day_month_shift(self, year: int, month: int, day_number: int) -> int:
        """How many months a bare day moves from the month it was given (``year``, ``month``): +1 for an end
        before the day told last, when that puts it nearer the reference date (自2月26日起…截至3日 in a text of
        3月4日 is 3月3日); -1 for a day of the reference's month well after the reference date, with no word of
        the future in its clause, when the month before puts it nearer the reference (新华社4月3日电 …30日发布
        is 3月30日); else 0."""
        expr, told, ref = self.expressions[self.index], self.narrative.day, self.ref.day
        if expr.last is not None or ref is None:  # a range's ends keep the months its grammar gives them
            return 0
        start = expr.start
        text = self.text
        before = text[max(0, start - 8) : start]
        for zone in g.TIME_ZONE_WORDS:
            before = before.removesuffix(zone)
        if (told is not None and (told.year, told.month) == (year, month) and day_number < told.day
                and before.endswith(g.BARE_DAY_END_BEFORE)):
            here = cal.make_date(year, month, day_number)
            there = cal.make_date(*cal.shift_month(year, month, 1), day_number)
            nearer = here is not None and there is not None and abs((there - ref).days) < abs((here - ref).days)
            return 1 if nearer else 0
        if (ref.year, ref.month) != (year, month) or day_number <= ref.day + 1:
            return 0
        year_before, month_before = cal.shift_month(year, month, -1)
        if day_number > cal.last_day(year_before, month_before):
            return 0
        ahead = day_number - ref.day
        behind = (ref - date(year_before, month_before, day_number)).days
        if behind >= ahead:
            return 0
        window = max(0, start - g.CLAUSE_WINDOW)  # a mark a clause cannot be longer than: no scan of the whole text
        clause_start = max(window - 1, *(text.rfind(mark, window, start) for mark in g.CLAUSE_MARKS)) + 1
        found = _SENTENCE_END.search(text, start)
        clause = text[clause_start : len(text) if found is None else found.start()]
        return 0 if any(word in clause for word in g.FUTURE_WORDS) else -1

    def _month_part_after(self, p: dict[str, str]) -> _Result:
        """下旬 opening the clause after a month (5月中旬召开筹备会，下旬正式开幕): a part of the narrative's month."""
        if self.narrative.month is None:
            return _NO_CONTEXT
        year, month = self.narrative.month
        value = _month_part(year, month, p["part"])
        return _INVALID if value is None else _Result(value, "context_year")

    _following_day = _bare_day  # 四月五日—二十日, 八月九日和十三日: a day after a day and a range word or joiner
    _listed_day = _bare_day  # 三、四日: the last of a list of days

    def _bare_year(self, p: dict[str, str]) -> _Result:
        year = int(p["y"])
        return _Result(Value(date(year, 1, 1), date(year, 12, 31), "year"), "explicit", True)

    def _vague(self, p: dict[str, str]) -> _Result:
        word = p["vague"]
        recurrence = g.RECURRENCES["每年"] if word == "每年" else None
        return _Result(None, "relative", recurrence=recurrence, vague=g.VAGUE_WORDS[word], kind="vague")

    # ---- expressions
    def expression(self, expr: Expression) -> _Result:
        first = self.atom(expr.first)
        if expr.until_now:
            return self._until_now(first)
        if expr.last is None or first.value is None:
            return first
        saved = self.narrative
        self.narrative = _Narrative(first.value.end.year, (first.value.end.year, first.value.end.month),
                                    first.value.end)
        try:
            last = self._range_end(expr.last, first.value)
        finally:
            self.narrative = saved
        if last.value is None or last.value.end < first.value.start:
            return first
        precision = _finer(first.value.precision, last.value.precision)
        value = Value(first.value.start, last.value.end, precision)
        return _Result(value, first.basis, first.stated_year or last.stated_year,
                       approximate=first.approximate or last.approximate, time=first.time,
                       kind=first.kind if first.kind in ("academic_year",) else None)

    def _range_end(self, atom: Atom, start: Value) -> _Result:
        result = self.atom(atom)
        if result.value is None or _states_year(atom) or result.value.end >= start.start:
            return result
        # 12月28日至1月3日: an end without a year that falls before the start is in the next year.
        v = result.value
        try:
            moved = Value(v.start.replace(year=v.start.year + 1), v.end.replace(year=v.end.year + 1), v.precision)
        except ValueError:
            return result
        return _Result(moved, result.basis, result.stated_year, time=result.time)

    def _until_now(self, first: _Result) -> _Result:
        if first.value is None:
            return first
        end = self.ref.day
        if end is None or first.value.precision == "year":
            value = Value(first.value.start, date(self.ref.year, 12, 31), "year")
        else:
            value = Value(first.value.start, end, first.value.precision)
        if value.end < value.start:
            return first
        return _Result(value, first.basis, first.stated_year, kind="relative_period", approximate=True)

    def update_narrative(self, expr: Expression, result: _Result) -> None:
        value = result.value
        if value is None or result.recurrence or result.kind in ("plan_period", "decade", "relative_period"):
            return
        if value.start.year != value.end.year and value.precision == "year":
            return
        narrative = self.narrative
        if result.stated_year:
            # The year an atom states is where its value starts (2024年冬季 ends in 2025); a range's, where it ends.
            year = value.start.year if expr.last is None else value.end.year
            # A year that is the narrative's already (or, before any, the year-only reference's) cannot mislead it:
            # only another one is looked at closely.
            current = narrative.year if narrative.year is not None else self._default_year
            if year != current or narrative.until >= 0:
                if narrative.until >= 0:
                    self._expire()
                text = self.text
                end = expr.end
                after = text[end] if end < len(text) else "\n"
                if not _narrates(text, expr.start, end, after):
                    return
                if after not in _TOPIC_YEAR_AFTER and expr.last is None and expr.first.rule in _YEAR_ALONE_RULES \
                        and expr.first.parts.get("ry") not in _PRESENT and not self._event_time(expr):
                    # A fact of its sentence (2019年转为职业球员): the narrative's year to the sentence's end.
                    if narrative.until < 0:
                        narrative.kept = narrative.year
                    found = _SENTENCE_END.search(text, expr.end)
                    narrative.until = len(text) if found is None else found.start()
                else:
                    narrative.until = -1
                narrative.year = year
                narrative.checked = narrative.stated_at = end
            narrative.stated = year
        if (expr.last is None and self.ref.day is not None and value.start > self.ref.day
                and self.text.endswith(g.END_ONLY_BEFORE, 0, expr.start)
                and not self.text.endswith(g.CUTOFF_BEFORE, 0, expr.start)):
            return  # 会期至22日, 延期至3月3日 yet to come: where something will end, not a time the text tells
        if value.precision == "day" or (value.precision == "month" and (
                result.stated_year or narrative.day is None
                or (value.end.year, value.end.month) >= (narrative.day.year, narrative.day.month))):
            # A month without a year of its own that looks back from the last full date (2月美国职位空缺数, 与1月
            # 持平: a statistics period) does not carry the bare days after it (3日 stays in the dateline's month).
            narrative.month = (value.end.year, value.end.month)
            if value.precision == "month" and self.ref.day is not None and value.start > self.ref.day:
                found = _SENTENCE_END.search(self.text, expr.end)
                narrative.month_until = len(self.text) if found is None else found.start()
            else:
                narrative.month_until = -1
        if value.precision == "day":
            narrative.day = value.end

    def _event_time(self, expr: Expression) -> bool:
        """Whether a year is the time of its sentence's event (于2012年举行, 在2015年和2021年…): written after
        grammar.EVENT_TIME_BEFORE, alone or as a member of a list of years written there."""
        text, start, index = self.text, expr.start, self.index
        while start and text[start - 1] in g.BARE_YEAR_LIST_JOINERS and index > 0 \
                and self.expressions[index - 1].end == start - 1:
            index -= 1
            start = self.expressions[index].start
        return text.endswith(g.EVENT_TIME_BEFORE, 0, start)

    def _new_item(self) -> bool:
        """Whether an item of a digest (a line opening with grammar.ITEM_BULLETS) starts between the narrative's
        year and the current expression: then the narrative starts afresh (the text is searched once)."""
        narrative = self.narrative
        here = self.expressions[self.index].start
        if _ITEM_START.search(self.text, narrative.checked, here) is None:
            narrative.checked = max(narrative.checked, here)
            return False
        self.narrative = _Narrative(checked=here)
        return True

    def _expire(self) -> None:
        """The year stated as a fact of a sentence gives way to the one before it once the sentence has ended."""
        narrative = self.narrative
        if 0 <= narrative.until <= self.expressions[self.index].start:
            narrative.year, narrative.until = narrative.kept, -1

    def _weekday_beside(self, weekday: int) -> date | None:
        """The day this weekday stands beside in brackets (5月8日（星期三）), or None. A month-day written without
        its year moves to the year nearest the one it was given in which it falls on that weekday (a written
        weekday outweighs a guessed year)."""
        if not self.out:
            return None
        expr, before = self.out[-1][:2]
        if not _WEEKDAY_BESIDE.match(self.text, expr.end, self.expressions[self.index].end + 1):
            return None
        return self._agree_with_weekday(expr, before, weekday)

    def _agree_with_weekday(self, expr: Expression, before: _Result, weekday: int) -> date | None:
        """The day ``before`` (the result of ``expr``) names, moved as ``_weekday_beside`` says to fall on
        ``weekday``; None when it is not one day."""
        value = before.value
        if value is None or value.precision != "day" or value.start != value.end:
            return None
        day = value.start
        if day.weekday() == weekday or expr.last is not None or expr.first.rule != "ymd" or _states_year(expr.first):
            return day
        for shift in sorted(range(-g.WEEKDAY_YEAR_REACH, g.WEEKDAY_YEAR_REACH + 1),
                            key=lambda s: (abs(s), abs(day.year + s - self.ref.year))):
            moved = cal.make_date(day.year + shift, day.month, day.day)
            if moved is not None and moved.weekday() == weekday:
                before.value = Value(moved, moved, "day")
                if self.narrative.day == day:
                    self.narrative.day, self.narrative.month = moved, (moved.year, moved.month)
                return moved
        return day

    def _agree_with_tense(self, expr: Expression, result: _Result, ref: date) -> None:
        """Move ``result`` (of ``expr``, a date without a year of its own) to another year when a tense cue beside
        it (grammar.FUTURE_BEFORE …) puts it on the other side of the reference date ``ref``, by more than the
        slack: one year, or, when its year is the narrative's stated in an earlier sentence, as many as it takes
        (the occurrence nearest ``ref`` on the cue's side)."""
        value = result.value
        assert value is not None
        direction = _tense(self.text, expr.start, expr.end)
        if not direction:
            return

        def wrong_side(v: Value) -> bool:
            if direction > 0:
                return (ref - v.end).days > g.FUTURE_SLACK_DAYS
            return (v.start - ref).days > g.PAST_SLACK_DAYS
        if not wrong_side(value):
            return
        narrative = self.narrative
        far = (value.start.year == narrative.year and narrative.stated_at >= 0
               and _SENTENCE_END.search(self.text, narrative.stated_at, expr.start) is not None)
        gap = max(1, abs(ref.year - value.start.year)) if far else 1
        for years in (gap, gap + 1) if far else (1,):
            moved = _year_moved(expr, value, direction * years)
            if moved is not None and not wrong_side(moved):
                result.value = moved
                if far:  # the text has moved on from the year of an earlier sentence (此外，…将于国庆假期…，10月1日至…)
                    narrative.year = moved.start.year
                return

    def run(self) -> list[Resolved]:
        out = self.out
        add = out.append
        by_rule = _BY_RULE
        known = _KNOWN_RESULTS
        for index, expr in enumerate(self.expressions):
            self.index = index
            if expr.last is None and not expr.until_now:  # one atom: its result is the expression's
                rule, parts = expr.first.rule, expr.first.parts
                if rule in _CONTEXT_FREE_RULES or (rule == "ymd" and "every" not in parts
                                                   and not _EXPLICIT_YEAR_KEYS.isdisjoint(parts)):
                    # Extraction shares the parts of a rule's text (and of a year and month joined): look them up.
                    kept = known.get(id(parts))
                    if kept is not None and kept[0] is parts:
                        result, kind = kept[1], kept[2]
                        if result.value is not None:
                            self.update_narrative(expr, result)
                        add((expr, result, result.basis if result.value is not None or result.vague else "unresolved",
                             kind))
                        continue
                    result = by_rule[rule](self, parts)
                    if len(known) < _KNOWN_RESULTS_KEPT:  # the parts are kept: their id is not reused
                        known[id(parts)] = (parts, result, result.kind or _kind_for(result))
                else:
                    result = by_rule[rule](self, parts)
            else:
                result = self.expression(expr)
            if result.value is None:
                basis = result.basis if result.vague else "unresolved"
            else:
                basis = result.basis
                if self.ref.day and not result.stated_year and not result.recurrence and _rule_of_tense(expr):
                    self._agree_with_tense(expr, result, self.ref.day)
                self.update_narrative(expr, result)
                if "gloss_wd" in expr.first.parts:  # 5月8日（星期三）上午9时: the weekday may move the year
                    self._agree_with_weekday(expr, result, g.WEEKDAYS[expr.first.parts["gloss_wd"]])
            add((expr, result, basis, result.kind or _kind_for(result)))
        return out


# The resolver's method for each rule, looked up once (every_year atoms are joined to a month before this).
_BY_RULE = {rule: method for rule in [r[0] for r in g.RULES] + [r[0] for r in g.LEXICON_RULES]
            + [g.FOLLOWING_DAY_RULE[0], g.MONTH_PART_AFTER_RULE[0]]
            if (method := getattr(_Resolver, "_" + rule, None)) is not None}


# Rules whose result depends on their parts only (not on the reference or the narrative): an atom of one of them
# with the same parts dict (extraction shares one for each rule and text) has the same result, which is kept
# (up to a bound, with the parts, by their id). Results are never changed once made (a day beside a weekday is
# moved only for ymd).
_CONTEXT_FREE_RULES = frozenset({"numeric_date", "roc_date", "numeric_month", "year_range", "year_range_cn", "year",
                                 "roc_year", "bare_year", "plan", "ordinal_day"})
# A ymd with its year written out (2024年4月16日, not 去年4月16日 or 每年4月) is one of them too.
_EXPLICIT_YEAR_KEYS = frozenset({"y", "ycn", "y2", "ycn2", "roc"})
_KNOWN_RESULTS: dict[int, tuple[dict[str, str], _Result, str]] = {}  # parts, result, kind
_KNOWN_RESULTS_KEPT = 1024


_TENSE_RULES = frozenset({"ymd", "holiday"})
_CUE_LAST = frozenset(word[-1] for word in (*g.FUTURE_BEFORE, *g.PAST_BEFORE))
_CUE_FIRST = frozenset(word[0] for word in (*g.FUTURE_AFTER, *g.PAST_AFTER))


def _rule_of_tense(expr: Expression) -> bool:
    """Whether ``expr`` is a month, month-day or holiday (or a range of them) written without a year, whose year
    a tense cue may correct (``_agree_with_tense``)."""
    first, last = expr.first, expr.last
    return (first.rule in _TENSE_RULES and not _states_year(first) and "every" not in first.parts
            and (last is None or (last.rule in _TENSE_RULES and not _states_year(last))))


def _tense(text: str, start: int, end: int) -> int:
    """1 when a cue beside ``text[start:end]`` says it is to come, -1 when past, else 0. The cues before it are
    looked at first: one after it may be another word (医院已于12月中旬将诊室扩充: 将 as 把)."""
    # (Most dates have no cue beside them: one look at the characters next to them rules it out.)
    if start and text[start - 1] in _CUE_LAST:
        if text.endswith(g.FUTURE_BEFORE, 0, start):
            return 1
        if text.endswith(g.PAST_BEFORE, 0, start):
            return -1
    if end < len(text) and text[end] in _CUE_FIRST:
        if text.startswith(g.FUTURE_AFTER, end):
            return 1
        if text.startswith(g.PAST_AFTER, end):
            return -1
    return 0


def _year_moved(expr: Expression, value: Value, years: int) -> Value | None:
    """``value`` (of ``expr``) ``years`` later: a holiday on its day that year, else the same month and day
    (the month's last day for a month's end); None when there is no such day."""
    if expr.first.rule == "holiday" and expr.last is None:
        day = _holiday_in_year(expr.first.parts["hname"], value.start.year + years)
        return Value(day, day, value.precision) if day is not None else None
    start = cal.make_date(value.start.year + years, value.start.month, value.start.day)
    end_year = value.end.year + years
    last_day = cal.last_day(end_year, value.end.month)
    end = cal.make_date(end_year, value.end.month, last_day if value.precision == "month"
                        else min(value.end.day, last_day))
    return Value(start, end, value.precision) if start is not None and end is not None else None


def _narrates(text: str, start: int, end: int, after: str) -> bool:
    """Whether the year stated by the date at ``text[start:end]`` (``after`` the character after it) is one the
    text goes on narrating: not a comparison, a target, a period of work, a start or a document's year
    (grammar.NOT_NARRATIVE_BEFORE and the tables after it)."""
    # (Most dates have none of these words round them: one look at the characters next to them rules it out.)
    before = text[start - 1] if start else ""
    if before in _NOT_NARRATIVE_LAST and text.endswith(g.NOT_NARRATIVE_BEFORE, 0, start):
        return False
    if after in _NOT_NARRATIVE_FIRST and _NOT_NARRATIVE_AFTER.match(text, end):
        return False
    if before in _SINCE_LAST and text.endswith(g.SINCE_BEFORE, 0, start):
        stop = _CLAUSE_END.search(text, end, end + g.SINCE_WINDOW)
        if _SINCE_AFTER.search(text, end, end + g.SINCE_WINDOW if stop is None else stop.start()):
            return False
    opened = text.rfind(g.TITLE_OPEN, max(0, start - g.TITLE_WINDOW), start)
    return opened < 0 or text.find(g.TITLE_CLOSE, opened, start) >= 0


_STATED_YEAR_KEYS = frozenset({"y", "ycn", "y2", "ycn2", "roc", "cycle", "ry", "y_end"})


def _states_year(atom: Atom) -> bool:
    return not _STATED_YEAR_KEYS.isdisjoint(atom.parts)


def _plan_value(number: int) -> _Result:
    """The years of the ``number``-th five-year plan."""
    base_number, base_year = g.FIVE_YEAR_PLAN_BASE
    start = g.FIVE_YEAR_PLAN_STARTS.get(number, base_year + 5 * (number - base_number))
    if number < 1 or not _valid_year(start):
        return _INVALID
    return _Result(Value(date(start, 1, 1), date(start + 4, 12, 31), "year"), "holiday", kind="plan_period")


def _month_part(year: int, month: int, part: str) -> Value | None:
    """The days of a part of a month (grammar.MONTH_PARTS: 上旬, 第二周), or None when the month has none of
    them (第五周 of a February of 28 days)."""
    first, last = g.MONTH_PARTS[part]
    start = cal.make_date(year, month, first)
    if start is None:
        return None
    return Value(start, date(year, month, min(last, cal.last_day(year, month))), "day")


def _month_value(year: int, first_month: int, last_month: int) -> Value:
    return Value(date(year, first_month, 1), date(year, last_month, cal.last_day(year, last_month)), "month")


_RANK = {"year": 0, "month": 1, "day": 2}


def _finer(a: Precision, b: Precision) -> Precision:
    return a if _RANK[a] >= _RANK[b] else b


def _kind_for(result: _Result) -> str:
    value = result.value
    if result.recurrence:
        return "recurring"
    if value is None:
        return "date"
    start, end = value.start, value.end
    if value.precision == "day":
        return "date" if start == end else "date_range"
    if value.precision == "month":
        return "month" if (start.year, start.month) == (end.year, end.month) else "month_range"
    return "year" if start.year == end.year else "year_range"


def resolve(expressions: list[Expression], text: str, ref: Reference) -> list[Resolved]:
    """Resolve ``expressions`` (in text order) found in ``text`` against ``ref`` and the narrative."""
    return _Resolver(text, expressions, ref).run()

