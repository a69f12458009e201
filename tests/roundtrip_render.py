"""A round-trip oracle for the date engine: render random dates in Chinese, plant them in news text, know the answer.

``render_cases(n, seed, forms)`` writes ``n`` short news texts (a seeded ``random.Random``). Each text plants
one to three date expressions, each of a form in ``forms`` (see FORMS), between sentences of 科协 news whose
filler holds no date-like text (counts such as ``200余人``, money, ordinals, phone numbers are traps the
engine documents it does not report). Every planted expression carries its value, computed here with
``datetime`` and ``calendar`` from the numbers it was written from and the rules README.md states
("Resolution rules"); the engine is never asked. ``check_case`` compares ``find_dates`` with the plan.

Forms whose value the documentation leaves open are not rendered in that position:

* a month or month-day without a year, read against a full reference date with no year stated before it,
  only where the "more than six months from the reference moves to the neighbouring year within three
  months" rule gives one answer with a margin of over a week (a month without a day only within four
  months of the reference month, as the rule speaks of month-days);
* nothing without a year after a year range (``2021—2025年``) or after an explicit-year range that ends in
  the next year (``2024年12月28日至1月3日``): which year the narrative then holds is not documented.

One planted expression per sentence, and sentences end with 。, so no year is "written later in the same
clause" than another planted date.

A form is a renderer in one script: ``range_md_d[chinese]`` is ``三月十一日至十三日``. Each label is rendered
whether or not the engine reads it; the tests decide which labels must pass.
"""

from __future__ import annotations

import calendar
import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from timeline.dates import find_dates

Ref = datetime.date | int
Value = tuple[str, str, str]  # (start_date, end_date, precision) as Mention gives them


# ----------------------------------------------------------------------------------------- plans
@dataclass(frozen=True)
class Planted:
    """One planted date expression (or one member of a planted list): where it is and what it means."""

    form: str
    start: int
    end: int
    text: str
    value: Value


@dataclass(frozen=True)
class Case:
    text: str
    ref: Ref
    planted: tuple[Planted, ...]


@dataclass(frozen=True)
class Failure:
    form: str  # the planted form, or "stray" for a mention outside every planted span
    text: str
    ref: Ref
    expected: str
    got: str

    def __str__(self) -> str:
        return f"[{self.form}] ref={self.ref} text={self.text!r}\n    expected {self.expected}\n    got      {self.got}"


# ----------------------------------------------------------------------------------------- values
def day_value(start: datetime.date, end: datetime.date | None = None) -> Value:
    return start.isoformat(), (end or start).isoformat(), "day"


def month_value(year: int, month: int, end_year: int | None = None, end_month: int | None = None) -> Value:
    end_year, end_month = end_year or year, end_month or month
    return f"{year:04d}-{month:02d}", f"{end_year:04d}-{end_month:02d}", "month"


def year_value(year: int, end_year: int | None = None) -> Value:
    return f"{year:04d}", f"{end_year or year:04d}", "year"


# ----------------------------------------------------------------------------------------- numbers
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_CN = "〇一二三四五六七八九"
SCRIPTS = ("arabic", "fullwidth", "chinese")


def cn_small(n: int) -> str:
    """1–31 in Chinese numerals as dates write them: 四, 十, 十六, 二十, 二十三, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens] + "十")
    return head + (_CN[units] if units else "")


class Writer:
    """Writes the numbers of one expression in one script (Arabic, full-width, Chinese numerals)."""

    def __init__(self, rng: random.Random, script: str) -> None:
        self.script = script
        self.pad = script != "chinese" and rng.random() < 0.25  # 2021年06月08日
        self.zero = rng.choice("〇〇〇零")  # 二〇二四 or 二零二四

    def year(self, y: int) -> str:
        if self.script == "chinese":
            return "".join(_CN[int(c)] for c in str(y)).replace("〇", self.zero)
        return self._digits(str(y))

    def small(self, n: int) -> str:
        if self.script == "chinese":
            return cn_small(n)
        return self._digits(f"{n:02d}" if self.pad else str(n))

    def _digits(self, text: str) -> str:
        return text.translate(_FULL_WIDTH) if self.script == "fullwidth" else text


# ----------------------------------------------------------------------------------------- the narrative
BLOCK = -1  # a year_update meaning "the narrative year is not documented after this"


class Ambiguous(Exception):
    """The documented rules do not settle this form's value here: render another."""


