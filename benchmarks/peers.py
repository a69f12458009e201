"""Adapters that make the peers look like ``find_dates`` for the benchmark: jionlp's ``extract_time`` and
dateparser's ``search_dates(languages=['zh'])``, each returning mention dicts with offsets and a value.

Both are optional (``pip install 'kxtimeline[bench]'``); ``available()`` names the ones that import.
A peer's value is read the way its documentation gives it: jionlp returns a first and last second, which
are mapped to day, month or year precision by the span they cover; dateparser returns one datetime, a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

Mentions = list[dict[str, Any]]


def _precision(first: dt.date, last: dt.date) -> str:
    if first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31:
        return "year"
    if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        return "month"
    return "day"


def _value(first: dt.date, last: dt.date) -> dict[str, Any]:
    precision = _precision(first, last)
    form = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[precision]
    return {"start_date": first.strftime(form), "end_date": last.strftime(form), "precision": precision}


def _base(ref: int | dt.date) -> dt.datetime:
    day = ref if isinstance(ref, dt.date) else dt.date(ref, 7, 1)
    return dt.datetime(day.year, day.month, day.day)


def jionlp_find(text: str, ref: int | dt.date) -> Mentions:
    """jionlp.ner.extract_time over ``text`` read against ``ref`` (a year is read as its 1 July)."""
    import jionlp

    out = []
    base = time.mktime(_base(ref).timetuple())
    for item in jionlp.ner.extract_time(text, time_base=base, with_parsing=True):
        start, end = item["offset"]
        mention: dict[str, Any] = {"start": start, "end": end, "start_date": None, "end_date": None,
                                   "precision": None}
        times = (item.get("detail") or {}).get("time")
        if isinstance(times, list) and len(times) == 2 and all(isinstance(t, str) for t in times):
            try:
                first = dt.date.fromisoformat(times[0][:10])
                last = dt.date.fromisoformat(times[1][:10])
                mention.update(_value(first, last))
            except ValueError:
                pass
        out.append(mention)
    return out


def dateparser_find(text: str, ref: int | dt.date) -> Mentions:
    """dateparser.search.search_dates(text, languages=['zh']) with ``ref`` as RELATIVE_BASE; offsets are found
    by searching each returned substring after the previous one."""
    from dateparser.search import search_dates

    found = search_dates(text, languages=["zh"], settings={"RELATIVE_BASE": _base(ref)}) or []
    out, position = [], 0
    for substring, when in found:
        start = text.find(substring, position)
        if start < 0:
            continue
        position = start + len(substring)
        day = when.date()
        out.append({"start": start, "end": position, **_value(day, day)})
    return out


PEERS: dict[str, Callable[[str, int | dt.date], Mentions]] = {
    "jionlp.extract_time": jionlp_find,
    "dateparser.search_dates": dateparser_find,
}


def available() -> dict[str, Callable[[str, int | dt.date], Mentions]]:
    """The peers that import in this environment."""
    usable = {}
    for name, function in PEERS.items():
        module = name.split(".")[0]
        try:
            __import__(module)
        except ImportError:
            continue
        usable[name] = function
    return usable
