"""What a grammar pattern can match, read from its parse tree (compile time only).

Extraction uses these facts to try its rules at fewer places without changing what they match: the
characters a match can start with, how far into a match its first anchor character can lie, and the
characters the first few characters of a match can be.
"""

from __future__ import annotations

from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

Parsed = sre_parse.SubPattern

# A character-set member standing for ``\d``: any Unicode decimal digit, not only 0–9.
DIGIT = "\\d"
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_ZERO_WIDTH = ("ASSERT", "ASSERT_NOT", "AT")


# --------------------------------------------------------------------------- first characters
def first_chars(parsed: Parsed) -> set[str] | None:
    """Characters a match of ``parsed`` can start with (``\\d`` read as 0–9), or None when unbounded."""
    out: set[str] = set()
    for op, av in parsed.data:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT", "AT", "GROUPREF_EXISTS"):
            if name in ("ASSERT", "ASSERT_NOT") and av[0] == 1:  # lookahead: cannot skip safely
                return None
            continue
        if name == "LITERAL":
            out.add(chr(av))
            return out
        if name == "IN":
            chars = charset(av)
            if chars is None:
                return None
            return out | chars
        if name == "SUBPATTERN":
            inner = first_chars(av[-1])
            if inner is None:
                return None
            if not can_be_empty(av[-1]):
                return out | inner
            out |= inner
            continue
        if name == "BRANCH":
            empty = False
            for alt in av[1]:
                inner = first_chars(alt)
                if inner is None:
                    return None
                out |= inner
                empty = empty or can_be_empty(alt)
            if not empty:
                return out
            continue
        if name in _REPEATS:
            lo, _hi, sub = av
            inner = first_chars(sub)
            if inner is None:
                return None
            out |= inner
            if lo > 0 and not can_be_empty(sub):
                return out
            continue
        return None
    return None  # the whole pattern can be empty


def can_be_empty(parsed: Parsed) -> bool:
    """Whether ``parsed`` can match the empty string."""
    lo, _hi = parsed.getwidth()
    return lo == 0