@dataclass
class Context:
    """What the resolver is documented to know when the next planted expression is read."""

    rng: random.Random
    ref: Ref
    narrative_year: int | None = None
    blocked: bool = False

    def implicit_year(self, month: int, day: int | None) -> int:
        """The year of a month(-day) written without one (README "Resolution rules" 2), or Ambiguous."""
        if self.blocked:
            raise Ambiguous
        if self.narrative_year is not None:
            return self.narrative_year
        if isinstance(self.ref, int):
            return self.ref
        ref = self.ref
        if day is None:  # the six-months rule speaks of month-days: stay well inside the reference year
            if abs(month - ref.month) <= 4:
                return ref.year
            raise Ambiguous
        here = abs((datetime.date(ref.year, month, day) - ref).days)
        if here <= 175:
            return ref.year
        if here < 190:
            raise Ambiguous
        near = [(abs((datetime.date(y, month, day) - ref).days), y) for y in (ref.year - 1, ref.year + 1)]
        distance, year = min(near)
        if distance <= 85:
            return year
        if distance > 100:
            return ref.year
        raise Ambiguous

    @property
    def ref_year(self) -> int:
        return self.ref if isinstance(self.ref, int) else self.ref.year


@dataclass
class Rendered:
    """A rendered expression: text pieces, each with its value when it is a planted member."""

    pieces: list[tuple[str, Value | None]] = field(default_factory=list)
    year_update: int | None = None  # the narrative year after it, BLOCK, or None for unchanged

    def add(self, text: str, value: Value | None = None) -> Rendered:
        self.pieces.append((text, value))
        return self


# ----------------------------------------------------------------------------------------- random parts
CONNECTORS = ("至", "到", "—", "–", "-", "~")


def pick_year(rng: random.Random) -> int:
    return rng.randint(1980, 2035)


def pick_date(rng: random.Random) -> datetime.date:
    """Any day of 1980–2035."""
    return datetime.date(1980, 1, 1) + datetime.timedelta(days=rng.randrange(56 * 365))


def pick_day(rng: random.Random, year: int | None, month: int, low: int = 1) -> int:
    """A day of ``month`` at least ``low``; with ``year`` None a day of that month in every year (no 2月29日)."""
    return rng.randint(low, calendar.monthrange(year or 2001, month)[1])


def pick_md_pair(rng: random.Random, year: int | None) -> tuple[int, int, int, int]:
    """Two month-days of one year, the second in a later month: 5月22日 … 6月1日."""
    m1 = rng.randint(1, 11)
    m2 = rng.randint(m1 + 1, min(12, m1 + 2))
    return m1, pick_day(rng, year, m1), m2, pick_day(rng, year, m2)


def ymd_text(w: Writer, y: int | None, m: int, d: int | None, unit: str = "日", sep: str = "") -> str:
    """``2024年4月16日`` / ``4月16日`` / ``2024年4月`` with ``sep`` between every number and its unit."""
    out = f"{w.year(y)}{sep}年{sep}" if y is not None else ""
    out += f"{w.small(m)}{sep}月"
    if d is not None:
        out += f"{sep}{w.small(d)}{sep}{unit}"
    return out


# ----------------------------------------------------------------------------------------- forms
# Each form: (name, scripts it is written in, renderer). A renderer gets the context and a Writer and
# returns a Rendered, or raises Ambiguous.
def f_ymd(c: Context, w: Writer, unit: str = "日", sep: str = "") -> Rendered:
    """2024年4月16日, 2024年4月16号, 2019 年 6 月 14 日, 二〇二四年四月十六日."""
    day = pick_date(c.rng)
    return Rendered(year_update=day.year).add(ymd_text(w, day.year, day.month, day.day, unit, sep), day_value(day))


def f_ymd_linebreak(c: Context, w: Writer) -> Rendered:
    """A line break inside the date, as PDF extraction leaves it: 2024年4月\\n16日, 2024 年 4 月\\n16 日."""
    day = pick_date(c.rng)
    sep = c.rng.choice(("", " "))
    text = f"{w.year(day.year)}{sep}年{sep}{w.small(day.month)}{sep}月\n{w.small(day.day)}{sep}日"
    return Rendered(year_update=day.year).add(text, day_value(day))


def f_numeric(c: Context, w: Writer, sep: str) -> Rendered:
    """2024-04-16, 2024/4/16, 2024.4.16."""
    day = pick_date(c.rng)
    text = sep.join((w.year(day.year), w.small(day.month), w.small(day.day)))
    return Rendered(year_update=day.year).add(text, day_value(day))


