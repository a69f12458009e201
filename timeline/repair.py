"""Text repair: read messy extracted text as a person would, keeping a map back to the raw offsets.

Three repairs, in order:

1. Character forms, one character for one (so offsets do not move): full-width digits and Latin letters,
   full-width ``:-./~``, the ideographic space, ``○`` used as zero, and the traditional forms of the
   characters that date expressions use (``號`` → ``号``, ``週`` → ``周`` …).
2. PDF-extraction doubling: lines in which nearly every run of text is written twice
   (``每年每年55月月3030 日被设立为日被设立为``) keep the first copy of each run. Lines that merely contain
   a reduplicated word (``天天``, ``人人``, ``每每``) are left alone.
3. White space inside a date (``2019 年 6 月 14 日``, ``5 月\\n9 日至 10 日``) is dropped where it sits
   between a number and its unit or after a unit or range word, or between a unit and a dash that a number
   follows (``7 月 2 日 — 9 月 12 日``), never between two numbers, but for one case: a letter-spaced
   number (``2 0 2 4 年 9 月 1 4 日—2 0 日``, as PDF extraction spaces every character of a justified line)
   is joined when it is a date's year, month or day by its unit and by what stands before it (see
   _spaced_date_number_end); lists, codes and labels (``1 2 3``, ``第 1 2 届``, ``图 1 2 日``) keep their spaces.

Repairs only delete or substitute characters, so the clean text maps back to the raw text through a list
of kept raw segments.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

from timeline.charforms import CHAR_FORMS

_NEEDS_FORMS = re.compile("[" + re.escape("".join(CHAR_FORMS)) + "]")

# A doubled run is at most this long (PDF text repeats runs of a line, seldom longer than a clause).
_MAX_RUN = 40
# A line is treated as doubled when at least this share of its characters lie in doubled runs.
_DOUBLED_SHARE = 0.8
_MIN_DOUBLED_LINE = 4

# A cheap pre-filter: punctuation or a date unit written twice in a row. Doubled lines are full of these
# (``，，`` ``月月``); ordinary text almost never has them. A word list scans in C at full speed.
_TWIN_CHAR = re.compile("(" + "|".join(re.escape(ch) for ch in "，。、；：！？“”（）《》年月日号") + r")\1")
# A chunk written twice (longest first); a chunk starts with a visible character.
_DOUBLED_CHUNK = re.compile(rf"(\S.{{0,{_MAX_RUN - 1}}})\1")
# A doubled chunk this long is doubling on its own (``广西钢铁集团广西钢铁集团``).
_LONG_CHUNK = 4
# A line whose first piece (up to a space) is made of two equal halves: the regex below says what counts;
# _halves_lines finds the same lines in linear time (the regex tries every half length: quadratic on a long
# line with no space).
_HALVES = re.compile(rf"^(\S{{{_LONG_CHUNK},}}?)\1(?=[ \t]|$)", re.M)
_SPACE = re.compile(r"\s")

_NUM = "0-9〇零一二三四五六七八九十两"
_UNIT_AFTER_NUMBER = "年月日号时点分"
_WORD_BEFORE_NUMBER = "年月日号至到—–~-"
# Range words written as a dash: white space before one is dropped after a unit when a number follows the
# dash (2 日 — 9 月, not 1 - 2).
_DASHES = "—–~-"
_UNIT_BEFORE_DASH = "年月日号"
_DASH_THEN_NUMBER = re.compile(rf"[{_DASHES}]+\s*[{_NUM}]")
# White space with a date character on each side; which pairs may be joined is decided in Python
# (a number and its unit, a unit or range word and a number, a unit and a dash; never two numbers).
_SPACE_IN_DATE = re.compile(
    rf"[{_NUM}{_WORD_BEFORE_NUMBER}](\s+)(?=[{_NUM}{_UNIT_AFTER_NUMBER}至到{_DASHES}])"
)
_NUM_CHARS = frozenset("0123456789〇零一二三四五六七八九十两")
_DIGITS = "0123456789"
# A letter-spaced number: single digits, each after one space (the ideographic space is unified to one); it
# must not go on with another digit, spaced or not (1 2 34 is no letter-spaced number).
_SPACED_NUMBER = re.compile(r"\d(?: \d)+(?! ?\d)")
# What follows a letter-spaced number that may be a date's part: its unit, or a range word, another number
# (spaced or not) and the unit (1 4 — 2 0 日 is 14—20日).
_RANGE_WORD_CHARS = _DASHES + "至到"
_SPACED_NUMBER_UNIT = re.compile(rf" ?(?:[{re.escape(_RANGE_WORD_CHARS)}] ?\d(?: ?\d)? ?)?([年月日号])")
# Before a range word, the end of a month-day (月 1 4 日 —, 月 1 4 —) or of a month after its year (年 1 0 —,
# 年 1 0 月 —): the number after the range word is the range's end.
_DATE_BEFORE_RANGE_WORD = re.compile(r"(?:月|年 ?\d ?\d ?月?)(?: ?\d(?: ?\d)? ?[日号]?)? ?$")
# A day (spaced or not) and its unit right after a month: a month with its day.
_DAY_AFTER_MONTH = re.compile(r" ?月 ?\d(?: ?\d)? ?[日号]")
# Before a year: characters that make a number a label, a code or a part of a longer number.
_NOT_BEFORE_SPACED_YEAR = frozenset(_DIGITS + string.ascii_letters + ".#/第图表号")
_INLINE_ONLY = re.compile(r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)?")
# What \s matches, listed (Unicode has no white space above U+3000): in a character set, the \s category
# makes the regex engine's test of every character of the text much slower than a list does.
_WHITE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def _raw_class(unified: set[str]) -> str:
    """A regex set of the raw characters that ``normalize_chars`` turns into a character of ``unified``."""
    chars = {c for c in unified if c not in CHAR_FORMS} | {c for c, form in CHAR_FORMS.items() if form in unified}
    return "[" + re.escape("".join(sorted(chars))) + "]"


# Character forms and white space inside dates in one scan of the raw text (a scan costs about as much as
# the rest of repair): a match is a character to unify, or (group ``space``) a white space run that
# _SPACE_IN_DATE finds in the unified text, its neighbours tested as the raw characters that unify into
# its sets. It starts by consuming a character either can start with, which the regex engine skips to fast.
_FORMS_OR_SPACE = re.compile(
    "[" + re.escape("".join(CHAR_FORMS) + _WHITE_SPACE) + "]"
    + rf"(?:(?<={_raw_class(_NUM_CHARS | set(_WORD_BEFORE_NUMBER))}\s)(?P<space>\s*)"
    + rf"(?={_raw_class(_NUM_CHARS | set(_UNIT_AFTER_NUMBER + '至到' + _DASHES))})"
    + "|(?<=" + _NEEDS_FORMS.pattern + "))"
)


# The forms of white space characters (a white space run found by _FORMS_OR_SPACE holds nothing else).
_SPACE_FORMS = str.maketrans({c: form for c, form in CHAR_FORMS.items() if c.isspace()})


@dataclass(frozen=True, slots=True)
class RepairedText:
    """Clean text plus the raw segments it was cut from, in order.

    ``segments`` lists ``(raw_start, raw_end)`` pairs; the clean text is the concatenation of the
    (character-form-normalised) raw slices. ``clean_starts[i]`` is where segment ``i`` begins in the
    clean text.
    """

    raw: str
    text: str
    segments: tuple[tuple[int, int], ...]
    clean_starts: tuple[int, ...]

    def to_raw(self, clean_index: int) -> int:
        """Map a clean character index to the raw index of the same character."""
        i = bisect_right(self.clean_starts, clean_index) - 1
        raw_start, _ = self.segments[i]
        return raw_start + clean_index - self.clean_starts[i]

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean half-open span to the raw span from its first to its last character."""
        if end <= start:
            raw = self.to_raw(start) if start < len(self.text) else len(self.raw)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1


