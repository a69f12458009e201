"""Extraction: find date expressions in repaired text and split them into their written parts.

All rules of ``grammar.RULES`` are compiled into one alternation, scanned once over the text. The regex
engine skips in C to the next character a date can start with, and tries the rules there only when an anchor
character (``grammar.ANCHOR_CHARS``) follows close enough; both sets are worked out from the patterns
themselves (``analysis.py``), so they never change what is found. The scan carries no groups; the parts of a
match are found by running its own rule again (once for each rule and text: a rule reads a text one way), it
is checked against its context (a count, a code, an activity name is not a date), and adjacent matches joined
by a range word become one expression. A day written
without its month after a day and a range word or list joiner (四月五日—二十日, 八月九日和十三日) is read
there, after the atom before it, not in the scan. No values are decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]

from timeline.dates import analysis
from timeline.dates import grammar as g
from timeline.dates.model import Atom, Expression

_NAME = re.compile(r"\{([A-Z][A-Z_0-9]*)\}")
# The part that notes a range word or joiner right after an atom with a day, or a list of days in it (group
# d_list): days to add after it once it is kept (see _Compiled, find_atoms and _add_following_days).
_FOLLOWED = "followed"


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex for any of ``words``, the longest first where several match at one place.

    Grouped by first character (``国(?:庆节|庆)``), so that the regex engine tests one character per group
    instead of trying every word; it matches what the plain longest-first alternation matches.
    """
    tails: dict[str, list[str]] = {}
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        tails.setdefault(word[0], []).append(word[1:])
    groups = []
    for first, rest in tails.items():
        longer = "|".join(re.escape(t) for t in rest if t)
        if not longer:
            groups.append(re.escape(first))
        else:
            groups.append(f"{re.escape(first)}(?:{longer}){'?' if '' in rest else ''}")
    return "(?:" + "|".join(groups) + ")"


@cache
def _fragments() -> dict[str, str]:
    """The value of every ``{NAME}`` a grammar pattern may hold (made once: expand runs for every rule)."""
    names = dict(g.FRAGMENTS)
    names["MEASURE"] = re.escape(g.MEASURE_AFTER)
    names["CN"] = "〇零一二三四五六七八九"
    names["HOLIDAY_NAMES"] = _alternation(
        [*g.FIXED_HOLIDAYS, *g.LUNAR_HOLIDAYS, *g.SOLAR_TERM_HOLIDAYS, *g.NTH_WEEKDAY_HOLIDAYS]
    )
    names["ANNIVERSARY_NAMES"] = _alternation(list(g.ANNIVERSARY_FIRST_YEAR))
    names["HOLIDAY_MODIFIERS"] = _alternation(g.HOLIDAY_MODIFIERS)
    names["CENTURY_PARTS"] = _alternation(list(g.CENTURY_PARTS))
    names["DECADE_PARTS"] = _alternation(list(g.DECADE_PARTS))
    stems, branches, animals = (_class(chars) for chars in (g.CYCLE_STEMS, g.CYCLE_BRANCHES, g.CYCLE_ANIMALS))
    names["CYCLE_YEAR"] = f"{stems}{branches}{animals}?|{animals}"
    return names


def expand(pattern: str) -> str:
    """Replace ``{NAME}`` fragment references (recursively) in a grammar pattern."""
    names = _fragments()
    for _ in range(5):
        new = _NAME.sub(lambda m: names[m.group(1)], pattern)
        if new == pattern:
            return new
        pattern = new
    raise ValueError(f"fragment references nest too deep in {pattern!r}")


def _class(chars: set[str] | str) -> str:
    return "[" + re.escape("".join(sorted(chars))) + "]"


def _digit_class(chars: set[str]) -> str:
    """A regex set of ``chars`` as ``analysis.leading_chars`` gives them (``\\d`` as DIGIT, any decimal digit)."""
    digit = "\\d" if analysis.DIGIT in chars else ""
    return "[" + re.escape("".join(sorted(chars - {analysis.DIGIT}))) + digit + "]"


_GROUP_REFERENCE = re.compile(r"\(\?P=(\w+)\)")


def _without_groups(expanded: str) -> str:
    """``expanded`` with no capturing group, matching the same text the same way (the scan keeps only the
    rule's own group). A back reference is spelled out (see ``_spell_out_reference``)."""
    for name in dict.fromkeys(_GROUP_REFERENCE.findall(expanded)):
        expanded = _spell_out_reference(expanded, name)
    return re.sub(r"\(\?P<\w+>", "(?:", expanded)