def f_numeric_month(c: Context, w: Writer) -> Rendered:
    """2024.04, 2024-04, 2024/4."""
    y = pick_year(c.rng)
    m = c.rng.randint(1, 12)
    sep = c.rng.choice("-/.")
    month = f"{m:02d}" if sep == "." else w.small(m)  # 2024.4 reads as a decimal number: always 2024.04
    return Rendered(year_update=y).add(f"{w.year(y)}{sep}{month}", month_value(y, m))


def f_ym(c: Context, w: Writer) -> Rendered:
    """2024年4月."""
    y = pick_year(c.rng)
    m = c.rng.randint(1, 12)
    return Rendered(year_update=y).add(ymd_text(w, y, m, None), month_value(y, m))


def f_year(c: Context, w: Writer) -> Rendered:
    """2024年."""
    y = pick_year(c.rng)
    return Rendered(year_update=y).add(f"{w.year(y)}年", year_value(y))


def f_two_digit_year(c: Context, w: Writer) -> Rendered:
    """08年 (2008), 98年3月 (1998-03): 00–49 are 20xx, 50–99 are 19xx."""
    if c.rng.random() < 0.5:
        y = c.rng.randint(2000, 2009)
        return Rendered(year_update=y).add(f"{y % 100:02d}年", year_value(y))
    y = c.rng.choice((c.rng.randint(1950, 1999), c.rng.randint(2010, 2049)))
    m = c.rng.randint(1, 12)
    return Rendered(year_update=y).add(f"{y % 100:02d}年{w.small(m)}月", month_value(y, m))


def f_md(c: Context, w: Writer, unit: str = "日") -> Rendered:
    """4月16日 without a year: the narrative's year, else the reference's (README "Resolution rules" 2)."""
    m = c.rng.randint(1, 12)
    d = pick_day(c.rng, None, m)
    y = c.implicit_year(m, d)
    return Rendered().add(ymd_text(w, None, m, d, unit), day_value(datetime.date(y, m, d)))


def f_month(c: Context, w: Writer) -> Rendered:
    """12月 without a year."""
    m = c.rng.randint(1, 12)
    y = c.implicit_year(m, None)
    return Rendered().add(f"{w.small(m)}月", month_value(y, m))


def _year_or_implicit(c: Context, w: Writer, month: int, day: int | None) -> tuple[int, str, int | None]:
    """Either an explicit year (half the time) or the implicit one: (year, prefix text, narrative update)."""
    if c.rng.random() < 0.5:
        y = pick_year(c.rng)
        return y, f"{w.year(y)}年", y
    return c.implicit_year(month, day), "", None


def f_range_md_d(c: Context, w: Writer, unit: str = "日", compact: bool = False) -> Rendered:
    """3月11日至13日, 2024年3月11号至13号; compact: 3月11—13日."""
    m = c.rng.randint(1, 12)
    d1 = c.rng.randint(1, 27)
    d2 = pick_day(c.rng, None, m, d1 + 1)
    y, prefix, update = _year_or_implicit(c, w, m, d1)
    first = f"{w.small(m)}月{w.small(d1)}" if compact else ymd_text(w, None, m, d1, unit)
    text = f"{prefix}{first}{c.rng.choice(CONNECTORS)}{w.small(d2)}{unit}"
    return Rendered(year_update=update).add(text, day_value(datetime.date(y, m, d1), datetime.date(y, m, d2)))


def f_range_md_md(c: Context, w: Writer, sep: str = "", connectors: tuple[str, ...] = CONNECTORS) -> Rendered:
    """5月22日至6月1日; with sep=" ": 5 月 22 日 至 6 月 1 日."""
    m1, d1, m2, d2 = pick_md_pair(c.rng, None)
    y, prefix, update = _year_or_implicit(c, w, m1, d1)
    conn = c.rng.choice(connectors)
    if sep:
        prefix = prefix.replace("年", f"{sep}年{sep}")
        conn = f"{sep}{conn}{sep}"
    text = f"{prefix}{ymd_text(w, None, m1, d1, sep=sep)}{conn}{ymd_text(w, None, m2, d2, sep=sep)}"
    return Rendered(year_update=update).add(text, day_value(datetime.date(y, m1, d1), datetime.date(y, m2, d2)))


def f_range_cross_year(c: Context, w: Writer) -> Rendered:
    """12月28日至1月3日: the end month before the start month is in the next year."""
    d1 = c.rng.randint(15, 31)
    d2 = c.rng.randint(1, 15)
    y, prefix, update = _year_or_implicit(c, w, 12, d1)
    text = f"{prefix}{ymd_text(w, None, 12, d1)}{c.rng.choice(CONNECTORS)}{ymd_text(w, None, 1, d2)}"
    return Rendered(year_update=BLOCK if update else None).add(
        text, day_value(datetime.date(y, 12, d1), datetime.date(y + 1, 1, d2)))