def normalize_chars(raw: str) -> str:
    """Return ``raw`` with character forms unified (same length, same offsets)."""
    # str.translate walks every character in Python-level dict lookups; a regex substitution only visits
    # the few characters that need a new form.
    return _NEEDS_FORMS.sub(_new_form, raw)


def _new_form(m: re.Match[str]) -> str:
    return CHAR_FORMS[m.group()]


def _normalize_finding_spaces(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """``normalize_chars(raw)``, and the white space runs _SPACE_IN_DATE matches in it (its group 1)."""
    spaces: list[tuple[int, int]] = []

    def unify(m: re.Match[str]) -> str:
        if m.group("space") is None:
            return CHAR_FORMS[m.group()]
        spaces.append(m.span())
        return m.group().translate(_SPACE_FORMS)  # a run of white space: normalize_chars, without a regex

    return _FORMS_OR_SPACE.sub(unify, raw), spaces


def _segments_from_kept(kept: list[tuple[int, int]]) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    merged: list[tuple[int, int]] = []
    for a, b in kept:
        if a >= b:
            continue
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    starts: list[int] = []
    pos = 0
    for a, b in merged:
        starts.append(pos)
        pos += b - a
    return tuple(merged), tuple(starts)


def _doubled_runs(line: str) -> list[tuple[int, int, int]]:
    """Runs of back-to-back doubled chunks in ``line``: (start, end, number of chunks), chunks as
    (start, length) found greedily (longest chunk first) by one regex scan."""
    runs: list[tuple[int, int, int]] = []
    for m in _DOUBLED_CHUNK.finditer(line):
        if runs and runs[-1][1] == m.start():
            a, _, n = runs[-1]
            runs[-1] = (a, m.end(), n + 1)
        else:
            runs.append((m.start(), m.end(), 1))
    return runs


def _run_is_doubling(line: str, start: int, end: int, chunks: int) -> bool:
    """A run is extraction doubling, not a reduplicated word (天天, 高高兴兴, 研究研究), when it has three
    chunks or more, or a doubled number beside another doubled chunk, or one long chunk."""
    if chunks >= 3:
        return True
    if chunks == 2 and any(ch.isdigit() for ch in line[start:end]):
        return True
    return (end - start) // 2 >= _LONG_CHUNK


def _undouble_line(line: str, *, whole_only: bool = False) -> list[tuple[int, int]]:
    """Kept (start, end) pieces of ``line`` with each doubled chunk of a doubling run kept once; with
    ``whole_only``, nothing unless the line is doubled almost whole."""
    runs = _doubled_runs(line)
    doubled_share = sum(b - a for a, b, _ in runs) / max(len(line), 1)
    whole_line = doubled_share >= _DOUBLED_SHARE
    if whole_only and not whole_line:
        return []
    kept: list[tuple[int, int]] = []
    pos = 0
    for a, b, chunks in runs:
        if not (whole_line or _run_is_doubling(line, a, b, chunks)):
            continue
        kept.append((pos, a))
        for m in _DOUBLED_CHUNK.finditer(line, a, b):
            kept.append((m.start(), m.start() + len(m.group(1))))
        pos = b
    if not kept:
        return []
    kept.append((pos, len(line)))
    return kept


def _candidate_lines(text: str) -> list[tuple[int, int]]:
    """Lines that may be doubled: with punctuation or a unit written twice in a row (``，，``, ``月月``), and,
    in a text that shows such doubling at all, lines whose first piece is made of two equal halves."""
    starts = _line_starts(text, (m.start() for m in _TWIN_CHAR.finditer(text)))
    if starts:
        starts.update(_halves_lines(text))
    spans = []
    for start in sorted(starts):
        end = text.find("\n", start)
        spans.append((start, len(text) if end < 0 else end))
    return spans


def _all_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``."""
    spans = []
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + 1


def _line_starts(text: str, positions: Iterable[int]) -> set[int]:
    """The starts of the lines holding ``positions`` (in increasing order), in one pass over the text (an
    rfind per position would scan a long line again for each)."""
    starts = set()
    line_start, line_end = 0, text.find("\n")
    for position in positions:
        while 0 <= line_end < position:
            line_start, line_end = line_end + 1, text.find("\n", line_end + 1)
        starts.add(line_start)
    return starts


def _halves_lines(text: str) -> set[int]:
    """The starts of the lines where _HALVES matches: the line's first piece (its run of visible characters,
    ended by a space, a tab, the line's end or the text's end) is two equal halves of _LONG_CHUNK or more."""
    found = set()
    start = 0
    while True:
        space = _SPACE.search(text, start)  # a line break is white space too: never past this line
        end = len(text) if space is None else space.start()
        half = (end - start) // 2
        if (half >= _LONG_CHUNK and (end - start) % 2 == 0 and (space is None or text[end] in " \t\n")
                and text.startswith(text[start : start + half], start + half)):
            found.add(start)
        line_end = text.find("\n", start)
        if line_end < 0:
            return found
        start = line_end + 1


def _undouble(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return kept segments of ``text`` after undoubling, and the spans of the lines that were changed."""
    kept: list[tuple[int, int]] = []
    changed: list[tuple[int, int]] = []
    pos = 0
    candidates = _candidate_lines(text)
    if candidates:
        # Where doubling shows, a line doubled almost whole by chunks with no twin character in it is doubled too
        # (关于开展关于开展20232023年…的通知年…的通知): every line is looked at, but only taken whole.
        chosen = {start for start, _ in candidates}
        candidates = [(start, end, False) for start, end in candidates]
        candidates += [(start, end, True) for start, end in _all_lines(text) if start not in chosen]
        candidates.sort()
    for start, end, whole_only in candidates:
        line = text[start:end].rstrip()
        if len(line) < _MIN_DOUBLED_LINE:
            continue
        line_kept = _undouble_line(line, whole_only=whole_only)
        if not line_kept:
            continue
        kept.append((pos, start))
        kept.extend((start + a, start + b) for a, b in line_kept)
        pos = start + len(line)
        changed.append((start, end))
    kept.append((pos, len(text)))
    return kept, changed