def _spell_out_reference(expanded: str, name: str) -> str:
    """``expanded`` without group ``name`` and its back references, written once for each character the
    group can match: ``(?P<sep>[-/.])…(?P=sep)`` becomes ``(?:-…-|/…/|\\.…\\.)``.

    Only for a group of one character that stands at a fixed distance from the start of every match: then
    at any place exactly one of the spelled-out versions can match, and it matches as the original does.
    Raises ValueError for any other back reference.
    """
    parsed = sre_parse.parse(expanded)
    index = parsed.state.groupdict[name]
    position = next((i for i, (op, av) in enumerate(parsed.data) if str(op) == "SUBPATTERN" and av[0] == index),
                    None)
    chars: set[str] | None = None
    if position is not None:
        inner = parsed.data[position][1][-1].data
        lo, hi = sre_parse.SubPattern(parsed.state, parsed.data[:position]).getwidth()
        if len(inner) == 1 and lo == hi and str(inner[0][0]) in ("LITERAL", "IN"):
            op, av = inner[0]
            chars = {chr(av)} if str(op) == "LITERAL" else analysis.charset(av, digit_token=True)
    group = re.search(rf"\(\?P<{name}>(\[(?:\\.|[^\]\\])*\]|\\.|[^()\\])\)", expanded)
    if chars is None or analysis.DIGIT in chars or group is None:
        raise ValueError(f"cannot scan the back reference to {name!r} in {expanded!r}")
    variants = []
    for ch in sorted(chars):
        variant = expanded[: group.start()] + re.escape(ch) + expanded[group.end() :]
        variants.append(variant.replace(f"(?P={name})", re.escape(ch)))
    return "(?:" + "|".join(variants) + ")"


def _prefilter(rules: list[tuple[str, sre_parse.SubPattern]], anchors: str) -> str:
    """A lookahead that holds wherever one of ``rules`` can match: an anchor follows within the reach the rules
    allow, or the text goes on with ANCHOR_PREFIX. Raises ValueError for a rule that can match otherwise."""
    anchor_set = frozenset(anchors)
    prefix = sre_parse.parse(g.ANCHOR_PREFIX)
    prefix_width, _ = prefix.getwidth()
    prefix_chars = analysis.leading_chars(prefix, prefix_width)
    reach: dict[str, int] = {}
    needs_prefix = False
    for rule, parsed in rules:
        # A rule whose every match starts with the prefix needs no reach (its anchors may lie far in:
        # 一九八〇—一九八三年), and may hold no anchor at all.
        lead = analysis.leading_chars(parsed, prefix_width)
        if parsed.getwidth()[0] >= prefix_width and all(
                analysis.within(a, b) for a, b in zip(lead, prefix_chars, strict=True)):
            needs_prefix = True
            continue
        first, free = analysis.anchor_reach(parsed, anchor_set)
        if free is not None:
            raise ValueError(f"rule {rule!r} can match with no anchor ({anchors}) and not start with "
                             f"{g.ANCHOR_PREFIX}")
        for c, d in first.items():
            reach[c] = max(reach.get(c, 0), d)
    alternatives = []
    if reach:
        # One scan to the first anchor (possessive: not given back), with the longest reach of any anchor:
        # coarser than a reach per anchor, but this test runs wherever a date could start, so it must be cheap.
        alternatives.append(f"[^{re.escape(anchors)}]{{0,{max(reach.values())}}}+{_class(reach.keys())}")
    if needs_prefix:
        alternatives.append(g.ANCHOR_PREFIX)
    return "(?=" + "|".join(alternatives) + ")"


def _guarded(rule: str, first: set[str] | None, body: str) -> str:
    """The scan's alternative for ``rule``: its group ``rule`` spans a match of ``body`` (one that starts with a
    character of ``first``, or any when None).

    An alternative that starts by consuming a character of a set is passed over by the alternation after one
    test of that set, without entering it (a lookahead in front costs a call into the matcher for every rule
    at every place tried): so it consumes the first character, steps back over it and matches from there.
    """
    if not first:
        return f"(?P<{rule}>{body})"
    first_class = _class(first)
    return f"{first_class}(?<=(?=(?P<{rule}>{body})){first_class})"


