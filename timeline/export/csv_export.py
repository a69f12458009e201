"""One spreadsheet row per event (RFC 4180), safe to open in Excel or LibreOffice."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from typing import Any

from timeline.export.blocks import Slice, cited_notes, every_event, render_blocks
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


class _Lines(list[str]):
    """Collects what a csv writer writes: one string a row."""

    write = list.append


def _writer(lines: _Lines) -> Any:
    return csv.writer(lines, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def render_csv(timeline: Timeline, *, excel: bool = False) -> bytes:
    """UTF-8 CSV with a header and one row per event in the timeline's order; CRLF line ends.

    ``excel=True`` starts the file with a UTF-8 byte-order mark so Excel reads the Chinese text correctly.
    """
    return join_csv(timeline, csv_blocks(timeline, every_event(timeline)).blocks, excel=excel)


def csv_blocks(timeline: Timeline, positions: Sequence[int], *, known: Mapping[str, bytes] | None = None,
               digests: Sequence[bytes] | None = None) -> Slice:
    """The rows of the events at ``positions`` as ``render_csv`` writes them, reusing those in ``known`` (see
    ``render_blocks``); a row depends on its event and the reference notes of the articles it cites."""
    notes = reference_notes(timeline)
    lines = _Lines()
    writer = _writer(lines)

    def row(event: Event) -> bytes:
        writer.writerow(_row(event, notes))
        return lines.pop().encode("utf-8")

    return render_blocks(timeline.events, positions, row, known=known, digests=digests,
                         extras=lambda event: cited_notes(event, notes))


def join_csv(timeline: Timeline, blocks: Sequence[bytes], *, excel: bool = False) -> bytes:
    """The whole CSV file: the byte-order mark if ``excel``, the header and the rows of every event
    (``blocks``, in the timeline's order)."""
    lines = _Lines()
    _writer(lines).writerow(COLUMNS)
    return ((BOM if excel else "") + lines[0]).encode("utf-8") + b"".join(blocks)