def f_range_full(c: Context, w: Writer) -> Rendered:
    """2023年12月28日至2024年1月3日: both ends written in full, the end up to two years later."""
    first = pick_date(c.rng)
    last = first + datetime.timedelta(days=c.rng.randint(1, 800))
    text = (f"{ymd_text(w, first.year, first.month, first.day)}{c.rng.choice(CONNECTORS)}"
            f"{ymd_text(w, last.year, last.month, last.day)}")
    return Rendered(year_update=last.year).add(text, day_value(first, last))


def f_range_numeric(c: Context, w: Writer) -> Rendered:
    """2024-04-16至2024-05-18, 2024/4/16~2024/5/18."""
    y = pick_year(c.rng)
    m1, d1, m2, d2 = pick_md_pair(c.rng, y)
    sep = c.rng.choice("-/.")
    conn = c.rng.choice(("至", "到", "—", "~"))  # not "-": 2024-04-16-2024-04-18 is a run of numbers
    text = f"{sep.join((w.year(y), w.small(m1), w.small(d1)))}{conn}{sep.join((w.year(y), w.small(m2), w.small(d2)))}"
    return Rendered(year_update=y).add(text, day_value(datetime.date(y, m1, d1), datetime.date(y, m2, d2)))


def f_range_ym_m(c: Context, w: Writer) -> Rendered:
    """2026年4月至5月."""
    y = pick_year(c.rng)
    m1 = c.rng.randint(1, 11)
    m2 = c.rng.randint(m1 + 1, 12)
    text = f"{ymd_text(w, y, m1, None)}{c.rng.choice(CONNECTORS)}{w.small(m2)}月"
    return Rendered(year_update=y).add(text, month_value(y, m1, y, m2))


def f_range_ym_ym(c: Context, w: Writer) -> Rendered:
    """2026年4月至2027年2月."""
    y1 = pick_year(c.rng)
    y2 = y1 + c.rng.randint(1, 2)
    m1, m2 = c.rng.randint(1, 12), c.rng.randint(1, 12)
    text = f"{ymd_text(w, y1, m1, None)}{c.rng.choice(CONNECTORS)}{ymd_text(w, y2, m2, None)}"
    return Rendered(year_update=y2).add(text, month_value(y1, m1, y2, m2))


def f_range_y_y(c: Context, w: Writer, first_unit: str) -> Rendered:
    """2021—2025年 (first_unit ""), 2021年至2023年 (first_unit "年")."""
    y1 = pick_year(c.rng)
    y2 = y1 + c.rng.randint(1, 5)
    text = f"{w.year(y1)}{first_unit}{c.rng.choice(CONNECTORS)}{w.year(y2)}年"
    return Rendered(year_update=BLOCK).add(text, year_value(y1, y2))


def f_range_m_compact(c: Context, w: Writer) -> Rendered:
    """1—6月, 2024年1—6月."""
    m1 = c.rng.randint(1, 11)
    m2 = c.rng.randint(m1 + 1, 12)
    y, prefix, update = _year_or_implicit(c, w, m1, None)
    if update is None and c.implicit_year(m2, None) != y:
        raise Ambiguous
    text = f"{prefix}{w.small(m1)}{c.rng.choice(CONNECTORS)}{w.small(m2)}月"
    return Rendered(year_update=update).add(text, month_value(y, m1, y, m2))


def f_list_md_ranges(c: Context, w: Writer) -> Rendered:
    """4月24日至26日、5月9日至10日[、6月3日至5日]: one mention per member."""
    months = sorted(c.rng.sample(range(1, 13), c.rng.choice((2, 2, 3))))
    days = []
    for m in months:
        d1 = c.rng.randint(1, 25)
        days.append((d1, pick_day(c.rng, None, m, d1 + 1)))
    # The first member may carry the year; later members take the narrative year it states.
    y, prefix, update = _year_or_implicit(c, w, months[0], days[0][0])
    out = Rendered(year_update=update)
    for i, (m, (d1, d2)) in enumerate(zip(months, days, strict=True)):
        year = y if i == 0 or update is not None else c.implicit_year(m, d1)
        if i:
            out.add(c.rng.choice(("、", "，")))
        text = f"{prefix if i == 0 else ''}{ymd_text(w, None, m, d1)}{c.rng.choice(CONNECTORS)}{w.small(d2)}日"
        out.add(text, day_value(datetime.date(year, m, d1), datetime.date(year, m, d2)))
    return out


