"""The calendar export (RFC 5545), built with ``icalendar`` so escaping, folding and CRLF are its job."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vCategory, vDDDTypes, vInt, vRecur, vText, vUri
from icalendar import Event as VEvent

from timeline.export.blocks import Slice, cited_notes, render_blocks
from timeline.export.cndate import format_span
from timeline.export.common import citation_source, generated_utc, one_line, reference_notes, safe_url
from timeline.model import Event, Timeline

PRODID = "-//kxtimeline//kxtimeline 0.1//ZH"
TZID = "Asia/Shanghai"
PRECISIONS = ("day", "month", "year")
TIMED_LENGTH = timedelta(hours=1)
# Quotes an event's DESCRIPTION shows, in source order, before it only counts the rest.
MAX_QUOTES = 10
_CALENDAR_END = b"END:VCALENDAR\r\n"
# China has kept +08:00 since 1992, so one STANDARD block serves unless a timed event is older: Outlook is known
# to misread the RDATE lists the summer-time years need.
ZONE_FROM = date(1992, 1, 1)
ZONE_UNTIL = date(2038, 1, 1)


def _parse(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _after(value: str) -> date:
    """The first day after the inclusive value ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY``: an exclusive end."""
    last = _parse(value)
    parts = value.count("-")
    if parts == 2:
        return last + timedelta(days=1)
    if parts == 1:
        return date(last.year + 1, 1, 1) if last.month == 12 else date(last.year, last.month + 1, 1)
    return date(last.year + 1, 1, 1)


def _start_time(event: Event) -> datetime | None:
    """Shanghai local start of a single-day event with a clock time; ``None`` makes the event all-day."""
    if event.time is None or event.precision != "day" or event.start != event.end:
        return None
    hour, minute = (int(p) for p in event.time.split(":"))
    return datetime.combine(_parse(event.start), time(hour, minute), ZoneInfo(TZID))


def _summary(event: Event) -> str:
    # Calendar clients show a newline in SUMMARY or LOCATION as a line break in the title.
    title = one_line(event.title)
    if event.precision == "day":
        return title
    return f"［{format_span(event.start, event.end)}］{title}"


def _description(event: Event, notes: dict[tuple[str, int], str]) -> str:
    # Two dates in one sentence are two citations of one quote: show the sentence once.
    quotes = list(dict.fromkeys(f"“{c.quote}” — {citation_source(c)}（{notes.get((c.file, c.article), '')}）"
                                for c in event.sources))
    if len(quotes) > MAX_QUOTES:
        # A date reported by hundreds of articles would fill a calendar entry; the other outputs list them all.
        rest = len(quotes) - MAX_QUOTES
        quotes = [*quotes[:MAX_QUOTES], f"……另有 {rest} 处报道，全部出处见 timeline.md 和 timeline.json。"]
    return "\n".join(quotes)


class _Constants:
    """The property values every VEVENT of one file shares, encoded once (icalendar keeps an encoded value as
    it is given): the build time, the sequence number and the categories of each precision."""

    def __init__(self, stamp: datetime) -> None:
        self.stamp = vDDDTypes(stamp)
        self.sequence = vInt(0)
        self.categories = {p: vCategory(["kxtimeline", p]) for p in PRECISIONS}


def _vevent(event: Event, constants: _Constants, notes: dict[tuple[str, int], str]) -> VEvent:
    # Each value is given as icalendar's own property type: ``add`` would work the type out from the property's
    # name and the Python value every time, a sixth of the cost of rendering an event. The bytes are the same.
    vevent = VEvent()
    vevent["UID"] = vText(f"{event.id}@kxtimeline")
    vevent["DTSTAMP"] = constants.stamp
    vevent["SEQUENCE"] = constants.sequence
    start = _start_time(event)
    if start is None:
        vevent["DTSTART"] = vDDDTypes(_parse(event.start))
        vevent["DTEND"] = vDDDTypes(_after(event.end))
    else:
        vevent["DTSTART"] = vDDDTypes(start)
        vevent["DTEND"] = vDDDTypes(start + TIMED_LENGTH)
    if event.recurrence:
        vevent["RRULE"] = vRecur.from_ical(event.recurrence)
    vevent["SUMMARY"] = vText(_summary(event))
    if event.sources:
        vevent["DESCRIPTION"] = vText(_description(event, notes))
    if event.place:
        vevent["LOCATION"] = vText(one_line(event.place))
    vevent["CATEGORIES"] = constants.categories[event.precision]
    if event.url:
        vevent["URL"] = vUri(safe_url(event.url))
    return vevent


def _timezone(timed: list[datetime]) -> Timezone:
    first = min(ZONE_FROM, *(date(d.year, 1, 1) for d in timed))
    last = max(ZONE_UNTIL, *(d.date() + timedelta(days=366) for d in timed))
    return Timezone.from_tzid(TZID, first_date=first, last_date=last)


def included(event: Event, precision: str) -> bool:
    """Whether ``event`` is no coarser than ``precision`` (``day`` < ``month`` < ``year``)."""
    return PRECISIONS.index(event.precision) <= PRECISIONS.index(precision)


def render_ics(timeline: Timeline, *, precision: str = "year") -> bytes:
    """An iCalendar file with one VEVENT per event no coarser than ``precision`` (default: every event).

    Day events are all-day with an exclusive DTEND, single days with a time last one hour in Asia/Shanghai
    (with a VTIMEZONE then), months and years are all-day spans labelled ``［2023年12月］``. UIDs come from
    event ids and DTSTAMP from ``timeline.generated``, so the same timeline gives the same bytes.
    """
    positions = ics_positions(timeline, precision=precision)
    return join_ics(timeline, ics_blocks(timeline, positions).blocks, precision=precision)


def ics_positions(timeline: Timeline, *, precision: str = "year") -> list[int]:
    """The positions of the events the calendar holds (those no coarser than ``precision``), in order."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return [i for i, e in enumerate(timeline.events) if included(e, precision)]


def ics_blocks(timeline: Timeline, positions: Sequence[int], *, known: Mapping[str, bytes] | None = None,
               digests: Sequence[bytes] | None = None) -> Slice:
    """The VEVENT blocks of the events at ``positions`` as ``render_ics`` writes them, reusing those in
    ``known`` (see ``render_blocks``); a block depends on its event, the build time (DTSTAMP) and the
    reference notes of the articles it cites."""
    stamp = generated_utc(timeline)
    when = stamp.isoformat()
    notes = reference_notes(timeline)
    constants = _Constants(stamp)
    # Properties in the order _vevent adds them (UID first) rather than icalendar's sorted order, which costs 7%
    # of the rendering; RFC 5545 sets no order.
    return render_blocks(timeline.events, positions,
                         lambda event: _vevent(event, constants, notes).to_ical(sorted=False),
                         known=known, digests=digests, extras=lambda event: (when, cited_notes(event, notes)))


def join_ics(timeline: Timeline, blocks: Sequence[bytes], *, precision: str = "year") -> bytes:
    """The whole iCalendar file: the VCALENDAR properties and time zone around the VEVENT ``blocks`` (those of
    ``ics_positions``, in order)."""
    events = [timeline.events[i] for i in ics_positions(timeline, precision=precision)]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(timeline.name))
    calendar.add("x-wr-timezone", TZID)
    timed = [t for t in (_start_time(e) for e in events) if t is not None]
    if timed:
        calendar.add_component(_timezone(timed))
    shell = calendar.to_ical()
    end = shell.rindex(_CALENDAR_END)
    return b"".join([shell[:end], *blocks, shell[end:]])
