"""Exporters: each renders a whole :class:`~timeline.model.Timeline` to bytes; ``write_outputs`` saves them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from timeline.export.atomic import OutputError, write_atomic
from timeline.export.csv_export import render_csv
from timeline.export.html import render_html
from timeline.export.ics import render_ics
from timeline.export.json_export import render_json
from timeline.export.markdown import render_md
from timeline.model import Timeline


class Exporter(NamedTuple):
    """A format's renderer, the name of the file it is written to, and the write options it takes."""

    render: Callable[..., bytes]
    filename: str
    options: tuple[str, ...] = ()


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter(render_json, "timeline.json"),
    "md": Exporter(render_md, "timeline.md"),
    "csv": Exporter(render_csv, "timeline.csv", ("excel",)),
    "ics": Exporter(render_ics, "timeline.ics", ("precision",)),
    "html": Exporter(render_html, "timeline.html"),
}
FORMATS = ("json", "md", "csv", "ics", "html")

__all__ = ["EXPORTERS", "FORMATS", "Exporter", "OutputError", "write_outputs"]


def write_outputs(timeline: Timeline, out_dir: Path, formats: Sequence[str], *, ics_precision: str = "year",
                  excel: bool = False) -> list[Path]:
    """Render every format in ``formats`` and write each into ``out_dir`` atomically; return the paths written.

    ``ics_precision`` is the coarsest precision the ICS keeps (``day``, ``month`` or ``year``: all events);
    ``excel`` starts the CSV with a UTF-8 byte-order mark. All formats are rendered before any file is written,
    so a renderer that fails leaves every existing output as it was. Raises ``ValueError`` for an unknown format
    or precision and :class:`OutputError` when a file cannot be written.
    """
    options: dict[str, object] = {"precision": ics_precision, "excel": excel}
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    chosen = list(dict.fromkeys(formats))
    exporters = [EXPORTERS[f] for f in chosen]
    rendered = [(out_dir / e.filename, e.render(timeline, **{k: options[k] for k in e.options})) for e in exporters]
    for path, data in rendered:
        write_atomic(path, data)
    return [path for path, _ in rendered]