def f_list_md(c: Context, w: Writer) -> Rendered:
    """4月24日、5月9日 (和)."""
    m1, d1, m2, d2 = pick_md_pair(c.rng, None)
    y, prefix, update = _year_or_implicit(c, w, m1, d1)
    y2 = y if update is not None else c.implicit_year(m2, d2)
    return (Rendered(year_update=update)
            .add(f"{prefix}{ymd_text(w, None, m1, d1)}", day_value(datetime.date(y, m1, d1)))
            .add(c.rng.choice(("、", "和")))
            .add(ymd_text(w, None, m2, d2), day_value(datetime.date(y2, m2, d2))))


def f_list_days(c: Context, w: Writer) -> Rendered:
    """3月5日和7日: the second day takes the first one's month."""
    m = c.rng.randint(1, 12)
    d1 = c.rng.randint(1, 25)
    d2 = pick_day(c.rng, None, m, d1 + 1)
    y, prefix, update = _year_or_implicit(c, w, m, d1)
    return (Rendered(year_update=update)
            .add(f"{prefix}{ymd_text(w, None, m, d1)}", day_value(datetime.date(y, m, d1)))
            .add(c.rng.choice(("、", "和")))
            .add(f"{w.small(d2)}日", day_value(datetime.date(y, m, d2))))


def f_list_years(c: Context, w: Writer, first_unit: str) -> Rendered:
    """2020、2021年 / 2020年、2021年和2023年."""
    years = sorted(c.rng.sample(range(1990, 2031), c.rng.choice((2, 2, 3))))
    out = Rendered(year_update=years[-1])
    for i, y in enumerate(years):
        if i:
            out.add(c.rng.choice(("、", "和")) if i == len(years) - 1 else "、")
        out.add(f"{w.year(y)}{first_unit if i < len(years) - 1 else '年'}", year_value(y))
    return out


RELATIVE_YEARS = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}


def f_relative(c: Context, w: Writer, with_day: bool, as_range: bool = False, month: int | None = None) -> Rendered:
    """今年3月4日, 去年12月, 今年3月4日至5日, in any month; relative_eleven plants November only (今年十一月):
    十一 is also the name of a holiday (National Day)."""
    word = c.rng.choice(list(RELATIVE_YEARS))
    y = c.ref_year + RELATIVE_YEARS[word]
    m = month or c.rng.choice(range(1, 13))
    if not with_day:
        return Rendered(year_update=y).add(f"{word}{w.small(m)}月", month_value(y, m))
    d1 = c.rng.randint(1, 25)
    if not as_range:
        return Rendered(year_update=y).add(f"{word}{ymd_text(w, None, m, d1)}", day_value(datetime.date(y, m, d1)))
    d2 = pick_day(c.rng, y, m, d1 + 1)
    text = f"{word}{ymd_text(w, None, m, d1)}{c.rng.choice(CONNECTORS)}{w.small(d2)}日"
    return Rendered(year_update=y).add(text, day_value(datetime.date(y, m, d1), datetime.date(y, m, d2)))


