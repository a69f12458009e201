"""Split a file into articles: a newspaper page holds several reports, letters and page furniture.

Lines of the repaired text are classified (heading, prose, lead, byline, signature date, genre heading,
caption, furniture) and a new article starts where a page would start one: a heading run before a news
lead (``本报讯``), a genre heading (``贺 信``), or a heading after an article that a signature date or a
byline closed. Page furniture before the first and after the last article belongs to no article.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from timeline import cues
from timeline.model import ArticleSpan
from timeline.repair import RepairedText
from timeline.textmap import raw_to_clean


class LineKind(Enum):
    HEADING = "heading"
    PROSE = "prose"
    LEAD = "lead"
    BYLINE = "byline"
    SIGNATURE = "signature"
    GENRE = "genre"
    CAPTION = "caption"
    FURNITURE = "furniture"


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of clean text: its span (clean offsets, stripped) and its kind."""

    start: int
    end: int
    text: str
    kind: LineKind


def classify_line(text: str) -> LineKind:
    """The layout role of one stripped line of clean text."""
    if cues.FURNITURE.match(text) or cues.FURNITURE_ANYWHERE.search(text):
        return LineKind.FURNITURE
    if cues.SIGNATURE_DATE.match(text):
        return LineKind.SIGNATURE
    compact = text.replace(" ", "").replace("\u00a0", "")
    if cues.GENRE_HEADING.match(compact):
        return LineKind.GENRE
    if cues.LEAD.match(text):
        return LineKind.LEAD
    if cues.BYLINE.search(text) and len(text) <= 60:
        return LineKind.BYLINE
    if cues.CAPTION.match(text) or text.endswith(cues.CAPTION_ENDINGS):
        return LineKind.CAPTION
    short = len(text) <= cues.MAX_HEADING_WITH_COMMA or not cues.COMMA.search(text)
    if len(text) <= cues.MAX_HEADING and short and not cues.PROSE_PUNCTUATION.search(text):
        return LineKind.HEADING
    return LineKind.PROSE


def read_lines(text: str, start: int = 0) -> list[Line]:
    """The non-blank lines of ``text`` from ``start``, stripped, with their kinds."""
    lines: list[Line] = []
    pos = start
    length = len(text)
    while pos < length:
        newline = text.find("\n", pos)
        end = length if newline < 0 else newline
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            left = pos + (len(raw) - len(raw.lstrip()))
            lines.append(Line(left, left + len(stripped), stripped, classify_line(stripped)))
        pos = end + 1
    return lines


def _starts(lines: list[Line]) -> list[int]:
    """Indexes of the lines that open an article."""
    starts: list[int] = []
    current_prose = 0  # characters of prose in the article being read
    closed = True  # no article is open (top of page, or after a signature date / closing byline)
    for i, line in enumerate(lines):
        kind = line.kind
        if kind is LineKind.FURNITURE:
            continue
        if closed:
            if kind in (LineKind.BYLINE, LineKind.SIGNATURE, LineKind.CAPTION):
                continue
            starts.append(i)
            closed, current_prose = False, len(line.text) if kind is LineKind.PROSE else 0
            continue
        if kind is LineKind.GENRE and current_prose:
            starts.append(i)
            current_prose = 0
            continue
        if kind is LineKind.LEAD and current_prose:
            first = _heading_run_start(lines, i)
            if first < i:
                starts.append(first)
                current_prose = len(line.text)
                continue
        if kind is LineKind.SIGNATURE and current_prose:
            closed = True
            continue
        if (kind is LineKind.BYLINE and current_prose >= cues.MIN_ARTICLE_BODY
                and lines[i - 1].kind is LineKind.PROSE and _next_is_heading(lines, i)):
            closed = True
            continue
        if kind in (LineKind.PROSE, LineKind.LEAD):
            current_prose += len(line.text)
    return starts


def _heading_run_start(lines: list[Line], lead: int) -> int:
    """The first line of the heading run (headings and captions) just before line ``lead``."""
    first = lead
    while first > 0 and lines[first - 1].kind in (LineKind.HEADING, LineKind.CAPTION):
        first -= 1
    while first < lead and lines[first].kind is LineKind.CAPTION:
        first += 1
    return first


def _next_is_heading(lines: list[Line], i: int) -> bool:
    for line in lines[i + 1 :]:
        if line.kind is LineKind.FURNITURE:
            continue
        return line.kind in (LineKind.HEADING, LineKind.GENRE, LineKind.CAPTION)
    return True


def _last_content(lines: list[Line], first: int, stop: int) -> int:
    """The last line of an article running from ``first`` to before ``stop``: furniture and, after a
    signature date, the credits that follow it are left out."""
    last = first
    for j in range(first, stop):
        kind = lines[j].kind
        if kind is LineKind.FURNITURE:
            continue
        if kind is LineKind.SIGNATURE:
            return j
        last = j
    return last


def title_of(lines: list[Line]) -> str:
    """The title of an article from its first lines: the heading run it opens with, with a subtitle
    (``——…``) joined; a genre heading (``贺信``) takes its signer from the lines before the signature date."""
    if not lines:
        return ""
    if lines[0].kind is LineKind.GENRE:
        genre = lines[0].text.replace(" ", "").replace("\u00a0", "")
        signer = _signer(lines)
        return f"{genre}（{signer}）" if signer else genre
    window = [line for line in lines[:12] if line.kind not in (LineKind.CAPTION, LineKind.FURNITURE)]
    subtitle = next((_heading_text(line) for line in window
                     if line.kind is LineKind.HEADING and _heading_text(line).startswith("——")), "")
    main: list[str] = []
    for line in window:
        if line.kind is LineKind.HEADING and not _heading_text(line).startswith("——"):
            main.append(_heading_text(line))
            if len(main) == 3:
                break
        elif main:
            break
    title = " ".join(main)
    if subtitle:
        title = f"{title}{subtitle}" if title else subtitle.lstrip("—")
    return " ".join(title.split())


def _heading_text(line: Line) -> str:
    return cues.HEADING_MARKS.sub("", line.text).strip()


def _signer(lines: list[Line]) -> str:
    for k, line in enumerate(lines):
        if line.kind is LineKind.SIGNATURE and k > 0 and lines[k - 1].kind is LineKind.HEADING:
            return " ".join(lines[k - 1].text.replace("\u00a0", " ").split())
    return ""


def split_articles(path: str, repaired: RepairedText, body_start: int = 0) -> list[ArticleSpan]:
    """The articles of one file, in document order, with raw-text spans (``start`` at the first character
    of the heading, ``end`` after the last character of the body or signature) and titles.

    A file with text but no recognisable structure is one article. Offsets index ``repaired.raw``.
    """
    clean_start = raw_to_clean(repaired, body_start)
    lines = read_lines(repaired.text, clean_start)
    if not lines:
        return []
    starts = _starts(lines)
    if not starts:
        starts = [0]
    articles: list[ArticleSpan] = []
    for n, first in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        last = _last_content(lines, first, stop)
        start, end = repaired.span_to_raw(lines[first].start, lines[last].end)
        heading = first
        while heading <= last and lines[heading].kind in (LineKind.HEADING, LineKind.GENRE):
            heading += 1
        heading_end = repaired.span_to_raw(lines[heading - 1].start, lines[heading - 1].end)[1] if heading > first \
            else start
        articles.append(ArticleSpan(path, n + 1, title_of(lines[first : last + 1]), start, end, heading_end))
    return articles
