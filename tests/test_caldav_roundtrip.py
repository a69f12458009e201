"""The ICS export against a real CalDAV server (issue 4): every event uploaded to a local Radicale with the
``caldav`` client comes back unchanged, and time-range searches find exactly the events that overlap the range.

Two timelines go through: the seeds build (all-day days, ranges, months, years and a yearly event) and the
exporter fixture (adds a timed event, hence a VTIMEZONE, and text that iCalendar has to escape).
"""

from __future__ import annotations

import functools
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import caldav
import pytest
from dateutil.rrule import rrulestr
from export_fixtures import make_timeline
from icalendar import Calendar
from icalendar.cal import Component

from timeline.build import build_timeline
from timeline.export.ics import TIMED_LENGTH, TZID, render_ics
from timeline.model import Event, Timeline
from timeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
GENERATED = datetime(2026, 1, 1, tzinfo=UTC)
START_TIMEOUT = 20.0
USER = "kx"  # [auth] type = none accepts any name; one is still needed, as collections belong to a user
# The client raises SEQUENCE by one on every save; everything else must come back as it was uploaded.
CLIENT_CHANGED = frozenset({"SEQUENCE"})


@dataclass(frozen=True)
class Server:
    """A running Radicale and the URL it answers on."""

    url: str
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="OPTIONS"), timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means the server is up
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _launch(folder: Path, port: int) -> subprocess.Popen[bytes] | None:
    """Start Radicale on ``port`` and wait until it answers; ``None`` if it exited first (its stderr is in
    ``folder/radicale.log``). Fails the test if it neither answers nor exits within ``START_TIMEOUT``."""
    config = folder / "radicale.conf"
    # delay = 0: the client's first request carries no credentials, and Radicale holds every 401 for
    # [auth] delay seconds (1 by default) against password guessing.
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n\n"
        "[auth]\ntype = none\ndelay = 0\n\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n\n"
        "[web]\ntype = none\n\n"
        "[logging]\nlevel = warning\n",
        encoding="utf-8")
    log = folder / "radicale.log"
    with log.open("wb") as stderr:
        # The child has its own handle on the log file, so closing ours here is fine.
        process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + START_TIMEOUT
    while process.poll() is None:
        if _answers(f"http://127.0.0.1:{port}/") and process.poll() is None:
            return process
        if time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"Radicale did not answer on port {port} within {START_TIMEOUT:.0f} s:\n"
                        f"{log.read_text(encoding='utf-8', errors='replace')}")
        time.sleep(0.05)
    return None