ALL = SCRIPTS
DIGITS = ("arabic", "fullwidth")
FormRenderer = Callable[[Context, Writer], Rendered]
FORMS: dict[str, tuple[tuple[str, ...], FormRenderer]] = {
    # full dates
    "ymd": (ALL, f_ymd),
    "ymd_hao": (ALL, lambda c, w: f_ymd(c, w, unit="号")),
    "ymd_spaced": (DIGITS, lambda c, w: f_ymd(c, w, sep=" ")),
    "ymd_linebreak": (DIGITS, f_ymd_linebreak),
    "numeric_dash": (DIGITS, lambda c, w: f_numeric(c, w, "-")),
    "numeric_slash": (DIGITS, lambda c, w: f_numeric(c, w, "/")),
    "numeric_dot": (DIGITS, lambda c, w: f_numeric(c, w, ".")),
    # partial dates
    "numeric_month": (("arabic",), f_numeric_month),
    "ym": (ALL, f_ym),
    "year": (ALL, f_year),
    "two_digit_year": (("arabic",), f_two_digit_year),
    "md": (ALL, f_md),
    "md_hao": (ALL, lambda c, w: f_md(c, w, unit="号")),
    "month": (ALL, f_month),
    # ranges
    "range_md_d": (ALL, f_range_md_d),
    "range_md_d_hao": (ALL, lambda c, w: f_range_md_d(c, w, unit="号")),
    "range_md_md": (ALL, f_range_md_md),
    "range_md_md_spaced": (DIGITS, lambda c, w: f_range_md_md(c, w, sep=" ", connectors=("至", "到"))),
    "range_md_md_spaced_dash": (DIGITS, lambda c, w: f_range_md_md(c, w, sep=" ", connectors=("—", "–", "-", "~"))),
    "range_cross_year": (ALL, f_range_cross_year),
    "range_full": (ALL, f_range_full),
    "range_numeric": (DIGITS, f_range_numeric),
    "range_ym_m": (ALL, f_range_ym_m),
    "range_ym_ym": (ALL, f_range_ym_ym),
    "range_y_y": (ALL, lambda c, w: f_range_y_y(c, w, "")),
    "range_y_y_both": (ALL, lambda c, w: f_range_y_y(c, w, "年")),
    "range_d_compact": (ALL, lambda c, w: f_range_md_d(c, w, compact=True)),
    "range_m_compact": (ALL, f_range_m_compact),
    # lists
    "list_md_ranges": (ALL, f_list_md_ranges),
    "list_md": (ALL, f_list_md),
    "list_days": (ALL, f_list_days),
    "list_years_bare": (("arabic",), lambda c, w: f_list_years(c, w, "")),
    "list_years": (ALL, lambda c, w: f_list_years(c, w, "年")),
    # relative
    "relative_md": (ALL, lambda c, w: f_relative(c, w, with_day=True)),
    "relative_m": (ALL, lambda c, w: f_relative(c, w, with_day=False)),
    "relative_range": (ALL, lambda c, w: f_relative(c, w, with_day=True, as_range=True)),
    "relative_eleven": (("chinese",), lambda c, w: f_relative(c, w, with_day=c.rng.random() < 0.5, month=11)),
}
# Every (form, script) pair, the unit the tests count and select by: "range_md_d[chinese]".
FORM_LABELS = tuple(f"{name}[{script}]" for name, (scripts, _) in FORMS.items() for script in scripts)


def split_label(label: str) -> tuple[str, str]:
    name, script = label.rstrip("]").split("[")
    return name, script


# ----------------------------------------------------------------------------------------- news filler
# Nothing below may read as a date: no 年/月/日/号/周/节 words, relative words (今/明/去/前/后 …), holiday
# names or vague words (目前, 未来 …), and no digits but the TRAPS, numbers that the engine documents it does
# not report (counts, money, percentages, ordinals, phone numbers); many of them look like years (2019余人).
ORGS = ("市科协", "省科协", "县科协", "区科协", "市科技馆", "市老科协", "市医学会", "市农学会", "市计算机学会",
        "高校科协", "企业科协", "市青少年科技教育协会", "市科普志愿者协会", "市海智工作站")
CITIES = ("茂名", "湛江", "阳江", "信宜", "高州", "化州", "电白", "梧州", "防城港", "钦州", "北海", "玉林")
EVENTS = ("科普大讲堂", "院士专家地方行活动", "青少年科学调查体验活动", "科技志愿服务活动", "科学家精神报告会",
          "创新方法培训班", "科技成果对接会", "科普讲解大赛", "乡村振兴科技培训", "应急科普宣传活动",
          "心理健康科普讲座", "智慧农业现场观摩会", "科技社团秘书长沙龙", "科普进校园活动")
VENUES = ("市科技馆报告厅", "市民文化中心", "高新区创新中心", "市青少年宫", "市委党校", "县人民医院", "镇文化站",
          "实验学校", "科技园会议中心", "农业科技示范基地", "大学城图书馆", "滨海新区会展中心")
PLACES = ("荔枝种植基地", "海洋牧场", "乡村振兴示范村", "产业园区", "化工企业车间", "农业专业合作社", "镇卫生院",
          "沉香种植园", "罗非鱼养殖场", "山区中小学校")
PERSONS = ("中国科学院院士", "中国工程院院士", "省科协领导", "高校教授", "科普专家", "企业技术负责人",
           "市科协主席", "科技特派员", "资深科普志愿者", "市科协党组书记")
FIELDS = ("人工智能", "生物医药", "新能源", "新材料", "现代农业", "海洋经济", "石油化工", "荔枝种植", "低空经济",
          "智能制造", "电子信息", "精准医疗", "现代种业", "北斗导航")
WHO = ("科技工作者", "青少年", "群众", "师生", "企业代表", "志愿者", "基层医生", "农户", "学生家长")
CONTESTS = ("青少年科技创新大赛", "青少年机器人竞赛", "科普讲解大赛", "青少年科技模型竞赛", "少年科学院小院士评选")
WORDS = {"ORG": ORGS, "CITY": CITIES, "EVENT": EVENTS, "VENUE": VENUES, "PLACE": PLACES, "PERSON": PERSONS,
         "FIELD": FIELDS, "WHO": WHO, "CONTEST": CONTESTS}


