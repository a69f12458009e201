"""The Chinese date-expression engine: ``find_dates(text, ref)``.

Pipeline: repair the text (offset map kept) → find atoms (one compiled scan) → join ranges → resolve
against the reference and the narrative → map spans back to the caller's text.
"""

from __future__ import annotations

from datetime import date

from timeline.dates.find import compose, find_atoms
from timeline.dates.model import Mention, Precision, format_date, make_mention
from timeline.dates.resolve import Reference, resolve
from timeline.repair import RepairedText, repair_text

__all__ = ["Mention", "Reference", "find_dates", "find_dates_repaired", "make_reference"]


def make_reference(ref: date | int) -> Reference:
    """A Reference from a date (full reference) or an int year (year only)."""
    kind = type(ref)
    if kind is int or kind is date:  # the usual references, kept (a text is read against one of a few)
        reference = _REFERENCES.get(ref)
        if reference is None:
            reference = Reference(ref) if kind is int else Reference(ref.year, ref)  # type: ignore[union-attr]
            if len(_REFERENCES) < _REFERENCES_KEPT:
                _REFERENCES[ref] = reference
        return reference
    if isinstance(ref, date):
        return Reference(ref.year, ref)
    if isinstance(ref, int) and not isinstance(ref, bool):
        return Reference(ref)
    raise TypeError(f"ref must be a datetime.date or an int year, not {type(ref).__name__}")


# References made from an int or a date, by the int or date (an int never equals a date), up to a bound.
_REFERENCES: dict[date | int, Reference] = {}
_REFERENCES_KEPT = 4096


def find_dates(text: str, ref: date | int, *, include_vague: bool = False) -> list[Mention]:
    """Every date expression in ``text``, resolved against ``ref`` (a date, or an int year).

    Promises: mentions come in text order, do not overlap, and ``text[m.start:m.end] == m.text``;
    values are valid dates with start <= end, or None when unresolvable (basis ``unresolved``). Vague
    words without a calendar value (目前, 近年来, bare 每年) are left out unless ``include_vague``;
    dates that do not exist (2月30日) are left out; a mention that needs context the text and ``ref``
    do not give (周三 with only a year) is kept with null values and basis ``unresolved``.
    Never raises on any string input.
    """
    return find_dates_repaired(repair_text(text), ref, include_vague=include_vague)


def find_dates_repaired(repaired: RepairedText, ref: date | int, *, include_vague: bool = False) -> list[Mention]:
    """``find_dates`` over text already repaired (the build repairs each file once for all stages)."""
    reference = make_reference(ref)
    expressions = compose(find_atoms(repaired.text, include_vague), repaired.text)
    # Text that repair kept in one piece maps back by one offset; otherwise through the segment map.
    shift = repaired.segments[0][0] if len(repaired.segments) == 1 else None
    raw = repaired.raw
    mentions = []
    add = mentions.append
    for expression, r, basis, kind in resolve(expressions, repaired.text, reference):
        if r.invalid or (r.vague and not include_vague):
            continue
        if shift is None:
            start, end = repaired.span_to_raw(expression.start, expression.end)
        else:
            start, end = expression.start + shift, expression.end + shift
        value = r.value
        if value is None:
            add(make_mention(raw[start:end], start, end, kind, None, None, None, basis, r.recurrence,
                             r.approximate, None, r.vague))
            continue
        precision = value.precision
        if precision == "day":  # as format_date: date.isoformat is as quick as a look-up
            first = value.start.isoformat()
            last = first if value.end == value.start else value.end.isoformat()
        else:
            formatted = _FORMATTED[precision]
            first = formatted.get(value.start) or _format(value.start, precision)
            last = first if value.end == value.start else formatted.get(value.end) or _format(value.end, precision)
        add(make_mention(raw[start:end], start, end, kind, first, last, precision, basis, r.recurrence,
                         r.approximate, r.time if precision == "day" else None, r.vague))
    return mentions


# Mentions repeat the same months and years over and over: each precision keeps the dates it formatted, up to
# a bound.
_FORMATTED: dict[str, dict[date, str]] = {"month": {}, "year": {}}
_FORMATTED_KEPT = 1024


def _format(value: date, precision: Precision) -> str:
    text = format_date(value, precision)
    kept = _FORMATTED[precision]
    if len(kept) < _FORMATTED_KEPT:
        kept[value] = text
    return text