def _start_radicale(folder: Path, attempts: int = 3) -> Server:
    """Radicale on a free loopback port with its storage in ``folder``. Another port is tried if it exits at
    once (the free port may be taken before Radicale binds it); the test fails with its stderr after
    ``attempts`` exits."""
    for _ in range(attempts):
        port = _free_port()
        process = _launch(folder, port)
        if process is not None:
            return Server(f"http://127.0.0.1:{port}/", process)
    pytest.fail(f"Radicale exited before answering, {attempts} times; its stderr the last time:\n"
                f"{(folder / 'radicale.log').read_text(encoding='utf-8', errors='replace')}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Radicale for the module, stopped at teardown whatever the tests did."""
    running = _start_radicale(tmp_path_factory.mktemp("radicale"))
    try:
        yield running
    finally:
        _stop(running.process)


@functools.cache
def _seeds_timeline() -> Timeline:
    loaded = load_sources([ROOT / "seeds"])
    assert not loaded.skipped, loaded.skipped
    return build_timeline(loaded.files, name="seeds", generated=GENERATED)


TIMELINES = {"seeds": _seeds_timeline, "fixture": make_timeline}


def split_calendar(data: bytes) -> list[str]:
    """One VCALENDAR per VEVENT of ``data``, each with the calendar's properties and its VTIMEZONEs, as a
    CalDAV server wants them (RFC 4791 §4.1: one UID per resource)."""
    calendar = Calendar.from_ical(data)
    zones = calendar.walk("VTIMEZONE")
    parts = []
    for vevent in calendar.walk("VEVENT"):
        one = Calendar()
        for name, value in calendar.items():
            one[name] = value
        for zone in zones:
            one.add_component(zone)
        one.add_component(vevent)
        parts.append(one.to_ical().decode("utf-8"))
    return parts


def _uid(component: Component) -> str:
    return str(component["UID"])


def _lines(component: Component) -> list[str]:
    """The component's own content lines (parameters sorted, no subcomponents), minus what the client changes."""
    return sorted(component.content_line(name, value).to_ical().decode("utf-8")
                  for name, value in component.property_items(recursive=False)
                  if name not in {"BEGIN", "END"} | CLIENT_CHANGED)


def _day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _day_after(value: str) -> date:
    """The first day after ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` taken inclusively."""
    first = _day(value)
    if value.count("-") == 2:
        return first + timedelta(days=1)
    if value.count("-") == 1:
        return date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date(first.year + 1, 1, 1)


def _midnight(day: date) -> datetime:
    # caldav matches all-day (floating) events in the time zone of the search range, UTC here.
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def event_span(event: Event) -> tuple[datetime, datetime]:
    """The first occurrence of ``event`` as a half-open UTC interval, derived from the Timeline alone."""
    if event.time and event.precision == "day" and event.start == event.end:
        hour, minute = (int(p) for p in event.time.split(":"))
        local = datetime.combine(_day(event.start), datetime.min.time(), ZoneInfo(TZID))
        start = local.replace(hour=hour, minute=minute).astimezone(UTC)
        return start, start + TIMED_LENGTH
    return _midnight(_day(event.start)), _midnight(_day_after(event.end))


def overlaps(event: Event, start: datetime, end: datetime) -> bool:
    """Whether any occurrence of ``event`` overlaps ``[start, end)``."""
    first, first_end = event_span(event)
    if not event.recurrence:
        return first < end and first_end > start
    length = first_end - first
    return any(o + length > start for o in rrulestr(event.recurrence, dtstart=first).between(
        start - length, end, inc=False))


@dataclass(frozen=True)
class Uploaded:
    """A timeline as uploaded: its events, the VEVENTs sent by UID, and the calendar they went into."""

    timeline: Timeline
    sent: dict[str, Component]
    calendar: caldav.Calendar


@pytest.fixture(scope="module", params=sorted(TIMELINES))
def uploaded(request: pytest.FixtureRequest, server: Server) -> Iterator[Uploaded]:
    """The timeline's ICS, split one event per resource and uploaded into a new calendar of its own."""
    timeline = TIMELINES[request.param]()
    parts = split_calendar(render_ics(timeline))
    sent: dict[str, Component] = {}
    with caldav.DAVClient(url=server.url, username=USER, password=USER) as client:
        calendar = client.principal().make_calendar(name=f"kxtimeline {request.param}", cal_id=request.param)
        for part in parts:
            calendar.add_event(part)
            vevent = Calendar.from_ical(part).walk("VEVENT")[0]
            sent[_uid(vevent)] = vevent
        assert len(sent) == len(parts) == len(timeline.events), "UIDs must be unique, one per event"
        yield Uploaded(timeline, sent, calendar)


def _search(calendar: caldav.Calendar, start: datetime, end: datetime) -> list[Component]:
    return [found.icalendar_component
            for found in calendar.search(start=start, end=end, event=True, expand=False)]


def test_whole_range_returns_every_event_unchanged(uploaded: Uploaded) -> None:
    spans = [event_span(e) for e in uploaded.timeline.events]
    start = min(s for s, _ in spans) - timedelta(days=1)
    end = max(e for _, e in spans) + timedelta(days=1)
    found = _search(uploaded.calendar, start, end)
    assert len(found) == len(uploaded.sent)
    assert {_uid(c) for c in found} == set(uploaded.sent)
    for got in found:
        want = uploaded.sent[_uid(got)]
        assert type(got["DTSTART"].dt) is type(want["DTSTART"].dt), _uid(got)
        assert got["DTSTART"].dt == want["DTSTART"].dt, _uid(got)
        assert got["DTSTART"].params.get("TZID") == want["DTSTART"].params.get("TZID"), _uid(got)
        assert str(got["SUMMARY"]) == str(want["SUMMARY"]), _uid(got)
        assert _lines(got) == _lines(want), _uid(got)


NARROW_RANGES = {
    "april-2024": (datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC)),
    # Only a later occurrence of the yearly 5月30日 events falls in here, not their DTSTART.
    "may-2025": (datetime(2025, 5, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)),
    # The fixture's 09:30 Shanghai talk is 01:30-02:30 UTC: inside the first hour range, and inside the
    # second only for a server that ignored its TZID.
    "talk-utc": (datetime(2024, 4, 17, 1, 0, tzinfo=UTC), datetime(2024, 4, 17, 2, 0, tzinfo=UTC)),
    "talk-floating": (datetime(2024, 4, 17, 9, 0, tzinfo=UTC), datetime(2024, 4, 17, 10, 0, tzinfo=UTC)),
}


