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
from timeline.export.ics import ics_parts, join_ics, render_ics, render_ics_events
from timeline.export.json_export import render_json
from timeline.export.markdown import render_md
from timeline.model import Timeline


class Split(NamedTuple):
    """How a format is rendered in slices on several processes: ``plan(timeline, n, **options)`` gives the
    keyword arguments of each slice, ``part(timeline, **kwargs)`` renders one, ``join(timeline, blocks,
    **options)`` puts the slices' bytes together; the result equals the exporter's ``render``."""

    plan: Callable[..., list[dict[str, object]]]
    part: Callable[..., bytes]
    join: Callable[..., bytes]


class Exporter(NamedTuple):
    """A format's renderer, the name of the file it is written to, the write options it takes, and how to
    render it in slices when it is costly enough to share out."""

    render: Callable[..., bytes]
    filename: str
    options: tuple[str, ...] = ()
    split: Split | None = None


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter(render_json, "timeline.json"),
    "md": Exporter(render_md, "timeline.md"),
    "csv": Exporter(render_csv, "timeline.csv", ("excel",)),
    "ics": Exporter(render_ics, "timeline.ics", ("precision",), Split(ics_parts, render_ics_events, join_ics)),
    "html": Exporter(render_html, "timeline.html"),
}
FORMATS = ("json", "md", "csv", "ics", "html")

__all__ = ["EXPORTERS", "FORMATS", "Exporter", "OutputError", "Split", "write_outputs"]


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
# Slices per process for a format that can be split: enough to even out the load across processes.
_SLICES_PER_JOB = 2


def _render_shared(render: Callable[..., bytes], options: dict[str, object]) -> bytes:
    return render(_SHARED["timeline"], **options)


def _render_all(timeline: Timeline, exporters: Sequence[Exporter], options: dict[str, object],
                jobs: int) -> list[bytes]:
    """Each exporter's bytes, in order; in forked processes when ``jobs`` > 1 and the platform can fork, the
    costly formats cut into slices so that every process gets a fair share."""
    calls = [(e, {k: options[k] for k in e.options}) for e in exporters]
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [e.render(timeline, **kwargs) for e, kwargs in calls]
    tasks: list[list[tuple[Callable[..., bytes], dict[str, object]]]] = []
    for exporter, kwargs in calls:
        if exporter.split is None:
            tasks.append([(exporter.render, kwargs)])
        else:
            plan = exporter.split.plan(timeline, jobs * _SLICES_PER_JOB, **kwargs)
            tasks.append([(exporter.split.part, slice_kwargs) for slice_kwargs in plan])
    _SHARED["timeline"] = timeline
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            # Slices first: they are the costly formats, and short tasks last even out the processes.
            order = sorted(((len(t) > 1, n) for n, t in enumerate(tasks)), reverse=True)
            futures = {n: [pool.submit(_render_shared, render, kw) for render, kw in tasks[n]] for _, n in order}
            blocks = [[f.result() for f in futures[n]] for n in range(len(tasks))]
    finally:
        _SHARED.clear()
    return [b[0] if e.split is None else e.split.join(timeline, b, **kwargs)
            for (e, kwargs), b in zip(calls, blocks, strict=True)]