class _OnDemand(dict[str, re.Pattern[str]]):
    """Patterns by name, each compiled when first looked up (from ``sources``): a process whose texts never
    match a rule does not pay for compiling it."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: dict[str, str] = {}

    def __missing__(self, name: str) -> re.Pattern[str]:
        pattern = self[name] = re.compile(self.sources[name])
        return pattern


class _Compiled:
    def __init__(self, include_vague: bool) -> None:
        alternatives = []
        starts: set[str] | None = set()
        seconds: set[str] | None = set()
        parsed_rules = []
        # A day after a day and a range word or joiner (grammar.FOLLOWING_DAY_RULE) is tried only after an
        # atom with a day that such a word follows: extraction notes the word in the part _FOLLOWED (``followed``
        # matches it without groups) where an atom of a rule with a day (``day_rules``) ends in 日 or 号.
        following = expand(g.FOLLOWING_DAY_RULE[1])
        self.following = re.compile(following)
        self.followed = re.compile(_without_groups(following))
        self.month_part_after = re.compile(expand(g.MONTH_PART_AFTER_RULE[1]))
        # Each rule alone, with its named groups: run again where the scan found it, for its parts.
        self.rules = _OnDemand()
        self.day_rules: set[str] = set()
        for rule, pattern, _examples in g.RULES:
            if rule == "vague" and not include_vague:
                continue
            expanded = expand(pattern)
            parsed = sre_parse.parse(expanded)
            parsed_rules.append((rule, parsed))
            if "d" in parsed.state.groupdict:
                self.day_rules.add(rule)
            self.rules.sources[rule] = expanded
            first = analysis.first_chars(parsed)
            starts = None if first is None or starts is None else starts | first
            second = analysis.leading_chars(parsed, 2)[1] if parsed.getwidth()[0] >= 2 else None
            seconds = None if second is None or seconds is None else seconds | second
            alternatives.append(_guarded(rule, first, _without_groups(expanded)))
        if not starts:
            raise ValueError("a rule can start with any character")
        anchors = g.ANCHOR_CHARS + (g.VAGUE_ANCHOR_CHARS if include_vague else "")
        rules = f"{_prefilter(parsed_rules, anchors)}(?:{'|'.join(alternatives)})"
        # The regex engine jumps from one character of a set to the next in a tight loop only when the
        # pattern starts by consuming such a character (a lookahead there makes it try every position). So
        # the scan consumes the first character of the date, steps back over it in a lookbehind and matches
        # the rules from there in a lookahead: the match is that one character, the rule's group the date.
        # When every match is two characters or more, it consumes the second too, from the characters a match
        # can go on with: most places a date could start (一个, 农业, 同时) fail that one test before the
        # lookbehind and the anchor test are entered.
        start = _class(starts) + ("" if seconds is None else _digit_class(seconds))
        self.master = re.compile(f"{start}(?<=(?={rules}){start})")
        # The rule of each group of the scan, by the group's number (the scan's only groups are the rules').
        self.group_names: tuple[str, ...] = ("", *self.master.groupindex)
        if list(self.master.groupindex.values()) != list(range(1, self.master.groups + 1)):
            raise ValueError("the scan holds a group that is no rule's")
        self.parts: dict[tuple[str, str], dict[str, str]] = {}
        # The members of a list before its last atom (grammar.LIST_MEMBERS), ending where the last atom starts:
        # compiled when first met (few texts hold a list).
        self.list_members = {rule: f"(?:(?:{expand(member)}){g.LIST_JOINER}){{1,{g.LIST_MAX_MEMBERS}}}$"
                             for rule, (member, _key) in g.LIST_MEMBERS.items()}
        # The part a list closed by a part must end with: a member's number and LIST_PART_UNIT (四季度).
        self.list_parts = {rule: re.compile(f"(?:{expand(member)}){re.escape(g.LIST_PART_UNIT)}")
                           for rule, (member, key) in g.LIST_MEMBERS.items() if key == "part"}
        self.lexicons = []
        for rule, words, prefix, suffix, _examples in g.LEXICON_RULES:
            self.lexicons.append(_Lexicon(
                rule,
                _word_scan(expand(words)),
                # \Z, not $: $ also matches before a newline that ends the window, which took a line break
                # into a holiday at the start of a line (\n元旦前夕).
                re.compile(f"(?:{expand(prefix)})\\Z"),
                re.compile(expand(suffix)),
            ))


def _word_scan(words: str) -> re.Pattern[str]:
    """A scan for the matches of ``words`` (a lexicon's word list), found one after the other as ``finditer``
    finds them when each search starts where the last word ended: group ``word`` spans each.

    As the master scan, it consumes the first two characters a word can start with and matches ``words`` from
    there in a lookahead: most places a first character stands (中, 建, 全) go on with no word's second, and
    the regex engine rules them out with two set tests instead of trying every word. A word list that can
    match one character, or start with any, keeps its plain pattern.
    """
    parsed = sre_parse.parse(words)
    first = analysis.first_chars(parsed)
    second = analysis.leading_chars(parsed, 2)[1] if parsed.getwidth()[0] >= 2 else None
    if not first or second is None:
        return re.compile(f"(?P<word>{words})")
    lead = _class(first) + _digit_class(second)
    return re.compile(f"{lead}(?<=(?=(?P<word>{words})){lead})")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    rule: str
    words: re.Pattern[str]  # see _word_scan
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]

    def atoms(self, text: str) -> list[Atom]:
        out = []
        search = self.words.search
        word_end = 0
        while (m := search(text, word_end)) is not None:
            start, end = m.span("word")
            word_end = end  # where finditer would go on (the atom may reach further)
            window_start = max(0, start - g.LEXICON_PREFIX_WINDOW)
            before = self.prefix.search(text, window_start, start)
            after = self.suffix.match(text, end)
            parts = {"hname": m.group("word")}
            for found in (before, after):
                if found is not None and found.end() > found.start():
                    parts.update({k: v for k, v in found.groupdict().items() if v is not None})
            if before is not None:
                start = before.start()
            if after is not None:
                end = after.end()
            out.append(Atom(self.rule, start, end, parts))
        return out


# How many distinct parts dicts extraction keeps for reuse; then it keeps no more, so that memory stays flat.
_PARTS_KEPT = 4096


@lru_cache(maxsize=2)
def compiled(include_vague: bool = False) -> _Compiled:
    """The compiled patterns (built once per process)."""
    return _Compiled(include_vague)


# --------------------------------------------------------------------------- context checks
def _before(text: str, start: int, words: tuple[str, ...]) -> bool:
    return text.endswith(words, 0, start)


def _after(text: str, end: int, words: tuple[str, ...]) -> bool:
    return text.startswith(words, end)


_CLAUSE_START = set("。！？；，,：:、\n“”\"（(【[》 \t") | {""}


def _holiday_is_anchor(text: str, atom: Atom) -> bool:
    p = atom.parts
    if atom.start and text[atom.start] in _NUMBER_CHARS and text[atom.start - 1] in _NUMBER_CHARS:
        return False  # the end of a number (二十一上午, 第十一期间), not 十一
    if p.get("mod") or p.get("y") or p.get("roc") or p.get("cycle") or p.get("ry") or p.get("every"):
        return True
    if p.get("ampm") or p.get("ampm_only"):
        return True  # a time of day: 五一上午 is May Day morning
    name = p["hname"]
    if name in g.HOLIDAYS_NEED_ANCHOR:
        return name[0] not in _NUMBER_CHARS and _before(text, atom.start, g.DAY_WORDS_BEFORE_HOLIDAY)
    if name in g.HOLIDAYS_ALWAYS_ANCHOR:
        return True
    if _before(text, atom.start, g.HOLIDAY_ANCHORS_BEFORE) or _after(text, atom.end, g.HOLIDAY_ANCHORS_AFTER):
        return True
    prev = text[atom.start - 1] if atom.start else ""
    nxt = text[atom.end] if atom.end < len(text) else ""
    if prev in _LINE_START and nxt in _PHRASE_BREAK:  # a headline's first phrase (中秋佳节 科普惠民)
        return True
    return prev in _CLAUSE_START and nxt in _CLAUSE_AFTER


# Characters of a written number: a holiday name starting with a numeral (十一, 五一) right after one is its end.
_NUMBER_CHARS = frozenset("第0123456789〇零一二三四五六七八九十百")
_CLAUSE_AFTER = {"，", ",", "。", "！", "？", "；", "\n", ""}
_LINE_START = {"\n", ""}
# A headline separates its phrases by white space (the ideographic space is " " after repair).
_PHRASE_BREAK = {" ", "\t"}
_LIST_YEAR_AFTER = re.compile(r"[、和与及或](?:19|20)\d\d")
_LIST_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d[、和与及或]$")


def _bare_year_ok(text: str, atom: Atom) -> bool:
    if _before(text, atom.start, g.QUANTITY_BEFORE):
        return False
    nxt = text[atom.end] if atom.end < len(text) else ""
    if not nxt or (nxt in g.BARE_YEAR_LIST_JOINERS and _LIST_YEAR_AFTER.match(text, atom.end)):
        return bool(nxt)
    if nxt in "“《「\"":
        return True
    # A list member closing a list of years (2020、2021连续两年) or a year before a name (2025中国…).
    prev = text[atom.start - 1] if atom.start else ""
    # (The pattern has a fixed width of 5: search only the 5 characters before the atom.)
    if prev in g.BARE_YEAR_LIST_JOINERS and _LIST_YEAR_BEFORE.search(text, max(0, atom.start - 5), atom.start):
        return True
    return "\u4e00" <= nxt <= "\u9fff" and nxt not in "年月日"


def _relative_day_ok(text: str, atom: Atom) -> bool:
    before, after = g.RELATIVE_DAY_BLOCKERS.get(atom.parts["rd"], ((), ()))
    word_end = atom.start + len(atom.parts["rd"])
    return not (_before(text, atom.start, before) or _after(text, word_end, after))


def _vague_ok(text: str, atom: Atom) -> bool:
    word = atom.parts["vague"]
    if word == "未来":
        return _after(text, atom.end, g.FUTURE_ADVERB_NEXT) and not (
            atom.start and "\u4e00" <= text[atom.start - 1] <= "\u9fff" and text[atom.start - 1] not in "，。在")
    if word == "每年":
        return True
    if word == "过去":
        return _after(text, atom.end, ("一年", "几年", "五年", "十年", "的一年", "，"))
    return True


def _year_range_ok(text: str, atom: Atom) -> bool:
    p = atom.parts
    if p.get("u1") or p.get("unit") or p.get("season"):
        return True
    prev = text[atom.start - 1] if atom.start else ""
    nxt = text[atom.end] if atom.end < len(text) else ""
    return prev in "（(" and nxt in "）)"


def _weekday_ok(text: str, atom: Atom) -> bool:
    p = atom.parts
    if p["wd"] == "末" and not (p.get("wk") or p.get("every")):
        # A bare 周末 is a date only when it opens a clause (周末，…, 周末期间), not in 每逢周末 or 周末班.
        prev = text[atom.start - 1] if atom.start else ""
        return prev in _CLAUSE_START and _after(text, atom.end, g.WEEKEND_AFTER)
    return True


_TRADITIONAL = re.compile(f"[{''.join(g.TRADITIONAL_FORMS)}]")
_SIMPLIFIED = re.compile(f"[{''.join(g.TRADITIONAL_FORMS.values())}]")
_HAN = re.compile("[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (grammar.TRADITIONAL_FORMS)."""
    count = len(_TRADITIONAL.findall(text))
    simplified = len(_SIMPLIFIED.findall(text))
    if not count or count <= simplified:
        return False
    if count >= g.TRADITIONAL_MIN:
        return True
    return not simplified and count * g.TRADITIONAL_SHARE >= len(_HAN.findall(text))


def _roc_year_ok(text: str, atom: Atom) -> bool:
    return _traditional(text)


_CHECKS = {
    "holiday": _holiday_is_anchor,
    "bare_year": _bare_year_ok,
    "relative_day": _relative_day_ok,
    "vague": _vague_ok,
    "year_range": _year_range_ok,
    "weekday": _weekday_ok,
    "roc_year": _roc_year_ok,
    "roc_date": _roc_year_ok,
}


def find_atoms(text: str, include_vague: bool = False) -> list[Atom]:
    """Every date expression in ``text`` (repaired text), in order, not overlapping, with its parts."""
    c = compiled(include_vague)
    rules = c.rules
    search = c.master.search
    known = c.parts
    day_rules = c.day_rules
    followed = c.followed.match
    candidates: list[Atom] = []
    add = candidates.append
    end = 0
    names = c.group_names
    while (m := search(text, end)) is not None:  # as finditer: each search starts where the last date ended
        index = m.lastindex  # the rule's group, by number (a name is looked up in a dict)
        rule = names[index]
        start, end = m.span(index)
        # A rule reads a text it matches one way only, whatever surrounds it (a test checks this): the same rule
        # on the same text has the same parts, so they are worked out once (running the rule again for its
        # groups) and one dict is shared (parts are never changed).
        key = (rule, text[start:end])
        parts = known.get(key)
        if parts is None:
            found = rules[rule].match(text, start)
            assert found is not None
            parts = {k: v for k, v in found.groupdict().items() if v is not None}
            if "d_list" in parts:  # the other days of the list are added after it, as days after a range word
                parts[_FOLLOWED] = ""
            if "tw" in parts:  # 今（14）日 is read as 今日
                word, unit = g.GLOSSED_WORDS[rule]
                parts[word] = parts.pop("tw") + unit
            if len(known) < _PARTS_KEPT:
                known[key] = parts
        # What follows the text is no part of it: a range word or joiner after a day (grammar.FOLLOWING_DAY_RULE).
        if rule in day_rules and text[end - 1] in _DAY_UNITS and (after := followed(text, end)) is not None:
            parts = {**parts, _FOLLOWED: after.group()}
        add(Atom(rule, start, end, parts))
    lexical = [atom for lexicon in c.lexicons for atom in lexicon.atoms(text)]
    if len(lexical) > 1:
        _share_in_holiday_lists(lexical, text)
    if lexical:  # the scan's matches are in order already
        candidates.extend(lexical)
        candidates.sort(key=lambda a: (a.start, -a.end))
    return _keep(candidates, text, c)


_HOLIDAY_YEAR_PARTS = ("y", "roc", "cycle", "ry", "every")


def _share_in_holiday_lists(atoms: list[Atom], text: str) -> None:
    """Give the holidays of a list (grammar.HOLIDAY_LIST_JOINERS) in ``atoms`` (lexicon atoms, in order) the
    modifier written after the last (中秋、国庆期间: 中秋 is 期间 too) and the year written before the first."""
    joiners = g.HOLIDAY_LIST_JOINERS
    partners = [i for i in range(len(atoms) - 1)
                if atoms[i + 1].start - atoms[i].end <= 1 and text[atoms[i].end : atoms[i + 1].start] in joiners
                and atoms[i].rule == atoms[i + 1].rule == "holiday"]
    for i in reversed(partners):  # from the last, so that the modifier passes down a list of three
        a, b = atoms[i], atoms[i + 1]
        if "mod" in b.parts and "mod" not in a.parts:
            atoms[i] = Atom(a.rule, a.start, a.end, {**a.parts, "mod": b.parts["mod"]})
    for i in partners:
        a, b = atoms[i], atoms[i + 1]
        year = {k: a.parts[k] for k in _HOLIDAY_YEAR_PARTS if k in a.parts}
        if year and not any(k in b.parts for k in _HOLIDAY_YEAR_PARTS):
            atoms[i + 1] = Atom(b.rule, b.start, b.end, {**b.parts, **year})


def _keep(candidates: list[Atom], text: str, c: _Compiled) -> list[Atom]:
    """The candidates that pass their context check and overlap no earlier one, with a year atom joined to
    the month atom written right after it (``2024年`` + ``4月16日`` → one ``ymd``) and the days that follow a
    day after a range word or joiner (``四月五日—二十日``, ``8月9日和十三日``) and the members of a list before
    its last (``3、4月份``, ``5月3、4日``) added; a bare ``每年`` that heads no month is dropped."""
    atoms: list[Atom] = []
    every_year = False
    joiner, list_rules = g.LIST_JOINER, c.list_members
    for atom in candidates:
        rule = atom.rule
        check = _CHECKS.get(rule)
        if check is not None and not check(text, atom):
            continue
        if atoms:
            prev = atoms[-1]  # a joined atom ends where its month atom does: the overlap test is the same
            if atom.start < prev.end:
                continue
            if (rule in g.MONTH_RULES and prev.rule in g.YEAR_PREFIX_RULES and "part" not in prev.parts
                    and text[prev.end : atom.start] in g.JOIN_GAP and "ry_span" not in prev.parts):
                joined = atoms[-1] = Atom(rule, prev.start, atom.end, _joined_parts(prev.parts, atom.parts))
                if _FOLLOWED in joined.parts:
                    _add_following_days(atoms, text, c.following)
                continue
        if rule in list_rules and text[atom.start - 1] == joiner and atom.start:
            listed = _add_list_members(atoms, atom, text, c)
            if listed is None:
                continue
            atom = listed
        every_year = every_year or rule == "every_year"
        atoms.append(atom)
        if _FOLLOWED in atom.parts:
            _add_following_days(atoms, text, c.following)
    if every_year:
        atoms = [a for a in atoms if a.rule != "every_year"]
    if "旬" in text:
        _add_month_parts_after(atoms, text, c.month_part_after)
    return atoms


def _add_month_parts_after(atoms: list[Atom], text: str, after: re.Pattern[str]) -> None:
    """Add to ``atoms`` each bare 上旬/中旬/下旬 that opens the clause after an atom naming a month without a day
    (grammar.MONTH_PART_AFTER_RULE), where no atom stands between them."""
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        i += 1
        p = atom.parts
        if atom.rule not in g.MONTH_PART_AFTER_RULES or "d" in p or "m_end" in p or "every" in p:
            continue
        found = after.match(text, atom.end)
        if found is not None and (i == len(atoms) or atoms[i].start >= found.end()):
            atoms.insert(i, Atom(g.MONTH_PART_AFTER_RULE[0], found.start("part"), found.end(), {"part": found["part"]}))
            i += 1


# The parts of the last atom of a list of months (3、4月份): a month and no more.
_MONTH_LIST_PARTS = frozenset({"m"})


def _add_list_members(atoms: list[Atom], last: Atom, text: str, c: _Compiled) -> Atom | None:
    """Before ``last``, an atom that 、 comes before, add to ``atoms`` the members of the list it closes
    (grammar.LIST_MEMBERS: 3、4月份 → 3, 三、四日 → 三, 三、四季度 → 三), the first joined to a year atom right
    before it (grammar.LIST_TAKE_YEAR).

    Returns the atom to keep for ``last`` (with the year the list shares), or None when it is no date: the
    close of an ordinal list (第1、2日), or a day in Chinese numerals (rule listed_day: 四日) with no list before
    it."""
    p = last.parts
    rule = last.rule
    only_listed = rule == "listed_day"
    key = g.LIST_MEMBERS[rule][1]
    if ((rule == "ymd" and not _MONTH_LIST_PARTS.issuperset(p)) or "d_end" in p
            or (key == "part" and not c.list_parts[rule].fullmatch(p["part"]))):
        return last
    floor = atoms[-1].end if atoms else 0
    window = (g.LIST_MAX_MEMBERS + 1) * 4  # a member is at most three characters, and its joiner
    found = re.compile(c.list_members[rule]).search(text, max(floor, last.start - window), last.start)
    if found is None:
        return None if only_listed else last
    first = found.start()
    before = text[first - 1] if first else ""
    if before == g.LIST_ORDINAL_BEFORE:
        return None
    if before == g.LIST_HEADING_BEFORE or re.match(g.LIST_NOT_BEFORE, before):
        return None if only_listed else last
    numbers = found.group().split(g.LIST_JOINER)[:-1]
    shared: dict[str, str] = {}
    member_start = first
    if rule in g.LIST_TAKE_YEAR and atoms:
        prev = atoms[-1]
        if (prev.rule in g.YEAR_PREFIX_RULES and "part" not in prev.parts and "ry_span" not in prev.parts
                and text[prev.end : first] in g.JOIN_GAP):
            shared = prev.parts
            member_start = prev.start
            atoms.pop()
    unit = g.LIST_PART_UNIT if key == "part" else ""
    position = first
    for number in numbers:
        atoms.append(Atom(rule, member_start, position + len(number), _interned({**shared, key: number + unit})))
        position += len(number) + 1
        member_start = position
    return Atom(rule, last.start, last.end, _interned({**shared, **p})) if shared else last


# Parts made for the members of lists, by their items, shared as extraction shares the parts of a rule's text
# (resolution keeps the results of some by the parts' ids), up to a bound.
_INTERNED: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
_INTERNED_KEPT = 1024


def _interned(parts: dict[str, str]) -> dict[str, str]:
    """``parts``, or an equal dict made before."""
    key = tuple(parts.items())
    kept = _INTERNED.get(key)
    if kept is not None:
        return kept
    if len(_INTERNED) < _INTERNED_KEPT:
        _INTERNED[key] = parts
    return parts


def _split_day_list(atoms: list[Atom], text: str) -> None:
    """Replace ``atoms[-1]``, days listed after their month (group d_list: 5月3、4日), by an atom for each day: the
    first with the month and year written before it (5月3), the others with their own characters (4日) and the
    parts the members share (grammar.LIST_SHARED); the last keeps the range end and time written after it."""
    atom = atoms.pop()
    p = atom.parts
    shared = {k: v for k, v in p.items() if k in g.LIST_SHARED}
    numbers = p["d_list"].split(g.LIST_JOINER)[1:]
    # The list's first joiner is the atom's first: no 、 comes before the day in a ymd or relative_month.
    position = text.index(g.LIST_JOINER, atom.start, atom.end)
    atoms.append(Atom(atom.rule, atom.start, position, _interned({**shared, "d": p["d"]})))
    for number in numbers[:-1]:
        atoms.append(Atom(atom.rule, position + 1, position + 1 + len(number), _interned({**shared, "d": number})))
        position += 1 + len(number)
    last = {k: v for k, v in p.items() if k != "d_list" and k != _FOLLOWED}
    last["d"] = numbers[-1]
    atoms.append(Atom(atom.rule, position + 1, atom.end, _interned(last)))


_DAY_UNITS = frozenset("日号")
# The parts of joined atoms, by the ids of the two parts dicts (kept with them, so that the ids are not reused):
# extraction shares one parts dict for each rule and text, so the same year and month share one joined dict too.
_JOINED_KEPT = 1024  # a corpus names thousands of days: more would grow the memory of a long run
_JOINED: dict[tuple[int, int], tuple[dict[str, str], dict[str, str], dict[str, str]]] = {}


def _joined_parts(year: dict[str, str], month: dict[str, str]) -> dict[str, str]:
    """``{**year, **month}``, the same dict for the same two dicts (up to _JOINED_KEPT pairs)."""
    key = (id(year), id(month))
    kept = _JOINED.get(key)
    if kept is not None and kept[0] is year and kept[1] is month:
        return kept[2]
    joined = {**year, **month}
    if len(_JOINED) < _JOINED_KEPT and _FOLLOWED not in month:  # (a month's parts with _FOLLOWED are its own)
        _JOINED[key] = (year, month, joined)
    return joined


def _add_following_days(atoms: list[Atom], text: str, following: re.Pattern[str]) -> None:
    """After ``atoms[-1]``, an atom with a day that a range word or joiner follows or a list of days, split the
    list (``_split_day_list``) and add each day that follows it (grammar.FOLLOWING_DAY_RULE) when the atom ends
    in 日 or 号."""
    if "d_list" in atoms[-1].parts:
        _split_day_list(atoms, text)
    last = atoms[-1]
    while text[last.end - 1] in _DAY_UNITS:
        found = following.match(text, last.end)
        if found is None:
            return
        parts = {k: v for k, v in found.groupdict().items() if v is not None}
        last = Atom(g.FOLLOWING_DAY_RULE[0], found.start("d"), found.end(), parts)
        atoms.append(last)


# --------------------------------------------------------------------------- ranges
_CONNECTOR = re.compile(f"(?:{g.RANGE_WORDS})")
_GLOSS = re.compile(g.DAY_GLOSS)
_GLOSS_GAP = re.compile(f"{g.DAY_GLOSS}{g.GLOSS_TIME}(?:{g.RANGE_WORDS})")
_RANGE_RULES = {"ymd", "numeric_date", "roc_date", "numeric_month", "year", "bare_day", "holiday", "relative_day",
                "relative_year", "bare_year", "lunar_date", "relative_month", "weekday", g.FOLLOWING_DAY_RULE[0]}
_OPEN_BRACKETS = frozenset("（(")
_CLOSE_BRACKETS = frozenset("）)")
_UNTIL_NOW = ("至今", "以来")
_UNTIL_NOW_RULES = frozenset({"year", "ymd", "numeric_month", "numeric_date"})
_CONNECTOR_WIDTH = sre_parse.parse(_CONNECTOR.pattern).getwidth()[1]  # a longer gap is no range word
# A clock time after a day's gloss (5月10日（星期五）下午2:30): one mention, the day at that time.
_GLOSS_THEN_TIME = re.compile(f"{g.DAY_GLOSS}(?:{expand(g.FRAGMENTS['TIME'])})")
_WEEKDAY_GLOSS = re.compile(g.WEEKDAY_BESIDE)
_GLOSS_TIME_RULES = frozenset({"ymd", "numeric_date"})


def compose(atoms: list[Atom], text: str) -> list[Expression]:
    """Join atoms that a range word links (``A至B``) into one expression; mark ``A至今``/``A以来``."""
    out: list[Expression] = []
    count = len(atoms)
    i = 0
    while i < count:
        a = atoms[i]
        if i + 1 < count and a.rule in _RANGE_RULES:
            b = atoms[i + 1]
            if (b.rule in _RANGE_RULES and 0 < b.start - a.end <= _CONNECTOR_WIDTH
                    and _CONNECTOR.fullmatch(text, a.end, b.start) and _compatible(a, b)):
                out.append(Expression(a.start, b.end, a, b))
                i += 2
                continue
            if text[a.end:a.end + 1] in _OPEN_BRACKETS and (joined := _glossed_range(atoms, i, text)):
                out.append(joined[0])
                i += joined[1]
                continue
        if a.rule in _GLOSS_TIME_RULES and text[a.end:a.end + 1] in _OPEN_BRACKETS \
                and (timed := _glossed_time(atoms, i, text)):
            out.append(timed[0])
            i += timed[1]
            continue
        if a.rule in _UNTIL_NOW_RULES and text.startswith(_UNTIL_NOW, a.end) \
                and not a.parts.get("part") and not a.parts.get("every"):
            word = next(w for w in _UNTIL_NOW if text.startswith(w, a.end))
            out.append(Expression(a.start, a.end + len(word), a, None, until_now=True))
        else:
            out.append(Expression(a.start, a.end, a))
        i += 1
    return out


def _glossed_time(atoms: list[Atom], i: int, text: str) -> tuple[Expression, int] | None:
    """One day without a time (``atoms[i]``), its gloss in brackets and the clock time after it (5月10日（星期五）
    下午2:30) as one expression, with how many atoms it takes (the weekday inside the gloss among them); None when
    no clock time follows the gloss. A weekday in the gloss is kept as part ``gloss_wd`` (it may move the year)."""
    a = atoms[i]
    parts = a.parts
    if "d" not in parts or "d_end" in parts or "hh" in parts or "hhcn" in parts:
        return None
    found = _GLOSS_THEN_TIME.match(text, a.end)
    if found is None or (found["hh"] is None and found["hhcn"] is None):
        return None
    timed = {**parts, **{k: v for k, v in found.groupdict().items() if v is not None}}
    if weekday := _WEEKDAY_GLOSS.match(text, a.end):
        timed["gloss_wd"] = weekday["wd"]
    j = i + 1
    while j < len(atoms) and atoms[j].start < found.end():
        j += 1
    return Expression(a.start, found.end(), Atom(a.rule, a.start, found.end(), timed)), j - i


def _glossed_range(atoms: list[Atom], i: int, text: str) -> tuple[Expression, int] | None:
    """A range whose start carries a gloss in brackets and perhaps a time before its range word (grammar.DAY_GLOSS:
    6月22日（星期四）至24日（星期六）, 1月28日（农历除夕）至2月4日（农历正月初七）): the expression from ``atoms[i]`` to
    its end (and the end's gloss) and how many atoms it takes, the atoms inside the glosses among them, or None."""
    gap = _GLOSS_GAP.match(text, atoms[i].end)
    if gap is None:
        return None
    a, j, count = atoms[i], i + 1, len(atoms)
    while j < count and atoms[j].start < gap.end():
        j += 1
    if j == count:
        return None
    b = atoms[j]
    if not (b.start == gap.end() and b.rule in _RANGE_RULES and b.rule != "weekday" and _compatible(a, b)):
        return None
    end = (gloss.end() if (gloss := _GLOSS.match(text, b.end)) else b.end)
    j += 1
    while j < count and atoms[j].start < end:
        j += 1
    return Expression(a.start, end, a, b), j - i


def _compatible(a: Atom, b: Atom) -> bool:
    """A range needs its end to be no coarser a kind of thing than a date (not a vague word)."""
    if b.rule == "bare_year":
        return a.rule in ("year", "bare_year")
    if a.parts.get("every") or b.parts.get("every"):
        return False
    return not (a.rule == "holiday" or b.rule == "holiday")
