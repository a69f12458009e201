"""Specification table for the date-expression engine.

Each line of ``tests/data/engine_cases.jsonl`` is one case: an input text, a
reference (ISO date string or bare year int) and the mentions the engine must
return, in text order. Negative cases have ``"expected": []``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from timeline.charforms import CHAR_FORMS
from timeline.dates import find_dates
from timeline.dates import grammar as g
from timeline.repair import normalize_chars, repair_text

CASES_PATH = Path(__file__).parent / "data" / "engine_cases.jsonl"

BASE_FIELDS = ("text", "start_date", "end_date", "precision")
OPTIONAL_FIELDS = ("recurrence", "time", "approximate")


def _load_cases() -> list[dict]:
    with CASES_PATH.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CASES = _load_cases()


def _ref(value: str | int) -> datetime.date | int:
    if isinstance(value, int):
        return value
    return datetime.date.fromisoformat(value)


def _fields_for(expected_item: dict | None) -> tuple[str, ...]:
    if expected_item is None:
        return BASE_FIELDS
    return BASE_FIELDS + tuple(f for f in OPTIONAL_FIELDS if f in expected_item)


def _project_expected(expected: list[dict]) -> list[dict]:
    return [{f: item.get(f) for f in _fields_for(item)} for item in expected]


def _project_got(mentions: list, expected: list[dict]) -> list[dict]:
    out = []
    for i, m in enumerate(mentions):
        fields = _fields_for(expected[i] if i < len(expected) else None)
        out.append({f: getattr(m, f, None) for f in fields})
    return out


def _fmt(items: list[dict]) -> str:
    if not items:
        return "    (none)"
    return "\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)


def test_traditional_forms_survive_repair() -> None:
    """The forms that tell traditional text (113年度 is a year there) are left as they are by repair, and each
    differs from its simplified form."""
    assert not set(g.TRADITIONAL_FORMS) & set(CHAR_FORMS)
    assert not set(g.TRADITIONAL_FORMS) & set(g.TRADITIONAL_FORMS.values())
    # Nor does repair produce a simplified form, or a traditional text would count it as simplified (會 → 会).
    simplified = set(g.TRADITIONAL_FORMS.values())
    assert not simplified & set(CHAR_FORMS.values())
    assert not simplified & set(CHAR_FORMS)
    assert len(simplified) == len(g.TRADITIONAL_FORMS)
    # 台/臺 and the like are written in both scripts: they are no markers.
    assert not set("台臺于於内內后後并並") & (set(g.TRADITIONAL_FORMS) | simplified)


@pytest.mark.parametrize("name", sorted(g.ANNIVERSARY_FIRST_YEAR))
def test_every_counted_day_has_a_date(name: str) -> None:
    """Each commemorative day counted by edition (第一个全国科技工作者日) is a holiday the engine can date: its
    first edition falls in the year it was first held."""
    [mention] = find_dates(f"这是第一个{name}。", datetime.date(2030, 1, 1))
    assert mention.start_date is not None
    assert mention.start_date.startswith(str(g.ANNIVERSARY_FIRST_YEAR[name]))


# Letter-spaced digits (PDF text of a justified line) are joined only where they are a date's year, month or day.
LETTER_SPACED = [
    ("2 0 2 4 年 9 月 1 4 日—2 0 日", "2024年9月14日—20日"),
    ("２ ０ ２ ４　年　９　月", "2024年9月"),
    ("9 月 1 4 — 2 0 日", "9月14—20日"),
    ("2 0 2 4 年 1 0 — 1 2 月", "2024年10—12月"),
    ("1 2 月 5 日", "12月5日"),
    ("见图 1 2 日变化", "见图 1 2日变化"),  # no month before the day: figure 1, not 12日
    ("截至 1 2 日", "截至1 2日"),
    ("第 1 2 届", "第 1 2 届"),
    ("选项 1 2 3", "选项 1 2 3"),
    ("电话 1 3 8 2 8 6 8 7 8 6 6", "电话 1 3 8 2 8 6 8 7 8 6 6"),
    ("代码 1 2 3 4 5 年", "代码 1 2 3 4 5年"),  # five digits are no year
    ("第 2 0 2 4 年", "第 2 0 2 4年"),
    ("A 2 0 2 4 年", "A 2 0 2 4年"),
    ("2 0 2 4 年 1 3 月", "2024年1 3月"),  # no month 13
    ("5 月 3 2 日", "5月3 2日"),  # no day 32
    ("1 2 34 日", "1 2 34日"),
    ("2 0  2 4 年", "2 0  2 4年"),  # two spaces: not one letter-spaced number
]


@pytest.mark.parametrize(("raw", "clean"), LETTER_SPACED, ids=[raw for raw, _ in LETTER_SPACED])
def test_letter_spaced_digits(raw: str, clean: str) -> None:
    repaired = repair_text(raw)
    assert repaired.text == clean
    normalized = normalize_chars(raw)
    assert all(normalized[repaired.to_raw(i)] == ch for i, ch in enumerate(repaired.text))


def test_case_ids_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_engine_case(case: dict) -> None:
    text = case["text"]
    mentions = list(find_dates(text, _ref(case["ref"])))

    for m in mentions:
        assert text[m.start : m.end] == m.text, (
            f"[{case['id']}] offsets do not match mention text: "
            f"text[{m.start}:{m.end}]={text[m.start : m.end]!r} but mention.text={m.text!r}"
        )

    expected = _project_expected(case["expected"])
    got = _project_got(mentions, case["expected"])
    assert got == expected, (
        f"[{case['id']}] ({case['group']}) text={text!r} ref={case['ref']!r}\n"
        f"  expected:\n{_fmt(expected)}\n"
        f"  got:\n{_fmt(got)}" + (f"\n  note: {case['note']}" if case.get("note") else "")
    )