def _n(rng: random.Random) -> int:
    """A number for a count: small, hundreds, thousands, or one that looks like a year (1900–2100)."""
    return rng.choice((rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 5000), rng.randint(1900, 2100)))


TRAPS: dict[str, Callable[[random.Random], str]] = {
    "PEOPLE": lambda rng: rng.choice((
        f"{_n(rng)}余人", f"{_n(rng)}多名{rng.choice(WHO)}", f"{_n(rng)}多人次", f"{_n(rng)}名{rng.choice(WHO)}",
        "两百余人", "上千名群众", "近万人次", "三十余名专家")),
    "THINGS": lambda rng: rng.choice((
        f"{_n(rng)}余家", f"{_n(rng)}个", f"{_n(rng)}所", f"{_n(rng)}场次", f"{_n(rng)}项", f"{_n(rng)}余份",
        "三十余家", "五十多所", "十余场")),
    "MONEY": lambda rng: rng.choice((f"{_n(rng)}万元", f"{rng.randint(1, 99)}.{rng.randint(1, 9)}万元",
                                     f"{_n(rng)}元", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}亿元")),
    "SHARE": lambda rng: rng.choice((f"{rng.randint(1, 99)}%", f"{rng.randint(1, 99)}.{rng.randint(1, 9)}%")),
    "ORDINAL": lambda rng: f"第{rng.randint(2, 45)}届",
    "PHONE": lambda rng: f"{rng.choice(('138', '159', '186', '137'))}{rng.randint(10_000_000, 99_999_999)}",
}

# Sentences with a date slot {D}. The character before {D} is never a digit or a numeral, and the one
# after it never extends a date.
DATE_SENTENCES = (
    "{D}，{ORG}在{VENUE}举办{EVENT}，吸引{PEOPLE}参加。",
    "{ORG}于{D}在{VENUE}召开{FIELD}产业发展座谈会。",
    "{D}，{PERSON}一行赴{CITY}{PLACE}调研{FIELD}产业发展情况。",
    "据悉，{ORG}于{D}组织专家组赴{CITY}开展技术服务，走访企业{THINGS}。",
    "{ORG}主办的{EVENT}于{D}圆满落幕，共有{PEOPLE}参与。",
    "{D}，{ORG}联合{ORG}举办{EVENT}，{PEOPLE}到场参与。",
    "记者从{ORG}获悉，{D}，{CITY}{ORDINAL}{CONTEST}在{VENUE}举行。",
    "专家组于{D}深入{PLACE}，围绕{FIELD}技术难题开展现场指导。",
)
FILLER_SENTENCES = (
    "{ORG}坚持党建引领，持续夯实基层服务根基。",
    "活动现场，{PERSON}围绕{FIELD}作专题报告，深入浅出地讲解科学原理。",
    "与会人员表示，此次活动内容丰富、形式新颖，开阔了视野。",
    "{ORG}将继续发挥桥梁纽带作用，团结引领广大{WHO}投身创新实践。",
    "活动共吸引{PEOPLE}参与，受到{WHO}广泛好评。",
    "专家们深入{PLACE}一线，现场把脉问诊，为{WHO}解决技术难题。",
    "{CITY}积极搭建产学研合作平台，推动科技成果在本地转化落地。",
    "此次活动累计服务{PEOPLE}，发放宣传册{THINGS}。",
    "{ORG}负责人介绍，全市已建成科普教育基地{THINGS}，覆盖{PEOPLE}。",
    "在互动环节，同学们踊跃提问，专家们耐心解答，现场气氛热烈。",
    "{PERSON}在致辞中充分肯定了{ORG}在{FIELD}科普方面所做的工作。",
    "科技志愿者走村入户，讲解{FIELD}常识，帮助{WHO}提升科学素质。",
    "据统计，{ORG}争取专项经费{MONEY}，支持{FIELD}科普设施建设。",
    "该项目带动产值增长{SHARE}，成为{CITY}{FIELD}产业的一张名片。",
    "{ORG}聚焦{FIELD}等重点产业，组织专家团队开展技术咨询。",
    "{CITY}{ORDINAL}{CONTEST}共评出一等奖{THINGS}，参赛选手达{PEOPLE}。",
    "如需咨询，可拨打{ORG}服务热线{PHONE}。",
)


def fill(template: str, rng: random.Random, date_text: str = "") -> tuple[str, int]:
    """Fill a sentence template; returns the text and where {D} starts in it (-1 without a slot)."""
    before, _, after = template.partition("{D}")
    parts = []
    for piece in (before, after):
        while "{" in piece:
            slot = piece[piece.index("{") + 1:piece.index("}")]
            word = TRAPS[slot](rng) if slot in TRAPS else rng.choice(WORDS[slot])
            piece = piece.replace("{" + slot + "}", word, 1)
        parts.append(piece)
    if "{D}" not in template:
        return parts[0], -1
    return parts[0] + date_text + parts[1], len(parts[0])


# ----------------------------------------------------------------------------------------- cases
def pick_ref(rng: random.Random) -> Ref:
    if rng.random() < 0.3:
        return rng.randint(2000, 2030)
    return datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(31 * 366))