def charset(items: list, digit_token: bool = False) -> set[str] | None:
    """The characters of a ``[...]`` set (``\\d`` as 0–9, or as DIGIT with ``digit_token``), or None when
    it cannot be listed."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE":
            lo, hi = av
            if hi - lo > 4096:
                return None
            chars.update(chr(c) for c in range(lo, hi + 1))
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            chars.update((DIGIT,) if digit_token else "0123456789")
        else:
            return None
    return chars


def _consumed(op: object, av: object) -> set[str] | None:
    """What one single-character item matches (``\\d`` as DIGIT); None for any character."""
    name = str(op)
    if name == "LITERAL":
        return {chr(av)}  # type: ignore[arg-type]
    if name == "IN":
        return charset(av, digit_token=True)  # type: ignore[arg-type]
    return None  # ANY, NOT_LITERAL, a negated or categorised set


def _overlap(chars: set[str] | None, anchors: frozenset[str]) -> tuple[set[str], bool]:
    """(the anchors ``chars`` can match, whether it can match a character that is no anchor)."""
    if chars is None:
        return set(anchors), True
    hits = {a for a in anchors if a in chars or (DIGIT in chars and a.isdecimal())}
    return hits, DIGIT in chars or bool(chars - anchors)


# --------------------------------------------------------------------------- anchors
Reach = tuple[dict[str, int], int | None]


def anchor_reach(parsed: Parsed, anchors: frozenset[str]) -> Reach:
    """How far into a match of ``parsed`` its first anchor character can lie.

    Returns ``(first, free)``: ``first[c]`` is the most characters a match can hold before ``c`` when ``c`` is
    the first anchor in it, and ``free`` the longest match that holds no anchor at all (None when every match
    holds one). Raises ValueError when that cannot be bounded.
    """
    return _reach_seq(parsed.data, anchors, {})


def _reach_seq(items: list, anchors: frozenset[str], groups: dict[int, Reach]) -> Reach:
    first: dict[str, int] = {}
    free: int | None = 0
    for op, av in items:
        if free is None:  # every path has met its first anchor already
            break
        inner, width = _reach_item(op, av, anchors, groups)
        for c, d in inner.items():
            first[c] = max(first.get(c, -1), free + d)
        free = None if width is None else free + width
    return first, free


def _reach_item(op: object, av: object, anchors: frozenset[str], groups: dict[int, Reach]) -> Reach:
    name = str(op)
    if name in _ZERO_WIDTH:
        return {}, 0
    if name in ("LITERAL", "IN", "ANY", "NOT_LITERAL"):
        hits, misses = _overlap(_consumed(op, av), anchors)
        return dict.fromkeys(hits, 0), (1 if misses else None)
    if name == "SUBPATTERN":
        group, _add, _del, sub = av  # type: ignore[misc]
        reach = _reach_seq(sub.data, anchors, groups)
        if group is not None:
            groups[group] = reach
        return reach
    if name == "ATOMIC_GROUP":
        return _reach_seq(av.data, anchors, groups)  # type: ignore[attr-defined]
    if name == "GROUPREF" and av in groups:
        return groups[av]  # type: ignore[index]  # the same text as the group, so the same reach
    if name == "BRANCH":
        first: dict[str, int] = {}
        free: int | None = None
        for alt in av[1]:  # type: ignore[index]
            inner, width = _reach_seq(alt.data, anchors, groups)
            for c, d in inner.items():
                first[c] = max(first.get(c, -1), d)
            if width is not None:
                free = width if free is None else max(free, width)
        return first, free
    if name in _REPEATS:
        lo, hi, sub = av  # type: ignore[misc]
        inner, width = _reach_seq(sub.data, anchors, groups)
        if hi == 0:
            return {}, 0
        if width is None:  # each repetition holds an anchor: the first one does
            return inner, (0 if lo == 0 else None)
        if hi == sre_constants.MAXREPEAT:
            if width:
                raise ValueError("an unbounded repetition before the first anchor")
            hi = 1
        return {c: (hi - 1) * width + d for c, d in inner.items()}, hi * width
    raise ValueError(f"cannot bound the anchors of {name}")


# --------------------------------------------------------------------------- leading characters
def leading_chars(parsed: Parsed, k: int) -> list[set[str] | None]:
    """What each of the first ``k`` characters of a match can be (over all matches; ``\\d`` as DIGIT, None
    for any character). Positions past the end of a short match are not counted: check the minimum width."""
    out: list[set[str] | None] = [set() for _ in range(k)]
    _lead_seq(parsed.data, {0}, k, out)
    return out


def _lead_seq(items: list, offsets: set[int], k: int, out: list[set[str] | None]) -> set[int]:
    for op, av in items:
        offsets = _lead_item(op, av, offsets, k, out)
    return offsets


def _lead_item(op: object, av: object, offsets: set[int], k: int, out: list[set[str] | None]) -> set[int]:
    name = str(op)
    if name in _ZERO_WIDTH:
        return offsets
    if name in ("LITERAL", "IN", "ANY", "NOT_LITERAL"):
        chars = _consumed(op, av)
        for o in offsets:
            if o < k:
                known = out[o]
                out[o] = None if chars is None or known is None else known | chars
        return {min(o + 1, k) for o in offsets}
    if name == "SUBPATTERN":
        return _lead_seq(av[-1].data, offsets, k, out)  # type: ignore[index]
    if name == "ATOMIC_GROUP":
        return _lead_seq(av.data, offsets, k, out)  # type: ignore[attr-defined]
    if name == "BRANCH":
        ends: set[int] = set()
        for alt in av[1]:  # type: ignore[index]
            ends |= _lead_seq(alt.data, offsets, k, out)
        return ends
    if name in _REPEATS:
        lo, hi, sub = av  # type: ignore[misc]
        ends, current, n = set(), set(offsets), 0
        while True:
            if n >= lo:
                ends |= current
            if n == hi or (n >= lo and min(current) >= k):
                return ends
            after = _lead_seq(sub.data, current, k, out)
            if after == current and n >= lo:
                return ends
            current, n = after, n + 1
    # A back reference or anything else: any characters from here on.
    start = min(offsets)
    for i in range(start, k):
        out[i] = None
    return set(range(start, k + 1))


def within(chars: set[str] | None, allowed: set[str] | None) -> bool:
    """Whether every character in ``chars`` is in ``allowed`` (both as ``leading_chars`` gives them)."""
    if allowed is None:
        return True
    if chars is None:
        return False
    return all(c in allowed or (DIGIT in allowed and c.isdecimal()) for c in chars)
