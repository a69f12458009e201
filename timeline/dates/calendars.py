"""Calendar arithmetic the resolver needs: shifts and weeks (arrow), lunar dates and solar terms
(the lunar-python package). Every function returns None instead of raising for a date that does not exist.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import arrow
from lunar_python import Lunar, Solar


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (2月30日, 13月)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def last_day(year: int, month: int) -> int:
    """The last day number of a month."""
    return calendar.monthrange(year, month)[1]


def shift_days(day: date, days: int) -> date:
    """``day`` moved by ``days`` days."""
    return arrow.Arrow(day.year, day.month, day.day).shift(days=days).date()


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by ``months`` months."""
    moved = arrow.Arrow(year, month, 1).shift(months=months)
    return moved.year, moved.month


def weekday_in_week(ref: date, week_shift: int, weekday: int) -> date:
    """The ``weekday`` (0 = Monday) of the Monday-to-Sunday week ``week_shift`` weeks from ``ref``'s week."""
    monday = arrow.Arrow(ref.year, ref.month, ref.day).floor("week").shift(weeks=week_shift)
    return monday.shift(days=weekday).date()


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The ``n``-th ``weekday`` (0 = Monday) of a month (母亲节: the second Sunday of May)."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


@lru_cache(maxsize=4096)
def lunar_to_solar(lunar_year: int, lunar_month: int, lunar_day: int, leap: bool = False) -> date | None:
    """The solar date of a lunar date, or None when that lunar day does not exist."""
    if not (1 <= lunar_month <= 12 and 1 <= lunar_day <= 30 and 1000 <= lunar_year <= 2199):
        return None
    try:
        lunar = Lunar.fromYmd(lunar_year, -lunar_month if leap else lunar_month, lunar_day)
        solar = lunar.getSolar()
        back = Solar.fromYmd(solar.getYear(), solar.getMonth(), solar.getDay()).getLunar()
    except Exception:  # the package raises bare Exceptions for days that do not exist
        return None
    if back.getDay() != lunar_day or abs(back.getMonth()) != lunar_month:
        return None
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunar_in_year(year: int, lunar_month: int, lunar_day: int, leap: bool = False) -> date | None:
    """The solar date in solar ``year`` of a lunar month and day (腊月 of the lunar year before falls early
    in the year); None when neither lunar year gives one in ``year``."""
    for lunar_year in (year, year - 1):
        solar = lunar_to_solar(lunar_year, lunar_month, lunar_day, leap)
        if solar is not None and solar.year == year:
            return solar
    return None


def new_year_eve(year: int) -> date | None:
    """除夕: the day before the Spring Festival that falls in ``year``."""
    spring = lunar_to_solar(year, 1, 1)
    return None if spring is None else spring - timedelta(days=1)


@lru_cache(maxsize=1024)
def solar_term(year: int, name: str) -> date | None:
    """The date in ``year`` of the solar term ``name`` (清明, 冬至 …)."""
    for month in (2, 6, 11):
        table = Solar.fromYmd(year, month, 1).getLunar().getJieQiTable()
        for key, solar in table.items():
            # Terms of the next lunar year carry pinyin keys (DONG_ZHI); ask the date for its own name.
            if solar.getYear() == year and (key == name or solar.getLunar().getJieQi() == name):
                return date(solar.getYear(), solar.getMonth(), solar.getDay())
    return None
