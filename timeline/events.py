"""Make events: decide which mentions date a happening, and give each a concise title, a place and a quote.

A mention dates a happening when it has a calendar value, is not a period word (近两年, 十四五, 今年以来),
and its clause reports something that took place rather than a statistic (``2025年共获…``), a comparison
(``较2019年``), a target (``到2035年``) or a document's validity (``《…方案（2021—2025年）》``). A year alone
needs a verb of happening in its clause; a year in a plan (``今年将…``) is not an event. The signature date
of a letter dates the letter itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from timeline import cues
from timeline.dates.model import Mention, Precision
from timeline.model import Article, Citation, Unresolved
from timeline.repair import RepairedText
from timeline.textmap import clause_span, join_lines, raw_to_clean, segment_starts, sentence_span

_NOT_EVENTS = frozenset({"relative_period", "plan_period", "decade", "vague"})
_PUNCT = "，,；;：:、。！？!?“”\"'‘’（）()《》【】[]—▲△▼□■◆● \t\n"
_MAX_SUMMARY = 160


@dataclass(frozen=True, slots=True)
class Draft:
    """An event as one mention reports it, before merging. Offsets: clean ones for the sentence."""

    file: str
    article: int
    start: str
    end: str
    precision: Precision
    title: str
    summary: str
    citation: Citation
    sentence: tuple[int, int]
    recurrence: str | None = None
    place: str | None = None
    time: str | None = None
    approximate: bool = False
    url: str | None = None
    signature: bool = False


def make_drafts(article: Article, raw_offset: int, repaired: RepairedText,
                mentions: Sequence[Mention]) -> tuple[list[Draft], list[Unresolved]]:
    """The event drafts and the unresolved mentions of one article.

    ``repaired`` is the article's own text repaired; mention offsets index ``repaired.raw``; ``raw_offset``
    is where the article starts in its file, so citations carry file offsets.
    """
    drafts: list[Draft] = []
    unresolved: list[Unresolved] = []
    text = repaired.text
    starts = segment_starts(repaired)
    spans = [_clean_span(repaired, m, starts) for m in mentions]
    span_starts = [a for a, _ in spans]
    names = {span for span, m in zip(spans, mentions, strict=True) if m.kind == "holiday" or m.basis == "inferred"}
    ref_year = int(article.reference_date[:4]) if article.reference_date else None
    for mention in mentions:
        if mention.start_date is None or mention.end_date is None or mention.precision is None:
            if mention.vague is None:
                unresolved.append(Unresolved(article.file, article.index, raw_offset + mention.start,
                                             raw_offset + mention.end, mention.text,
                                             _unresolved_reason(mention, article)))
            continue
        start, end = _clean_span(repaired, mention, starts)
        sentence = sentence_span(text, start, end)
        signature = bool(cues.SIGNATURE_DATE.match(text[sentence[0] : sentence[1]]))
        if not signature and not dates_a_happening(mention, text, start, end, sentence, ref_year):
            continue
        quote = join_lines(text[sentence[0] : sentence[1]])
        # Only the dates of this sentence matter for its title (bisect keeps long articles linear).
        local = spans[bisect_left(span_starts, sentence[0]) : bisect_right(span_starts, sentence[1])]
        title = _signature_title(article, text) if signature else make_title(
            text, start, end, sentence, local, [s for s in local if s in names])
        drafts.append(Draft(
            file=article.file, article=article.index, start=mention.start_date, end=mention.end_date,
            precision=mention.precision, title=title, summary=_summary(quote),
            citation=Citation(article.file, article.index, article.title, raw_offset + mention.start,
                              raw_offset + mention.end, quote, mention.text),
            sentence=sentence, recurrence=mention.recurrence,
            place=None if signature else find_place(quote),
            time=mention.time, approximate=mention.approximate, url=article.url, signature=signature,
        ))
    return drafts, unresolved


def _clean_span(repaired: RepairedText, mention: Mention, starts: Sequence[int]) -> tuple[int, int]:
    start = raw_to_clean(repaired, mention.start, starts)
    return start, max(start + 1, raw_to_clean(repaired, mention.end - 1, starts) + 1)


def _unresolved_reason(mention: Mention, article: Article) -> str:
    if article.reference_date is None and mention.basis in ("relative", "holiday", "unresolved"):
        return "the article has no reference date to read it against"
    return "the text does not say which day, month or year this is"


def dates_a_happening(mention: Mention, text: str, start: int, end: int, sentence: tuple[int, int],
                      ref_year: int | None) -> bool:
    """Whether the mention at clean ``start``..``end`` dates something that happened (see the module doc)."""
    if mention.kind in _NOT_EVENTS or mention.vague is not None:
        return False
    after = text[end : end + 8].lstrip()
    before = text[max(sentence[0], start - 4) : start]
    if cues.STATISTIC_AFTER.match(after) or cues.COMPARISON_BEFORE.search(before):
        return False
    if cues.TARGET_BEFORE.search(before) and ref_year is not None and int(mention.start_date[:4]) > ref_year:
        return False
    if _inside_document_title(text, start, sentence):
        return False
    if mention.precision == "year":
        clause = clause_span(text, start, end, sentence)
        words = text[clause[0] : start] + text[end : clause[1]]
        if not cues.HAPPENING.search(words):  # the verb may come later: 2023年我市27支代表队参加…
            words = text[clause[0] : start] + text[end : sentence[1]]
        if cues.FUTURE.search(words) or not cues.HAPPENING.search(words):
            return False
    return True


def _inside_document_title(text: str, start: int, sentence: tuple[int, int]) -> bool:
    opened = text.rfind("《", sentence[0], start)
    if opened >= 0 and opened > text.rfind("》", sentence[0], start):
        return True
    return text[max(sentence[0], start - 2) : start] in ("》（", "》(")


def make_title(text: str, start: int, end: int, sentence: tuple[int, int], spans: Sequence[tuple[int, int]],
               names: Sequence[tuple[int, int]] = ()) -> str:
    """A concise title (≤ 30 characters) for the happening dated at clean ``start``..``end``: its clause
    without its dates, or, when the dates stand alone in their clause, the next clause that says something;
    a named day (第八个全国科技工作者日) with nothing else in its clause is its own title."""
    clause = clause_span(text, start, end, sentence)
    dates = [span for span in spans if span not in names]
    words = _without_dates(text, clause, dates)
    if len(words) < 4:
        named = [text[a:b].strip(_PUNCT) for a, b in names
                 if clause[0] <= a and b <= clause[1] and len(_han(text[a:b])) >= 4]
        words = max(named, key=len, default=words)
    position = clause[1]
    while len(words) < 4 and position < sentence[1]:
        nxt = clause_span(text, position + 1, position + 1, sentence)
        candidate = _without_dates(text, nxt, dates)
        if len(candidate) >= 4:
            words = candidate
        position = max(nxt[1], position + 1)
    return shorten(words or text[sentence[0] : sentence[1]].strip(_PUNCT))


def _han(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def _without_dates(text: str, clause: tuple[int, int], spans: Sequence[tuple[int, int]]) -> str:
    """The clause's words with every date in it and the lead's credits taken out."""
    pieces, position = [], clause[0]
    for a, b in spans:
        if b <= clause[0] or a >= clause[1]:
            continue
        pieces.append(text[position : max(position, a)])
        position = max(position, b)
    pieces.append(text[position : clause[1]])
    words = join_lines("".join(pieces))
    words = cues.CREDITS.sub("", cues.LEAD.sub("", words)).strip(_PUNCT)
    return cues.TITLE_LEAD_NOISE.sub("", words).strip(_PUNCT)


def shorten(title: str) -> str:
    """``title`` on one line, without a place phrase before its verb when too long, cut to the limit."""
    title = " ".join(title.split())
    if title.count("“") != title.count("”"):
        title = title.replace("“", "").replace("”", "")
    if len(title) > cues.MAX_TITLE:
        title = cues.PLACE_IN_TITLE.sub("", title, count=1)
    if len(title) > cues.MAX_TITLE:
        title = cues.ASIDE.sub("", title)
    if len(title) > cues.MAX_TITLE:
        title = cues.LIST_TAIL.sub("等", title)
    if len(title) > cues.MAX_TITLE:
        title = title[: cues.MAX_TITLE - 1].rstrip(_PUNCT) + "…"
    return title


def _signature_title(article: Article, text: str) -> str:
    """A letter's signature date dates the letter: its genre and the first clause that reports a happening."""
    genre = article.title.split("（")[0].strip() or "来信"
    for sentence in cues.SENTENCE_END.split(text):
        for clause in cues.CLAUSE_SPLIT.split(sentence):
            clause = clause.strip(_PUNCT)
            if len(clause) >= 4 and cues.HAPPENING.search(clause) and clause.replace(" ", "") != genre:
                return shorten(f"{genre}：{clause}")
    return genre


def find_place(sentence: str) -> str | None:
    """A place the sentence names after a verb of motion or location (走进…公司, 在…党校举办), if any."""
    for m in cues.PLACE_AFTER_VERB.finditer(sentence):
        place = m.group(1) or m.group(2)
        if place not in cues.NOT_PLACES:
            return place
    return None


def _summary(quote: str) -> str:
    return quote if len(quote) <= _MAX_SUMMARY else quote[: _MAX_SUMMARY - 1] + "…"
