"""Exporters: each renders a whole :class:`~timeline.model.Timeline` to bytes; ``write_outputs`` saves them."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
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
                  excel: bool = False, jobs: int = 1) -> list[Path]:
    """Render every format in ``formats`` and write each into ``out_dir`` atomically; return the paths written.

    ``ics_precision`` is the coarsest precision the ICS keeps (``day``, ``month`` or ``year``: all events);
    ``excel`` starts the CSV with a UTF-8 byte-order mark. All formats are rendered before any file is written,
    so a renderer that fails leaves every existing output as it was. With ``jobs`` > 1 the formats are rendered
    in that many forked processes (the same bytes). Raises ``ValueError`` for an unknown format or precision and
    :class:`OutputError` when a file cannot be written.
    """
    options: dict[str, object] = {"precision": ics_precision, "excel": excel}
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    chosen = list(dict.fromkeys(formats))
    exporters = [EXPORTERS[f] for f in chosen]
    payloads = _render_all(timeline, exporters, options, jobs)
    rendered = [(out_dir / e.filename, data) for e, data in zip(exporters, payloads, strict=True)]
    for path, data in rendered:
        write_atomic(path, data)
    return [path for path, _ in rendered]


# The timeline a forked renderer reads: set before the pool forks, so it is shared, not pickled.
_SHARED: dict[str, object] = {}


def _render_shared(render: Callable[..., bytes], options: dict[str, object]) -> bytes:
    return render(_SHARED["timeline"], **options)


def _render_all(timeline: Timeline, exporters: Sequence[Exporter], options: dict[str, object],
                jobs: int) -> list[bytes]:
    """Each exporter's bytes, in order; in forked processes when ``jobs`` > 1 and the platform can fork."""
    calls = [(e.render, {k: options[k] for k in e.options}) for e in exporters]
    if jobs <= 1 or len(calls) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [render(timeline, **kwargs) for render, kwargs in calls]
    _SHARED["timeline"] = timeline
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(calls)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_render_shared, render, kwargs) for render, kwargs in calls]
            return [future.result() for future in futures]
    finally:
        _SHARED.clear()
