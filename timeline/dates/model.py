"""Plain data passed between the date engine's stages.

The records built once per match (Atom, Expression, Value) are slotted dataclasses that are not frozen:
a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, about three times slower,
and these are built hundreds of thousands of times. No stage changes a record once it is built. Mention,
the public result, stays frozen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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


def format_date(value: date, precision: Precision) -> str:
    """Format ``value`` as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` according to ``precision``."""
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"
