"""Chinese-style date labels for ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` values and inclusive spans."""

from __future__ import annotations

from functools import lru_cache

DASH = "—"


@lru_cache(maxsize=65536)  # a chronology names a few thousand distinct dates, each many times
def _parts(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split("-"))


@lru_cache(maxsize=65536)
def format_date(value: str) -> str:
    """One value at its own precision: ``2024年4月16日``, ``2023年12月`` or ``2018年``."""
    parts = _parts(value)
    text = f"{parts[0]}年"
    if len(parts) > 1:
        text += f"{parts[1]}月"
    if len(parts) > 2:
        text += f"{parts[2]}日"
    return text


@lru_cache(maxsize=65536)
def format_span(start: str, end: str) -> str:
    """An inclusive span, naming shared year and month once.

    ``2026年3月11日—13日``, ``2026年5月22日—6月1日``, ``2023年12月28日—2024年1月3日``, ``2026年4月—5月``,
    ``2021—2023年``; a single value when ``start == end``.
    """
    if start == end:
        return format_date(start)
    first, last = _parts(start), _parts(end)
    if len(first) != len(last):
        return f"{format_date(start)}{DASH}{format_date(end)}"
    if len(first) == 1:
        return f"{first[0]}{DASH}{last[0]}年"
    if first[0] != last[0]:
        return f"{format_date(start)}{DASH}{format_date(end)}"
    if len(first) == 2:
        return f"{first[0]}年{first[1]}月{DASH}{last[1]}月"
    if first[1] != last[1]:
        return f"{format_date(start)}{DASH}{last[1]}月{last[2]}日"
    return f"{format_date(start)}{DASH}{last[2]}日"


@lru_cache(maxsize=65536)
def sort_key(value: str) -> tuple[int, int, int]:
    """Order values by start; a coarser value sorts before the finer values inside it."""
    parts = _parts(value)
    return (parts[0], parts[1] if len(parts) > 1 else 0, parts[2] if len(parts) > 2 else 0)


@lru_cache(maxsize=65536)
def end_key(value: str) -> tuple[int, int, int]:
    """Order values by their last day: ``2024`` counts as later than ``2024-12-31``."""
    parts = _parts(value)
    return (parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 32)
