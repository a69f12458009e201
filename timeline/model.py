"""Plain data passed between the build's stages: load → split → reference → mentions → events → merge → export.

Every offset is a ``str`` index into the raw decoded text of a file (``SourceFile.text``), so a quote can always
be checked against the original. Dates are strings as ``kxtimeline parse`` prints them: ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY`` by precision, end inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from timeline.dates.model import Mention, Precision


@dataclass(frozen=True, slots=True)
class FileMeta:
    """What the user said about a file (front matter, ``kxtimeline.toml`` or ``--ref``); all optional.

    ``date`` is normalised to ``YYYY-MM-DD`` or ``YYYY``; ``date_origin`` names where it came from.
    """

    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    date_origin: str | None = None


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file, decoded. ``path`` is how outputs name it (POSIX, relative to its input root)."""

    path: str
    text: str
    encoding: str
    body_start: int = 0
    meta: FileMeta = field(default_factory=FileMeta)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, with a one-line reason a user can act on."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ArticleSpan:
    """One article inside a file: 1-based ``index`` in document order, its title and its raw-text span."""

    file: str
    index: int
    title: str
    start: int
    end: int
    heading_end: int = -1  # raw offset where the opening heading run ends (``start`` when there is none)


@dataclass(frozen=True, slots=True)
class Article:
    """An article with the reference date its relative dates were read against, and why that date.

    ``reference_date`` is ``YYYY-MM-DD`` or ``YYYY``, or ``None`` when nothing in or about the article dates it.
    ``confidence`` runs from 0 (no basis) to 1 (the user said so).
    """

    file: str
    index: int
    title: str
    start: int
    end: int
    reference_date: str | None
    reference_basis: str
    confidence: float
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleMentions:
    """An article with the date mentions found in it (offsets into the file's raw text)."""

    article: Article
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an event is reported: the article, the mention's raw span and the sentence quoted as clean text."""

    file: str
    article: int
    article_title: str
    start: int
    end: int
    quote: str
    mention: str


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening. ``start``/``end`` as in ``kxtimeline parse`` (end inclusive, equal for one date).

    ``id`` is stable across rebuilds (derived from the value and the first citation), ``parent`` is the id
    of a range event this one is a step of (a salon inside a salon series), ``time`` is ``HH:MM`` when given.
    """

    id: str
    start: str
    end: str
    precision: Precision
    title: str
    summary: str
    sources: tuple[Citation, ...]
    recurrence: str | None = None
    place: str | None = None
    time: str | None = None
    approximate: bool = False
    parent: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A date mention the build could not give a calendar value, kept so the reader can see it."""

    file: str
    article: int
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """The whole build result that every exporter reads. ``generated`` honours SOURCE_DATE_EPOCH."""

    name: str
    generated: datetime
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    unresolved: tuple[Unresolved, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    files: int = 0
    mentions: int = 0
