"""Property-based tests of the date engine's promises (issue 6: "the engine never breaks").

``find_dates`` documents (``timeline/dates/__init__.py``) that for any string and any reference it returns
without raising; mentions come in text order, do not overlap and satisfy ``text[m.start:m.end] == m.text``;
a value, when present, is a valid date at its precision with start <= end; precision is day, month or
year; a recurrence is an RRULE. These tests feed it arbitrary unicode and, more usefully, text built
from the characters and words the grammar reads (date units, range words, digits in three scripts,
Chinese numerals, relative words, holidays, lunar words), with spaces, line breaks and PDF-style doubled
runs, against a reference date in 1900–2100 or a bare year.

Runs are seeded (``derandomize=True``, no example database) so every run tests the same examples. The
number of examples each property ran is printed after the module (pytest's terminal, also under ``-q``).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roundtrip_render import print_past_capture

from timeline.dates import find, find_dates

# ----------------------------------------------------------------------------------------- strategies
# Single characters the grammar reads, and whole words (a word is more likely to make a real date).
DATE_CHARS = (
    "年月日号至到—–-~～－、和" "0123456789" "０１２３４５６７８９" "〇零一二三四五六七八九十廿卅两"
    "今去明前后上下本次当同翌昨周星期礼拜天末初旬季度每春节元宵国庆农历正腊冬闰底半时点分午晚"
    "：:./ \n，。"
)
DATE_WORDS = (
    "年", "月", "日", "号", "至", "到", "—", "——", "–", "-", "~", "、", "和", "今年", "去年", "明年", "前年",
    "后年", "本月", "上月", "下月", "次日", "当天", "昨天", "明天", "周三", "星期五", "上周五", "下周一", "本周末",
    "每周三", "春节", "元宵节", "国庆节", "国庆", "农历", "正月", "腊月", "初一", "十五", "廿三", "上旬", "下旬",
    "一季度", "第三季度", "上半年", "年底", "每年", "每月", "至今", "以来", "前夕", "期间", "十四五", "九十年代",
    "第八个全国科技工作者日", "上午9时30分", "下午3点", "14:30", "2024", "2019", "1900", "2100", "2199",
    "0000", "9999", "08", "98", "12", "13", "29", "30", "31", "32", "二〇二四", "四", "十六", "三十一",
    "２０２４", "２月", "３０日", "2月29日", "2月30日", "13月", "0月", "0日", "2024-04-16", "2024/4/16",
    "2024.4.16", "2024.04", "2021—2025年", "3·15", "“", "”", " ", "\n", "\u3000",
)
_date_char = st.sampled_from(DATE_CHARS)
_digits = st.text(alphabet="0123456789０１２３４５６７８９", min_size=1, max_size=5)
_cn_number = st.text(alphabet="〇零一二三四五六七八九十廿卅两", min_size=1, max_size=4)
_token = st.one_of(
    st.sampled_from(DATE_WORDS), _date_char, _digits, _cn_number,
    st.text(alphabet=DATE_CHARS, max_size=4),
    st.text(max_size=2),  # anything at all between the date words
)


_HOW = ("as is", "as is", "as is", "twice", "each char")


def _doubled(token_and_how: tuple[str, str]) -> str:
    """PDF-extraction doubling: the token as is, written twice, or with each character written twice."""
    token, how = token_and_how
    if how == "twice":
        return token * 2
    if how == "each char":
        return "".join(ch * 2 for ch in token)
    return token


date_like_text = st.lists(st.tuples(_token, st.sampled_from(_HOW)).map(_doubled), max_size=30).map("".join)
any_text = st.one_of(st.text(), date_like_text, st.text(alphabet=DATE_CHARS))
references = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    st.integers(min_value=1900, max_value=2100),
)

# --------------------------------------------------------------------------------------------- checks
_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_SHAPES = {"day": re.compile(r"\d{4}-\d{2}-\d{2}"), "month": re.compile(r"\d{4}-\d{2}"),
           "year": re.compile(r"\d{4}")}


def _parse(value: str, precision: str) -> datetime.datetime:
    assert _SHAPES[precision].fullmatch(value), f"{value!r} is not a {precision}-precision date"
    return datetime.datetime.strptime(value, _FORMATS[precision])


def check_promises(text: str, ref: datetime.date | int, include_vague: bool) -> None:
    """Call the engine and assert every documented promise about what it returns."""
    mentions = find_dates(text, ref, include_vague=include_vague)
    assert isinstance(mentions, list)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
        assert m.start >= previous_end, f"{m} starts before the previous mention ends ({previous_end})"
        previous_end = m.end
        if m.start_date is None:
            assert m.end_date is None and m.precision is None, m
            continue
        assert m.precision in _FORMATS, m
        assert m.end_date is not None, m
        assert _parse(m.start_date, m.precision) <= _parse(m.end_date, m.precision), m
        assert m.recurrence is None or m.recurrence.startswith("FREQ="), m
        assert m.time is None or re.fullmatch(r"(?:[01]\d|2[0-3]):[0-5]\d", m.time), m
    if not include_vague:
        assert all(m.vague is None for m in mentions), mentions


# --------------------------------------------------------------------------------------------- tests
EXAMPLES: Counter[str] = Counter()


def seeded(max_examples: int) -> settings:
    """Reproducible settings (same examples every run, no example database), sized so the file runs in ~10 s."""
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest):
    yield
    print_past_capture(request, [f"engine properties: {name}: {n} examples" for name, n in sorted(EXAMPLES.items())])


@seeded(2000)
@given(text=st.text(), ref=references)
def test_any_unicode_never_breaks(text: str, ref: datetime.date | int) -> None:
    EXAMPLES["any unicode"] += 1
    check_promises(text, ref, include_vague=False)


@seeded(1300)
@given(text=date_like_text, ref=references)
def test_date_like_text_never_breaks(text: str, ref: datetime.date | int) -> None:
    EXAMPLES["date-like text"] += 1
    check_promises(text, ref, include_vague=False)


@seeded(1300)
@given(text=any_text, ref=references)
def test_vague_included_never_breaks(text: str, ref: datetime.date | int) -> None:
    EXAMPLES["include_vague=True"] += 1
    check_promises(text, ref, include_vague=True)


@seeded(500)
@given(parts=st.lists(date_like_text, min_size=2, max_size=4), ref=references)
def test_joined_lines_never_break(parts: list[str], ref: datetime.date | int) -> None:
    """Several date-like pieces joined by newlines, spaces and clause ends (line-level repairs, narrative)."""
    EXAMPLES["joined lines"] += 1
    for joiner in ("\n", " ", "。"):
        check_promises(joiner.join(parts), ref, include_vague=False)


def _atoms_read_afresh(text: str, include_vague: bool) -> list:
    """find_atoms with nothing shared between places: the parts of each match read where it was found."""
    c = find.compiled(include_vague)
    kept = dict(c.parts)
    c.parts.clear()
    try:
        with mock.patch.object(find, "_PARTS_KEPT", 0):
            return find.find_atoms(text, include_vague)
    finally:
        c.parts.clear()
        c.parts.update(kept)


@seeded(500)
@given(parts=st.lists(date_like_text, min_size=2, max_size=5), include_vague=st.booleans())
def test_parts_do_not_depend_on_what_surrounds_a_date(parts: list[str], include_vague: bool) -> None:
    """Extraction reads the parts of a rule's match once for each rule and text and shares them wherever the rule
    matches that text again (a rule reads a text one way, whatever surrounds it): the same parts as read afresh
    at each place, here with the same pieces in other surroundings."""
    EXAMPLES["parts in context"] += 1
    texts = [*parts, "".join(parts), "".join(reversed(parts)), "。".join(parts)]
    for text in texts:  # each piece's dates are met, and their parts kept, in every surrounding first
        find.find_atoms(text, include_vague)
    for text in texts:
        assert find.find_atoms(text, include_vague) == _atoms_read_afresh(text, include_vague), text