def _space_deletions(text: str, undoubled: list[tuple[int, int]],
                     spaces: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of white space inside dates to delete (a blank line only counts between doubled lines); the
    runs _SPACE_IN_DATE matches in ``text`` (its group 1) may be given."""
    if spaces is not None and not spaces:
        return []
    # The undoubled spans come in text order and do not overlap: the one that may hold i starts last at or
    # before it.
    span_starts = [a for a, _ in undoubled]

    def in_undoubled(i: int) -> bool:
        k = bisect_right(span_starts, i) - 1
        return k >= 0 and i <= undoubled[k][1]

    if spaces is None:
        spaces = [m.span(1) for m in _SPACE_IN_DATE.finditer(text)]
    if not spaces:
        return []
    deletions = []
    spaced_date_end = -1  # the end of the last letter-spaced number read as a part of a date
    for a, b in spaces:
        before, after = text[a - 1], text[b]
        if before in _DIGITS and after in _DIGITS:
            if a >= spaced_date_end:
                spaced_date_end = _spaced_date_number_end(text, a)
            if b - a == 1 and a < spaced_date_end:
                deletions.append((a, b))
            continue
        if a == spaced_date_end and after in _RANGE_WORD_CHARS:  # 1 4 — 2 0 日: the range word follows a day
            deletions.append((a, b))
            continue
        joins_number_and_unit = before in _NUM_CHARS and after in _UNIT_AFTER_NUMBER + "至到"
        joins_word_and_number = before in _WORD_BEFORE_NUMBER and (after in _NUM_CHARS or after in "至到")
        joins_unit_and_dash = (before in _UNIT_BEFORE_DASH and after in _DASHES
                               and _DASH_THEN_NUMBER.match(text, b) is not None)
        if not (joins_number_and_unit or joins_word_and_number or joins_unit_and_dash):
            continue
        if not _INLINE_ONLY.fullmatch(text, a, b) and not (in_undoubled(a - 1) and in_undoubled(b)):
            continue
        deletions.append((a, b))
    return deletions


def _spaced_date_number_end(text: str, space: int) -> int:
    """The end of the letter-spaced number holding the space at ``space`` when it is a date's part, else -1.

    It is a year (four digits, 1000–2199, before 年, not after a letter, a digit or a label such as 第 or 图),
    a month (01–12, before 月, after 年 or before its day) or a day (01–31, before 日 or 号, after 月 or after a
    range word that ends a month-day): only there is the reading sure, since 图 1 2 日 may be figure 1.
    """
    start = space - 1
    while start >= 2 and text[start - 1] == " " and text[start - 2] in _DIGITS:
        start -= 2
    if start > 0 and text[start - 1] in _DIGITS:
        return -1
    number = _SPACED_NUMBER.match(text, start)
    if number is None:
        return -1
    unit = _SPACED_NUMBER_UNIT.match(text, number.end())
    if unit is None:
        return -1
    value = int(number.group()[::2])
    digits = (number.end() - start + 1) // 2
    before = text[start - 2] if start >= 2 and text[start - 1] == " " else text[start - 1] if start else ""
    kind = unit.group(1)
    if kind == "年":
        ok = digits == 4 and 1000 <= value <= 2199 and before not in _NOT_BEFORE_SPACED_YEAR
    elif digits != 2:
        ok = False
    elif kind == "月":
        ok = 1 <= value <= 12 and (before == "年" or _DAY_AFTER_MONTH.match(text, number.end()) is not None
                                   or _after_range_word(text, start))
    else:
        ok = 1 <= value <= 31 and (before == "月" or _after_range_word(text, start))
    return number.end() if ok else -1


def _after_range_word(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a range word (and at most a space) that ends a month or a
    month-day."""
    word = start - 1 if start and text[start - 1] != " " else start - 2
    if word < 0 or text[word] not in _RANGE_WORD_CHARS:
        return False
    return _DATE_BEFORE_RANGE_WORD.search(text[max(0, word - 8):word]) is not None


def repair_text(raw: str) -> RepairedText:
    """Repair ``raw`` (character forms, PDF doubling, spaces inside dates) and keep the offset map.

    Promises: ``result.text`` is ``raw`` with characters substituted one for one and some deleted;
    ``result.to_raw(i)`` gives the raw index of clean character ``i``, and
    ``normalize_chars(raw)[result.to_raw(i)] == result.text[i]``.
    """
    normalized, spaces = _normalize_finding_spaces(raw)
    # Most texts have no twin character, so no line can be doubled.
    kept, undoubled = _undouble(normalized) if _TWIN_CHAR.search(normalized) else ([], [])
    if not undoubled:  # the common case: stage 1 is the normalized text itself
        deletions = _space_deletions(normalized, [], spaces) if spaces else []
        if not deletions:
            return _whole(raw, normalized)
        return _cut(raw, normalized, deletions)
    stage1_segments, stage1_starts = _segments_from_kept(kept)
    stage1 = RepairedText(raw, "".join(normalized[a:b] for a, b in stage1_segments), stage1_segments,
                          stage1_starts)
    raw_starts = [a for a, _ in stage1_segments]
    undoubled_clean = [] if not undoubled else [
        (_raw_to_clean_floor(stage1, a, raw_starts), _raw_to_clean_floor(stage1, b, raw_starts))
        for a, b in undoubled
    ]
    deletions = _space_deletions(stage1.text, undoubled_clean)  # undoubling changed the text: scan it again
    if not deletions and len(stage1_segments) <= 1:
        text = stage1.text
        return RepairedText(raw, text, stage1_segments or ((0, 0),), stage1_starts or (0,))
    # Compose: stage-2 kept spans (in stage-1 clean coordinates) mapped through stage 1 to raw.
    kept2: list[tuple[int, int]] = []
    pos = 0
    for a, b in deletions:
        kept2.append((pos, a))
        pos = b
    kept2.append((pos, len(stage1.text)))
    raw_kept: list[tuple[int, int]] = []
    for a, b in kept2:
        while a < b:
            i = bisect_right(stage1.clean_starts, a) - 1
            seg_start, seg_end = stage1.segments[i]
            offset = a - stage1.clean_starts[i]
            take = min(b - a, seg_end - seg_start - offset)
            raw_kept.append((seg_start + offset, seg_start + offset + take))
            a += take
    segments, starts = _segments_from_kept(raw_kept)
    text = "".join(normalized[a:b] for a, b in segments)
    return RepairedText(raw, text, segments or ((0, 0),), starts or (0,))


def _repaired_maker() -> Callable[[str, str], RepairedText]:
    """A function that builds the RepairedText of a text that repair only normalized (one segment), as
    ``RepairedText(raw, normalized, ((0, len(raw)),) if raw else ((0, 0),), (0,))`` does, about twice as fast:
    the frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, this sets each slot
    through its descriptor (as timeline.dates.model.make_mention; every text repaired builds one)."""
    if tuple(f.name for f in fields(RepairedText)) != ("raw", "text", "segments", "clean_starts"):
        raise AssertionError("RepairedText's fields changed: update _repaired_maker")
    new = object.__new__
    set_raw, set_text, set_segments, set_starts = (
        getattr(RepairedText, name).__set__ for name in ("raw", "text", "segments", "clean_starts"))
    empty, starts = ((0, 0),), (0,)

    def whole(raw: str, normalized: str) -> RepairedText:
        """The RepairedText of ``raw`` that is ``normalized`` whole."""
        repaired = new(RepairedText)
        set_raw(repaired, raw)
        set_text(repaired, normalized)
        set_segments(repaired, ((0, len(raw)),) if raw else empty)
        set_starts(repaired, starts)
        return repaired

    return whole


_whole = _repaired_maker()


def _cut(raw: str, normalized: str, deletions: list[tuple[int, int]]) -> RepairedText:
    """``normalized`` (as long as ``raw``) with the ``deletions`` cut out."""
    kept: list[tuple[int, int]] = []
    pos = 0
    for a, b in deletions:
        kept.append((pos, a))
        pos = b
    kept.append((pos, len(normalized)))
    segments, starts = _segments_from_kept(kept)
    return RepairedText(raw, "".join(normalized[a:b] for a, b in segments), segments or ((0, 0),), starts or (0,))


def _raw_to_clean_floor(repaired: RepairedText, raw_index: int, raw_starts: list[int]) -> int:
    """The clean index of the last kept character at or before ``raw_index`` (for region tests);
    ``raw_starts`` lists where the segments start in the raw text (they come in order)."""
    seg_index = bisect_right(raw_starts, raw_index) - 1
    if seg_index < 0:
        return 0
    a, b = repaired.segments[seg_index]
    return repaired.clean_starts[seg_index] + min(raw_index, b) - a
