"""Merge event drafts into the chronology: one event per happening, with every source that reports it.

Drafts join when they report the same happening:
* the same value in the same sentence (``今年5月30日是第八个全国科技工作者日``);
* the same value and much the same words, in any article or file (two letters dated 2024年4月16日);
* a year standing in the name of a finer-dated happening of the same article (``2026年…培训班`` beside
  ``3月11日至13日``; a title ``2026年…喜乐汇…`` and the report's ``5月22日至6月1日``);
* an approximate day beside a precise one in the same sentence (``5月27日，恰逢六一儿童节前夕``);
* a yearly rule beside a dated occurrence in the same article (``每年5月30日`` and ``今年5月30日``).
A range that contains dated steps of the same article stays an event, and the steps link to it as parent.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import partial

from timeline import cues
from timeline.events import Draft
from timeline.forkpool import can_fork, forked_pool, shared
from timeline.memo import IdentityMemo, SameObjectsMemo
from timeline.model import Event

_SAME_WORDS = 0.3
# ... and at least this many shared bigrams (or all of the shorter quote's): two sentences sharing only 市科协
# do not report one happening, however short one of them is.
_SAME_WORDS_AT_LEAST = 4
_NAME_IN_YEAR = 0.25
_APPROXIMATE_DAYS = 7
# Up to this many drafts of one value are compared pairwise; beyond, only through bigrams this rare.
_SMALL_GROUP = 64
_RARE_BIGRAM = 32
_RANK = {"year": 0, "month": 1, "day": 2}
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
_DATE_WORDS = re.compile(r"[\d０-９〇零一二三四五六七八九十廿]+\s*[年月日号]")


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese characters of ``text``, dates left out (their digits and marks, and
    the 年/月/日 of written dates: two sentences dated alike share those without sharing any words)."""
    han = _NOT_HAN.sub("", _DATE_WORDS.sub(" ", text))
    return frozenset({han[i : i + 2] for i in range(len(han) - 1)})


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient of two bigram sets: shared / size of the smaller (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class _Groups:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _value(d: Draft) -> tuple[str, str, str]:
    return d.start, d.end, d.precision


def _same_sentence(a: Draft, b: Draft) -> bool:
    return (a.file, a.article, a.sentence) == (b.file, b.article, b.sentence)


def _day(text: str) -> date:
    return date.fromisoformat(text)


class MergeMemo:
    """What the merge of one build of a session keeps for the next: each value group's same-words links (as
    positions within the group) by the group's drafts; each article's own links by its drafts; each event
    by the drafts it merges, with the id it had before numbering; each event given a parent, by the event,
    with that parent."""

    def __init__(self) -> None:
        self.links: SameObjectsMemo[Draft, list[tuple[int, int]]] = SameObjectsMemo()
        self.articles: SameObjectsMemo[Draft, list[tuple[int, int]]] = SameObjectsMemo()
        self.events: SameObjectsMemo[Draft, tuple[str, Event, str]] = SameObjectsMemo()
        self.parented: IdentityMemo[Event, tuple[str, Event]] = IdentityMemo()

    def sweep(self) -> None:
        """Drop what the build just finished did not use."""
        self.links.sweep()
        self.articles.sweep()
        self.events.sweep()
        self.parented.sweep()


def _link(drafts: Sequence[Draft], jobs: int, memo: MergeMemo | None) -> _Groups:
    """The drafts joined into happenings: across articles by their words (within each value), and within each
    article by sentence, yearly rule and year-named host (``_article_links``). Joins only ever merge groups, so
    the groups do not depend on the order the links are taken in."""
    groups = _Groups(len(drafts))
    by_value: dict[tuple[str, str, str], list[int]] = {}
    by_article: dict[tuple[str, int], list[int]] = {}
    for i, d in enumerate(drafts):
        by_value.setdefault(_value(d), []).append(i)
        by_article.setdefault((d.file, d.article), []).append(i)
    ruled = [d.recurrence is not None for d in drafts]
    shared = [members for members in by_value.values() if len(members) > 1]
    words = _Memo(drafts, bigrams)
    for i, j in _remembered_links(drafts, shared, ruled, jobs, words, memo):
        groups.join(i, j)
    for members in by_article.values():
        article = [drafts[i] for i in members]
        find = partial(_article_links, article, _Among(words, members))
        links = find() if memo is None else memo.articles.remember(tuple(article), find)
        for a, b in links:
            groups.join(members[a], members[b])
    return groups


class _Among:
    """A memo of all drafts seen through the positions of one article's drafts among them."""

    def __init__(self, words: _Memo, members: Sequence[int]) -> None:
        self.words = words
        self.members = members

    def __getitem__(self, position: int) -> frozenset[str]:
        return self.words[self.members[position]]


def _article_links(drafts: Sequence[Draft], words: _Among) -> list[tuple[int, int]]:
    """The links (as positions in ``drafts``, one article's drafts in order) that join drafts of one article:
    the same value or an approximate day beside a precise one in one sentence; a yearly rule and the first
    dated report of its value; a year and the finer-dated happening it names (``words``: their bigrams)."""
    links: list[tuple[int, int]] = []
    by_sentence: dict[tuple[int, int], list[int]] = {}
    by_year: dict[str, list[int]] = {}
    dated: dict[tuple[str, str, str], int] = {}
    for i, d in enumerate(drafts):
        by_sentence.setdefault(d.sentence, []).append(i)
        if d.precision != "year" and d.start[:4] == d.end[:4]:
            by_year.setdefault(d.start[:4], []).append(i)
        if not d.recurrence:
            dated.setdefault(_value(d), i)
    for members in by_sentence.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                a, b = drafts[i], drafts[j]
                same = _value(a) == _value(b) and not (a.recurrence and b.recurrence)
                if same or _approximate_beside(a, b) or _approximate_beside(b, a):
                    links.append((i, j))
    for i, d in enumerate(drafts):
        if d.recurrence and (j := dated.get(_value(d))) is not None:
            links.append((i, j))
        if d.precision == "year" and d.start == d.end and not d.recurrence:
            best = _finer_host(i, by_year.get(d.start, []), drafts, words)
            if best is not None:
                links.append((i, best))
    return links


def names(text: str) -> frozenset[str]:
    """The places and organisations ``text`` names, each by the two characters before 省/市/县 or before
    学会/协会/科协/研究会 (``茂名`` in 茂名市, ``算机`` in 计算机学会)."""
    return frozenset(m.group(1) for m in cues.NAMED_IN_QUOTE.finditer(text))


def name_others(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two quotes each name a place or organisation the other does not: 茂名市 and 湛江市 holding the
    same meeting on the same day are two happenings however alike their words (a report that names none,
    or the same ones, may still be the other's)."""
    return bool(a - b) and bool(b - a)


def wording(draft: Draft) -> str:
    """What a draft's words are compared by: its quoted sentence, or the title of its happening when the
    sentence is nothing but the date (a letter's signature line, ``2024年4月16日``)."""
    quote = draft.citation.quote
    return quote if len(_NOT_HAN.sub("", _DATE_WORDS.sub(" ", quote))) > 1 else draft.title


class _Memo:
    """``measure(wording(draft))`` of each draft, by draft index, worked out when first asked for (once per
    draft, and once per distinct quote and title)."""

    def __init__(self, drafts: Sequence[Draft], measure: Callable[[str], frozenset[str]]) -> None:
        self.drafts = drafts
        self.measure = measure
        self.by_index: list[frozenset[str] | None] = [None] * len(drafts)
        self.by_text: dict[tuple[str, str], frozenset[str]] = {}

    def __getitem__(self, index: int) -> frozenset[str]:
        found = self.by_index[index]
        if found is None:
            draft = self.drafts[index]
            key = (draft.citation.quote, draft.title)
            found = self.by_text.get(key)
            if found is None:
                found = self.by_text[key] = self.measure(wording(draft))
            self.by_index[index] = found
        return found


def _remembered_links(drafts: Sequence[Draft], value_groups: Sequence[Sequence[int]], ruled: Sequence[bool],
                      jobs: int, words: _Memo, memo: MergeMemo | None) -> list[tuple[int, int]]:
    """``_same_word_links``, taking each value group's links from ``memo`` when a build of the session had the
    same drafts in that group (the links depend on nothing else), and keeping the others there."""
    if memo is None:
        return _same_word_links(drafts, value_groups, ruled, jobs, words)
    links: list[tuple[int, int]] = []
    todo: list[Sequence[int]] = []
    todo_keys: list[tuple[Draft, ...]] = []
    for members in value_groups:
        key = tuple(drafts[i] for i in members)
        found = memo.links.get(key)
        if found is None:
            todo.append(members)
            todo_keys.append(key)
        else:
            links.extend((members[a], members[b]) for a, b in found)
    where = {i: (n, position) for n, members in enumerate(todo) for position, i in enumerate(members)}
    by_group: list[list[tuple[int, int]]] = [[] for _ in todo]
    for i, j in _same_word_links(drafts, todo, ruled, jobs, words):
        links.append((i, j))
        group, position = where[i]
        by_group[group].append((position, where[j][1]))
    for key, found in zip(todo_keys, by_group, strict=True):
        memo.links.put(key, found)
    return links


# Below this many drafts the same-words links are found in this process: starting processes would cost more.
_PARALLEL_FROM = 20_000


def _same_word_links(drafts: Sequence[Draft], value_groups: Sequence[Sequence[int]], ruled: Sequence[bool],
                     jobs: int, words: _Memo) -> list[tuple[int, int]]:
    """Links (draft, draft) that join, within each value group, the drafts whose quotes share enough words;
    the groups are independent, so with ``jobs`` > 1 and many drafts they are shared out to forked processes."""
    if jobs <= 1 or len(drafts) < _PARALLEL_FROM or not can_fork():
        return _links_in(drafts, value_groups, ruled, words)
    batches: list[list[Sequence[int]]] = [[] for _ in range(jobs * 4)]
    for n, members in enumerate(sorted(value_groups, key=len, reverse=True)):
        batches[n % len(batches)].append(members)  # dealt out by size, so every batch gets its share of work
    with forked_pool(jobs, drafts=drafts, ruled=ruled, batches=batches) as pool:
        return [link for links in pool.map(_links_in_batch, range(len(batches))) for link in links]


def _links_in_batch(index: int) -> list[tuple[int, int]]:
    drafts = shared("drafts")
    return _links_in(drafts, shared("batches")[index], shared("ruled"), _Memo(drafts, bigrams))


def _links_in(drafts: Sequence[Draft], value_groups: Sequence[Sequence[int]], ruled: Sequence[bool],
              words: _Memo) -> list[tuple[int, int]]:
    local = _Groups(len(drafts))
    named = _Memo(drafts, names)
    for members in value_groups:
        _join_same_words(members, words, ruled, local, named)
    return [(i, root) for members in value_groups for i in members if (root := local.find(i)) != i]


def _join_same_words(members: Sequence[int], words: _Memo, ruled: Sequence[bool],
                     groups: _Groups, named: _Memo) -> None:
    """Join the drafts of one value whose quotes share enough words (two yearly rules never join this way,
    nor two reports when each names a place or organisation the other's report, or the reports already joined
    to it, do not: a report that names none cannot bridge 茂名市 and 湛江市 into one happening).

    A pair already joined through others is not compared again: that keeps the groups exactly those of
    comparing every candidate pair, at a fraction of the cost when one sentence is reported many times."""
    find, parent = groups.find, groups.parent
    quote_words = {i: words[i] for i in members}  # a dict lookup, where the memo is a method call
    group_names: dict[int, frozenset[str]] = {}  # by root, the names its reports hold, once it has joined others
    for i, j in _candidate_pairs(members, quote_words):
        if ruled[i] and ruled[j]:
            continue
        a, b = quote_words[i], quote_words[j]
        if not a or not b:
            continue
        root_i, root_j = find(i), find(j)
        if root_i == root_j:
            continue
        shared, shorter = len(a & b), min(len(a), len(b))
        if shared >= _SAME_WORDS * shorter and shared >= min(_SAME_WORDS_AT_LEAST, shorter):
            names_i = group_names.get(root_i, named[root_i])
            names_j = group_names.get(root_j, named[root_j])
            if name_others(names_i, names_j):
                continue
            low, high = min(root_i, root_j), max(root_i, root_j)
            parent[high] = low
            if names_i or names_j:
                group_names[low] = names_i | names_j


def _candidate_pairs(members: Sequence[int], words: Mapping[int, frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Pairs of drafts of one value that may share their words: every pair in a small group; in a large one
    (a year named in thousands of articles) only pairs sharing a bigram that few of the group use."""
    if len(members) <= _SMALL_GROUP:
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                yield i, j
        return
    # A pair may come more than once (it shares several rare bigrams): the caller skips pairs already joined,
    # which is cheaper than collecting them in a set.
    same_words: dict[frozenset[str], int] = {}
    for i in members:  # the same sentence reported again and again: link each copy to the first
        first = same_words.setdefault(words[i], i)
        if first != i:
            yield first, i
    postings: dict[str, list[int]] = {}
    for i in members:
        for gram in words[i]:
            postings.setdefault(gram, []).append(i)
    # In the order of the bigrams, not of their sets (which follows the string hash of each run): which of two
    # reports naming different places a third joins depends on the order pairs come in.
    for gram in sorted(postings):
        posting = postings[gram]
        if len(posting) <= _RARE_BIGRAM:
            for n, i in enumerate(posting):
                for j in posting[n + 1 :]:
                    yield i, j


def _approximate_beside(a: Draft, b: Draft) -> bool:
    """``a`` is an approximate day (前夕) within a week of the precise day ``b`` in the same sentence."""
    if not (a.approximate and not b.approximate and a.precision == b.precision == "day" and _same_sentence(a, b)):
        return False
    return abs((_day(a.start) - _day(b.start)).days) <= _APPROXIMATE_DAYS


def _finer_host(i: int, candidates: Sequence[int], drafts: Sequence[Draft], words: _Among) -> int | None:
    """The finer-dated draft of the same article, inside year ``drafts[i]``, whose happening the year names
    (``candidates``: the article's finer drafts within that year; the nearest ones when there are very many)."""
    year = drafts[i]
    if len(candidates) > _SMALL_GROUP:
        candidates = sorted(candidates, key=lambda j: (abs(drafts[j].citation.start - year.citation.start), j))
        candidates = candidates[:_SMALL_GROUP]
    best, best_score = None, 0.0
    name = bigrams(year.title)
    for j in candidates:
        other = drafts[j]
        score = 1.0 if _same_sentence(year, other) else overlap(name, words[j])
        if score >= _NAME_IN_YEAR and score > best_score:
            best, best_score = j, score
    return best


def _representative(members: Sequence[Draft]) -> Draft:
    """The finest, most definite report; the earliest among equals."""
    _, rep = max(enumerate(members), key=lambda item: (
        _RANK[item[1].precision], not item[1].approximate, not item[1].recurrence, not item[1].signature,
        len(item[1].title) >= 6, -item[0]))
    return rep


def _best_title(members: Sequence[Draft], rep: Draft) -> str:
    """The representative's title, unless it had to be cut and another report names the happening whole."""
    if not rep.title.endswith("…"):
        return rep.title
    whole = [d.title for d in members if not d.title.endswith("…") and len(d.title) >= 6]
    return whole[0] if whole else rep.title


def _event_id(start: str, end: str, precision: str, file: str, title: str) -> str:
    digest = hashlib.sha1(f"{start}|{end}|{precision}|{file}|{title}".encode()).hexdigest()
    return f"kx-{digest[:16]}"


def merge_drafts(drafts: Sequence[Draft], *, jobs: int = 1, memo: MergeMemo | None = None) -> list[Event]:
    """The merged, ordered events (by start, end, title, id) with stable ids and parent links. With ``jobs``
    > 1, a large merge compares quotes in that many forked processes; with a ``memo`` (a session of builds),
    what an earlier build of the session worked out from the same drafts is taken as it is (the quotes of a
    value group are not compared again, an event of the same drafts is the same object). The events are the
    same either way."""
    groups = _link(drafts, jobs, memo)
    members: dict[int, list[Draft]] = {}
    for i, draft in enumerate(drafts):
        members.setdefault(groups.find(i), []).append(draft)
    events: list[Event] = []
    seen: dict[str, int] = {}
    for group in members.values():
        base, event, rep_title = (_event(group) if memo is None
                                  else memo.events.remember(tuple(group), partial(_event, group)))
        copies = seen.get(base, 0)
        seen[base] = copies + 1
        if copies:
            # Two different happenings with one date and title in one file: number the later ones, in text order.
            event = replace(event, id=_event_id(base, str(copies), event.precision, event.sources[0].file, rep_title))
        events.append(event)
    events = _with_parents(events, memo)
    return sorted(events, key=lambda e: (e.start, e.end, e.title, e.id))


def _event(group: Sequence[Draft]) -> tuple[str, Event, str]:
    """The event of the drafts of one group, with the id its representative gives (before any numbering), and
    the representative's title (which numbering digests)."""
    rep = _representative(group)
    citations = tuple(sorted({d.citation for d in group}, key=lambda c: (c.file, c.article, c.start, c.end)))
    base = _event_id(rep.start, rep.end, rep.precision, citations[0].file, rep.title)
    return base, Event(
        id=base, start=rep.start, end=rep.end, precision=rep.precision, title=_best_title(group, rep),
        summary=rep.summary, sources=citations,
        recurrence=next((d.recurrence for d in group if d.recurrence), None),
        place=rep.place or next((d.place for d in group if d.place), None), time=rep.time,
        approximate=rep.approximate, url=next((d.url for d in group if d.url), None),
    ), rep.title


def _articles(event: Event) -> set[tuple[str, int]]:
    return {(c.file, c.article) for c in event.sources}


def _with_parents(events: list[Event], memo: MergeMemo | None = None) -> list[Event]:
    """Link each event to the smallest range event of one of its articles that contains it (with a ``memo``,
    an event given the same parent by an earlier build of the session is that build's object)."""
    ranges: dict[tuple[str, int], list[Event]] = {}
    for r in events:
        if r.start != r.end and r.precision != "year":
            for article in _articles(r):
                ranges.setdefault(article, []).append(r)
    out = []
    for event in events:
        candidates = {r.id: r for article in _articles(event) for r in ranges.get(article, ())}
        hosts = [r for r in candidates.values() if r is not event
                 and _RANK[r.precision] <= _RANK[event.precision]
                 and r.start <= event.start[: len(r.start)] and event.end[: len(r.end)] <= r.end
                 and (r.start, r.end) != (event.start, event.end)]
        if hosts:
            # The innermost host: the latest start, then the earliest end.
            hosts.sort(key=lambda r: (r.end, r.id))
            hosts.sort(key=lambda r: r.start, reverse=True)
            event = _parented(event, hosts[0].id, memo)
        out.append(event)
    return out


def _parented(event: Event, parent: str, memo: MergeMemo | None) -> Event:
    if memo is None:
        return replace(event, parent=parent)
    found = memo.parented.get(event)
    if found is None or found[0] != parent:
        found = (parent, replace(event, parent=parent))
        memo.parented.put(event, found)
    return found[1]
