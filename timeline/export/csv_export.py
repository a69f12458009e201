"""One spreadsheet row per event (RFC 4180), safe to open in Excel or LibreOffice."""

from __future__ import annotations

import csv
import io

from timeline.export.common import reference_notes
from timeline.model import Event, Timeline

COLUMNS = ("id", "start", "end", "precision", "recurrence", "title", "place", "summary", "sources", "articles")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (OWASP CSV injection advice)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _sources(event: Event) -> str:
    return "\n".join(f"{c.quote} ({c.file}:{c.start}-{c.end})" for c in event.sources)


def _articles(event: Event, notes: dict[tuple[str, int], str]) -> str:
    seen = dict.fromkeys(f"{c.file}#{c.article} {c.article_title} [{notes.get((c.file, c.article), '')}]"
                         for c in event.sources)
    return "; ".join(seen)


def _row(event: Event, notes: dict[tuple[str, int], str]) -> list[str]:
    cells = [
        event.id, event.start, event.end, event.precision, event.recurrence or "", event.title,
        event.place or "", event.summary, _sources(event), _articles(event, notes),
    ]
    return [neutralise(cell) for cell in cells]


def render_csv(timeline: Timeline, *, excel: bool = False) -> bytes:
    """UTF-8 CSV with a header and one row per event in the timeline's order; CRLF line ends.

    ``excel=True`` starts the file with a UTF-8 byte-order mark so Excel reads the Chinese text correctly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    notes = reference_notes(timeline)
    writer.writerows(_row(e, notes) for e in timeline.events)
    return ((BOM if excel else "") + buffer.getvalue()).encode("utf-8")
