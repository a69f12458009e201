"""Plain data passed between the date engine's stages.

The records built once per match (Atom, Expression, Value) are slotted dataclasses that are not frozen:
a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, about three times slower,
and these are built hundreds of thousands of times. No stage changes a record once it is built. Mention,
the public result, stays frozen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year"]
Basis = Literal["explicit", "context_year", "relative", "holiday", "inferred", "unresolved"]


@dataclass(slots=True)
class Atom:
    """One date expression found in clean text, with its parts as written (extraction, no values yet)."""

    rule: str
    start: int
    end: int
    parts: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Expression:
    """An atom, or two atoms joined into a range (``3月11日至13日``), still unresolved."""

    start: int
    end: int
    first: Atom
    last: Atom | None = None
    until_now: bool = False


@dataclass(slots=True)
class Value:
    """A resolved calendar value: inclusive ``start``..``end`` at ``precision``."""

    start: date
    end: date
    precision: Precision


@dataclass(frozen=True, slots=True)
class Mention:
    """A date mention: its span in the caller's text and the value it was resolved to.

    ``start``/``end`` index the text given to ``find_dates`` (``text[start:end] == mention.text``).
    ``start_date``/``end_date`` are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by ``precision`` (end inclusive,
    equal to start for a single date), or ``None`` when the mention could not be resolved.
    """

    text: str
    start: int
    end: int
    kind: str
    start_date: str | None
    end_date: str | None
    precision: Precision | None
    basis: Basis
    recurrence: str | None = None
    approximate: bool = False
    time: str | None = None
    vague: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The mention as the JSON object ``kxtimeline parse --json`` prints."""
        return asdict(self)


_MENTION_FIELDS = ("text", "start", "end", "kind", "start_date", "end_date", "precision", "basis", "recurrence",
                   "approximate", "time", "vague")


class _Draft:
    """A Mention's slots, in the same order, in a class that does not forbid setting them: ``make_mention``
    fills one with plain attribute stores and turns it into a Mention by assigning ``__class__`` (allowed
    between classes of the same layout), which is quicker than setting each frozen slot through its
    descriptor (the engine builds a Mention for every date it finds)."""

    __slots__ = _MENTION_FIELDS

    def __init__(self, text: str, start: int, end: int, kind: str, start_date: str | None, end_date: str | None,
                 precision: Precision | None, basis: Basis, recurrence: str | None, approximate: bool,
                 time: str | None, vague: str | None) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind
        self.start_date = start_date
        self.end_date = end_date
        self.precision = precision
        self.basis = basis
        self.recurrence = recurrence
        self.approximate = approximate
        self.time = time
        self.vague = vague


def _mention_maker() -> Callable[..., Mention]:
    """A function that builds a Mention from all its fields, in order, as ``Mention(...)`` does, about twice as
    fast (see _Draft)."""
    if tuple(f.name for f in fields(Mention)) != _MENTION_FIELDS or Mention.__slots__ != _MENTION_FIELDS:
        raise AssertionError("Mention's fields changed: update _MENTION_FIELDS and _mention_maker")

    def make(text: str, start: int, end: int, kind: str, start_date: str | None, end_date: str | None,
             precision: Precision | None, basis: Basis, recurrence: str | None, approximate: bool, time: str | None,
             vague: str | None) -> Mention:
        """``Mention(text, start, ..., vague)``."""
        mention = _Draft(text, start, end, kind, start_date, end_date, precision, basis, recurrence, approximate,
                         time, vague)
        mention.__class__ = Mention  # type: ignore[assignment]
        return mention  # type: ignore[return-value]

    return make


make_mention = _mention_maker()


def format_date(value: date, precision: Precision) -> str:
    """Format ``value`` as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` according to ``precision``."""
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"
