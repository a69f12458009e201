"""``kxtimeline show``: the chronology of a finished build as a table in the terminal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from timeline.export.cndate import format_span


class ShowError(Exception):
    """The build's timeline.json is missing or unreadable."""


def display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK and full-width characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def load_events(out_dir: Path) -> list[dict[str, object]]:
    """The events of ``out_dir/timeline.json``, in the build's order. Raises ShowError with the path and why."""
    path = out_dir / "timeline.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        events = data["events"]
    except FileNotFoundError as exc:
        raise ShowError(f"{path}: not found (run kxtimeline build first)") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ShowError(f"{path}: not a kxtimeline timeline ({exc})") from exc
    if not isinstance(events, list):
        raise ShowError(f"{path}: not a kxtimeline timeline (events is not a list)")
    return events


def select(events: Sequence[dict[str, object]], *, year: int | None = None, search: str | None = None) -> list[dict]:
    """Events touching ``year`` (if given) whose title, place or quotes contain ``search`` (if given)."""
    chosen = []
    for event in events:
        start, end = str(event["start"]), str(event["end"])
        if year is not None and not int(start[:4]) <= year <= int(end[:4]):
            continue
        if search:
            haystack = " ".join([str(event.get("title") or ""), str(event.get("place") or "")]
                                + [str(s.get("quote", "")) for s in event.get("sources", [])])  # type: ignore[union-attr]
            if search not in haystack:
                continue
        chosen.append(event)
    return chosen


def render_table(events: Sequence[dict[str, object]]) -> str:
    """A table with the Chinese date label, the title, the place and how many sources report the event."""
    if not events:
        return "(no events)"
    rows = [("日期", "事件", "地点", "来源")]
    for event in events:
        label = format_span(str(event["start"]), str(event["end"]))
        if event.get("recurrence"):
            label += "（每年）" if "YEARLY" in str(event["recurrence"]) else "（重复）"
        rows.append((label, str(event.get("title") or ""), str(event.get("place") or "-"),
                     str(len(event.get("sources", [])))))  # type: ignore[arg-type]
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c + " " * (w - display_width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)
