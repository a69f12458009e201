"""Offsets between raw text and repaired (clean) text, and sentence/clause spans in clean text."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from timeline import cues
from timeline.repair import RepairedText

_LOOKBACK = 400  # no sentence is longer; bounds the backward search
_WRAP = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n[ \t]*(?=[^\x00-\x7f])")


def segment_starts(repaired: RepairedText) -> list[int]:
    """The raw start of each kept segment, for repeated ``raw_to_clean`` calls on one text."""
    return [a for a, _ in repaired.segments]


def raw_to_clean(repaired: RepairedText, raw_index: int, starts: Sequence[int] | None = None) -> int:
    """The clean index of the first kept character at or after ``raw_index`` (``starts``: ``segment_starts``
    of ``repaired``, computed once by callers that map many offsets)."""
    if raw_index <= 0:
        return 0
    i = bisect_right(starts if starts is not None else segment_starts(repaired), raw_index) - 1
    i = max(i, 0)
    a, b = repaired.segments[i]
    if raw_index < b:
        return repaired.clean_starts[i] + max(raw_index - a, 0)
    return repaired.clean_starts[i + 1] if i + 1 < len(repaired.clean_starts) else len(repaired.text)


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of clean ``text`` holding ``start``..``end``: from after the previous sentence end (or line
    break) to its own end mark, included."""
    left = 0
    for m in cues.SENTENCE_END.finditer(text, max(0, start - _LOOKBACK), start):
        left = m.end()
    if left == 0 and start > _LOOKBACK:
        left = start - _LOOKBACK
    m = cues.SENTENCE_END.search(text, end)
    right = (m.start() if m.group().startswith("\n") else m.end()) if m else len(text)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def join_lines(text: str) -> str:
    """``text`` on one line: a line break between two Chinese characters (a PDF wrap) is dropped, other runs
    of white space become one space."""
    joined = _WRAP.sub("", text)
    return " ".join(joined.split())


def clause_span(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The clause (between commas, semicolons or colons) of the sentence ``sentence`` holding the span."""
    left = start
    while left > sentence[0] and not cues.CLAUSE_SPLIT.match(text[left - 1]):
        left -= 1
    m = cues.CLAUSE_SPLIT.search(text, end, sentence[1])
    right = m.start() if m else sentence[1]
    return left, right