def render_case(rng: random.Random, labels: tuple[str, ...]) -> Case:
    """One text: filler sentences around one to three planted expressions of the given form labels."""
    context = Context(rng, pick_ref(rng))
    n_dates = rng.choice((1, 1, 2, 3))
    slots = sorted(rng.sample(range(n_dates + rng.randint(0, 3)), n_dates))
    text, planted = "", []
    for i in range(slots[-1] + 1 + rng.randint(0, 1)):
        if text:
            text += rng.choice(("", "", "\n"))
        if i not in slots:
            text += fill(rng.choice(FILLER_SENTENCES), rng)[0]
            continue
        label, rendered = render_one(context, labels)
        date_text = "".join(piece for piece, _ in rendered.pieces)
        sentence, offset = fill(rng.choice(DATE_SENTENCES), rng, date_text)
        at = len(text) + offset
        for piece, value in rendered.pieces:
            if value is not None:
                planted.append(Planted(label, at, at + len(piece), piece, value))
            at += len(piece)
        text += sentence
    return Case(text, context.ref, tuple(planted))


def render_one(context: Context, labels: tuple[str, ...]) -> tuple[str, Rendered]:
    """Render one expression of a random label among ``labels``, updating the narrative."""
    for _ in range(200):
        label = context.rng.choice(labels)
        name, script = split_label(label)
        try:
            rendered = FORMS[name][1](context, Writer(context.rng, script))
        except Ambiguous:
            continue
        if rendered.year_update == BLOCK:
            context.blocked = True
        elif rendered.year_update is not None:  # a year stated after the block is the narrative's again
            context.narrative_year, context.blocked = rendered.year_update, False
        return label, rendered
    # Only forms without a year were asked for and the narrative is blocked: should not happen, as a
    # blocking form states its year.
    raise RuntimeError(f"no form of {labels} could be rendered here")


def render_cases(n: int, seed: int, labels: tuple[str, ...] = FORM_LABELS) -> list[Case]:
    rng = random.Random(seed)
    return [render_case(rng, labels) for _ in range(n)]


# ----------------------------------------------------------------------------------------- checking
def _fmt_value(value: Value) -> str:
    start, end, precision = value
    return f"{start}..{end} ({precision})"


def check_case(case: Case) -> tuple[list[tuple[Planted, bool]], list[Failure]]:
    """Run the engine on ``case``: each planted member with whether it was recovered, and the failures.

    A planted member is recovered when exactly one mention overlaps its span and that mention has its value
    (start_date, end_date, precision). A mention overlapping no planted span is a "stray" failure.
    """
    mentions = find_dates(case.text, case.ref)
    results, failures = [], []
    for p in case.planted:
        over = [m for m in mentions if m.start < p.end and p.start < m.end]
        ok = len(over) == 1 and (over[0].start_date, over[0].end_date, over[0].precision) == p.value
        results.append((p, ok))
        if not ok:
            got = "; ".join(f"{m.text!r} {m.start_date}..{m.end_date} ({m.precision})" for m in over) or "nothing"
            failures.append(Failure(p.form, case.text, case.ref, f"{p.text!r} {_fmt_value(p.value)}", got))
    for m in mentions:
        if not any(m.start < p.end and p.start < m.end for p in case.planted):
            failures.append(Failure("stray", case.text, case.ref, "no mention here",
                                    f"{m.text!r} at {m.start}-{m.end} {m.start_date}..{m.end_date}"))
    return results, failures


def print_past_capture(request: pytest.FixtureRequest, lines: list[str]) -> None:
    """Print ``lines`` on the terminal past pytest's output capture, so they show under ``-q`` too (the engine
    test modules print their counts with it after their tests)."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    text = "\n" + "\n".join(lines)
    if capture is None:  # pytest run with its capture plugin disabled
        print(text)
        return
    with capture.global_and_fixture_disabled():
        print(text)
