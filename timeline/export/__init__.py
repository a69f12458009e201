"""Exporters: each renders a whole :class:`~timeline.model.Timeline` to bytes; ``write_outputs`` saves them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from timeline.export.atomic import OutputError, write_atomic
from timeline.export.common import Slice
from timeline.export.csv_export import render_csv
from timeline.export.html import render_html
from timeline.export.ics import ics_parts, join_ics, render_ics, render_ics_events
from timeline.export.json_export import render_json
from timeline.export.markdown import render_md
from timeline.forkpool import can_fork, forked_pool, shared, sharing
from timeline.model import Timeline


class Split(NamedTuple):
    """How a format is rendered in slices on several processes: ``plan(timeline, n, **options)`` gives the
    keyword arguments of each slice, ``part(timeline, known=..., **kwargs)`` renders one as a
    :class:`~timeline.export.common.Slice` (reusing the blocks in ``known`` when it is not None),
    ``join(timeline, blocks, **options)`` puts the slices' bytes together; the result equals ``render``."""

    plan: Callable[..., list[dict[str, object]]]
    part: Callable[..., Slice]
    join: Callable[..., bytes]


class FragmentStore(Protocol):
    """Where the per-event blocks of a format are kept between builds (the build cache)."""

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        """Every block kept for format ``kind`` by this version of the code, by key."""
        ...

    def store_fragments(self, kind: str, rendered: Mapping[str, bytes], reused: Iterable[str]) -> None:
        """Keep the blocks rendered now and mark those reused; blocks of ``kind`` neither are may go."""
        ...


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

__all__ = ["EXPORTERS", "FORMATS", "Exporter", "FragmentStore", "OutputError", "Split", "write_outputs"]


def write_outputs(timeline: Timeline, out_dir: Path, formats: Sequence[str], *, ics_precision: str = "year",
                  excel: bool = False, jobs: int = 1, fragments: FragmentStore | None = None) -> list[Path]:
    """Render every format in ``formats`` and write each into ``out_dir`` atomically; return the paths written.

    ``ics_precision`` is the coarsest precision the ICS keeps (``day``, ``month`` or ``year``: all events);
    ``excel`` starts the CSV with a UTF-8 byte-order mark. All formats are rendered before any file is written,
    so a renderer that fails leaves every existing output as it was. With ``jobs`` > 1 the formats are rendered
    in that many forked processes; with ``fragments``, the per-event blocks of a costly format (the ICS) that an
    earlier build rendered are reused. Either way the bytes are the same. Raises ``ValueError`` for an unknown
    format or precision and :class:`OutputError` when a file cannot be written.
    """
    options: dict[str, object] = {"precision": ics_precision, "excel": excel}
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    chosen = list(dict.fromkeys(formats))
    payloads = _render_all(timeline, chosen, options, jobs, fragments)
    rendered = [(out_dir / EXPORTERS[f].filename, data) for f, data in zip(chosen, payloads, strict=True)]
    for path, data in rendered:
        write_atomic(path, data)
    return [path for path, _ in rendered]


# Slices per process for a format that can be split: enough to even out the load across processes.
_SLICES_PER_JOB = 2


def _render_whole(render: Callable[..., bytes], options: dict[str, object]) -> bytes:
    return render(shared("timeline"), **options)


def _render_slice(part: Callable[..., Slice], kind: str, options: dict[str, object]) -> Slice:
    return part(shared("timeline"), known=shared("known").get(kind), **options)


def _render_all(timeline: Timeline, formats: Sequence[str], options: dict[str, object], jobs: int,
                fragments: FragmentStore | None) -> list[bytes]:
    """Each format's bytes, in order; in forked processes when ``jobs`` > 1 and the platform can fork, the
    costly formats cut into slices so that every process gets a fair share."""
    parallel = jobs > 1 and can_fork()
    calls = [(f, EXPORTERS[f], {k: options[k] for k in EXPORTERS[f].options}) for f in formats]
    tasks: list[list[tuple[Callable[..., Any], tuple[Any, ...]]]] = []
    for kind, exporter, kwargs in calls:
        if exporter.split is None:
            tasks.append([(_render_whole, (exporter.render, kwargs))])
        else:
            plan = exporter.split.plan(timeline, jobs * _SLICES_PER_JOB if parallel else 1, **kwargs)
            tasks.append([(_render_slice, (exporter.split.part, kind, kw)) for kw in plan])
    known = {kind: fragments.load_fragments(kind) for kind, e, _ in calls if e.split} if fragments else {}
    if parallel:
        with forked_pool(jobs, timeline=timeline, known=known) as pool:
            # Slices first: they are the costly formats, and short tasks last even out the processes.
            order = sorted(((len(t) > 1, n) for n, t in enumerate(tasks)), reverse=True)
            futures = {n: [pool.submit(call, *args) for call, args in tasks[n]] for _, n in order}
            results = [[f.result() for f in futures[n]] for n in range(len(tasks))]
    else:
        with sharing(timeline=timeline, known=known):
            results = [[call(*args) for call, args in task] for task in tasks]
    payloads = []
    for (kind, exporter, kwargs), result in zip(calls, results, strict=True):
        if exporter.split is None:
            payloads.append(result[0])
            continue
        payloads.append(exporter.split.join(timeline, [piece.data for piece in result], **kwargs))
        if fragments is not None:
            fragments.store_fragments(kind, {k: v for piece in result for k, v in piece.fragments.items()},
                                      [k for piece in result for k in piece.reused])
    return payloads