@pytest.mark.parametrize("window", sorted(NARROW_RANGES))
def test_narrow_range_returns_exactly_the_overlapping_events(uploaded: Uploaded, window: str) -> None:
    start, end = NARROW_RANGES[window]
    found = {_uid(c) for c in _search(uploaded.calendar, start, end)}
    single = {f"{e.id}@kxtimeline" for e in uploaded.timeline.events if not e.recurrence}
    expected = {f"{e.id}@kxtimeline" for e in uploaded.timeline.events if not e.recurrence and overlaps(e, start, end)}
    assert found & single == expected
    # Servers and client versions differ in how they expand a recurrence for a search: only ask that an
    # occurrence in range finds its event.
    recurring_in_range = {f"{e.id}@kxtimeline" for e in uploaded.timeline.events
                          if e.recurrence and overlaps(e, start, end)}
    assert recurring_in_range <= found
    assert found <= set(uploaded.sent)


def test_split_calendar_keeps_calendar_properties_and_zones() -> None:
    data = render_ics(make_timeline())
    original = Calendar.from_ical(data)
    parts = [Calendar.from_ical(p) for p in split_calendar(data)]
    assert len(parts) == len(original.walk("VEVENT"))
    assert original.walk("VTIMEZONE"), "the fixture has a timed event, so a VTIMEZONE to carry along"
    for part in parts:
        assert dict(part) == dict(original)
        assert len(part.walk("VEVENT")) == 1
        assert [z["TZID"] for z in part.walk("VTIMEZONE")] == [z["TZID"] for z in original.walk("VTIMEZONE")]


def test_expected_ranges_are_not_trivial() -> None:
    """The narrow ranges must cut the timelines somewhere, or the search test proves little."""
    seeds = _seeds_timeline()
    for name in ("april-2024", "may-2025"):
        start, end = NARROW_RANGES[name]
        hits = [e for e in seeds.events if overlaps(e, start, end)]
        assert 0 < len(hits) < len(seeds.events), name
    start, end = NARROW_RANGES["may-2025"]
    assert any(e.recurrence and overlaps(e, start, end) and event_span(e)[0] < start for e in seeds.events)
    timed = next(e for e in make_timeline().events if e.time)
    assert overlaps(timed, *NARROW_RANGES["talk-utc"])
    assert not overlaps(timed, *NARROW_RANGES["talk-floating"])
    ending_at_april = [e for e in seeds.events if _day_after(e.end) == date(2024, 4, 1)]
    assert ending_at_april, "an event whose exclusive DTEND is the range's start"
    assert not any(overlaps(e, *NARROW_RANGES["april-2024"]) for e in ending_at_april)
