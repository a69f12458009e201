"""Exporters: each renders a whole :class:`~timeline.model.Timeline` to bytes; ``write_outputs`` saves them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from timeline.export.atomic import OutputError, Staged, commit_all, stage_atomic
from timeline.export.blocks import BlockMemo, Slice, event_digests, every_event, slice_bounds
from timeline.export.csv_export import csv_blocks, join_csv, render_csv
from timeline.export.html import html_blocks, join_html, render_html
from timeline.export.ics import ics_blocks, ics_positions, join_ics, render_ics
from timeline.export.json_export import join_json, json_blocks, render_json
from timeline.export.markdown import join_md, md_blocks, render_md
from timeline.forkpool import can_fork, forked_pool, shared, sharing
from timeline.model import Timeline


class Split(NamedTuple):
    """How a format is rendered as per-event blocks, in slices on several processes: ``positions(timeline,
    **options)`` are the events that have a block, in the order ``join`` takes them; ``part(timeline, positions,
    known=..., digests=...)`` renders the blocks of some of them as a :class:`~timeline.export.blocks.Slice`
    (reusing the blocks in ``known`` when it is not None); ``join(timeline, blocks, **options)`` puts every
    block together with what the format renders around them. The result equals the format's ``render``."""

    positions: Callable[..., Sequence[int]]
    part: Callable[..., Slice]
    join: Callable[..., bytes]


class FragmentStore(Protocol):
    """Where the per-event blocks of a format are kept between builds (the build cache)."""

    def fragment_keys(self, kind: str) -> set[str]:
        """The keys of every block kept for format ``kind`` by this version of the code."""
        ...

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        """Every block kept for format ``kind`` by this version of the code, by key."""
        ...

    def store_fragments(self, kind: str, rendered: Mapping[str, bytes], reused: Iterable[str]) -> None:
        """Keep the blocks rendered now and mark those reused; blocks of ``kind`` neither are may go."""
        ...


class Exporter(NamedTuple):
    """A format's renderer, the name of the file it is written to, the write options it takes (given to
    ``render`` and to the split's ``positions`` and ``join``), and how to render it in per-event blocks (without
    a split, it is rendered whole each time)."""

    render: Callable[..., bytes]
    filename: str
    options: tuple[str, ...] = ()
    split: Split | None = None


def _every_event(timeline: Timeline, **_options: object) -> range:
    return every_event(timeline)


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter(render_json, "timeline.json", (), Split(_every_event, json_blocks, join_json)),
    "md": Exporter(render_md, "timeline.md", (), Split(_every_event, md_blocks, join_md)),
    "csv": Exporter(render_csv, "timeline.csv", ("excel",), Split(_every_event, csv_blocks, join_csv)),
    "ics": Exporter(render_ics, "timeline.ics", ("precision",), Split(ics_positions, ics_blocks, join_ics)),
    "html": Exporter(render_html, "timeline.html", (), Split(_every_event, html_blocks, join_html)),
}
FORMATS = ("json", "md", "csv", "ics", "html")

__all__ = ["EXPORTERS", "FORMATS", "Exporter", "FragmentStore", "OutputError", "Split", "write_outputs"]


def write_outputs(timeline: Timeline, out_dir: Path, formats: Sequence[str], *, ics_precision: str = "year",
                  excel: bool = False, jobs: int = 1, fragments: FragmentStore | None = None,
                  block_memo: BlockMemo | None = None) -> list[Path]:
    """Render every format in ``formats`` and write each into ``out_dir`` atomically; return the paths written.

    ``ics_precision`` is the coarsest precision the ICS keeps (``day``, ``month`` or ``year``: all events);
    ``excel`` starts the CSV with a UTF-8 byte-order mark. All formats are rendered before any file is written,
    so a renderer that fails leaves every existing output as it was. With ``jobs`` > 1 the formats are rendered
    in that many forked processes, each format cut into slices of its events; with ``fragments``, the per-event
    blocks that an earlier build rendered and that nothing they depend on has changed since are reused, and
    the blocks of this build are kept there. Either way the bytes are the same. Raises ``ValueError`` for an unknown
    format or precision and :class:`OutputError` when a file cannot be written.
    """
    options: dict[str, object] = {"precision": ics_precision, "excel": excel}
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    chosen = list(dict.fromkeys(formats))
    # Each file is staged as soon as it is rendered, so only one format's bytes are held at a time, and all
    # are put in place once every one is written.
    staged: list[Staged] = []
    try:
        for kind, data in _render_all(timeline, chosen, options, jobs, fragments, block_memo):
            staged.append(stage_atomic(out_dir / EXPORTERS[kind].filename, data))
            del data
        commit_all(staged)
    except BaseException:
        for file in staged:
            file.discard()
        raise
    return [out_dir / EXPORTERS[f].filename for f in chosen]


# Slices per process and format: enough to even out the load across processes.
_SLICES_PER_JOB = 2
# Formats by the cost of rendering an event (10 MB corpus, serial), so the pool starts on the long tasks.
_COSTLIEST_FIRST = ("ics", "md", "html", "json", "csv")


def _render_whole(render: Callable[..., bytes], options: dict[str, object]) -> bytes:
    return render(shared("timeline"), **options)


def _render_slice(part: Callable[..., Slice], kind: str, positions: Sequence[int]) -> Slice:
    # Blocks of an earlier build go back to the parent by key alone: it has them already.
    known = shared("known").get(kind)
    return part(shared("timeline"), positions, known=known, digests=shared("digests")).sendable()


_Task = tuple[Callable[..., Any], tuple[Any, ...]]


def _tasks(timeline: Timeline, kind: str, options: dict[str, object], parts: int) -> list[_Task]:
    """The calls that render format ``kind``: one per slice of its events, or one for the whole file."""
    exporter = EXPORTERS[kind]
    if exporter.split is None:
        return [(_render_whole, (exporter.render, options))]
    positions = exporter.split.positions(timeline, **options)
    return [(_render_slice, (exporter.split.part, kind, positions[first:stop]))
            for first, stop in slice_bounds(len(positions), parts)]


def _render_all(timeline: Timeline, formats: Sequence[str], options: dict[str, object], jobs: int,
                fragments: FragmentStore | None, block_memo: BlockMemo | None
                ) -> Iterator[tuple[str, bytes]]:
    """Each format with its bytes, one at a time as they are ready (the costliest first); in forked processes
    when ``jobs`` > 1 and the platform can fork, every format that can be cut into slices cut so that every
    process gets a fair share. A format's slices are let go as soon as its file is joined, and the joins run
    while the processes render the other formats."""
    calls = [(f, {k: options[k] for k in EXPORTERS[f].options}) for f in formats]
    split = [kind for kind, _ in calls if EXPORTERS[kind].split is not None]
    # The processes only need to know which blocks are kept (each stands as an empty placeholder); the blocks
    # are read one format at a time when its file is joined, so a rebuild never holds every format's at once.
    known = {kind: dict.fromkeys(fragments.fragment_keys(kind), b"") for kind in split} if fragments else {}
    # One digest per event, shared by every format's keys (the forked processes inherit it).
    digests = event_digests(timeline.events, block_memo) if fragments and split else None
    parallel = jobs > 1 and can_fork() and not _few_to_render(known, digests)
    tasks = [_tasks(timeline, kind, kwargs, jobs * _SLICES_PER_JOB if parallel else 1) for kind, kwargs in calls]
    order = sorted(range(len(calls)), key=lambda n: _costliest_first(calls[n][0]))
    if parallel:
        with forked_pool(jobs, timeline=timeline, known=known, digests=digests) as pool:
            futures = {n: [pool.submit(call, *args) for call, args in tasks[n]] for n in order}
            for n in order:
                kind, kwargs = calls[n]
                result = [f.result() for f in futures.pop(n)]
                yield kind, _finish(timeline, kind, kwargs, result, fragments)
        return
    with sharing(timeline=timeline, known=known, digests=digests):
        for n in order:
            kind, kwargs = calls[n]
            result = [call(*args) for call, args in tasks[n]]
            yield kind, _finish(timeline, kind, kwargs, result, fragments)


# A rebuild with at most this many events to render does it in this process: starting processes costs more.
_SERIAL_UP_TO = 200


def _few_to_render(known: Mapping[str, Mapping[str, bytes]], digests: Sequence[bytes] | None) -> bool:
    """Whether a rebuild has only a few events to render, counted in a format whose blocks depend on their
    event alone (JSON or Markdown: the key is the event's digest); other formats may have a few more."""
    kept = known.get("json") or known.get("md")
    if digests is None or kept is None:
        return False
    return sum(1 for digest in digests if digest.hex() not in kept) <= _SERIAL_UP_TO


def _costliest_first(kind: str) -> int:
    return _COSTLIEST_FIRST.index(kind) if kind in _COSTLIEST_FIRST else len(_COSTLIEST_FIRST)


def _finish(timeline: Timeline, kind: str, options: dict[str, object], result: list[Any],
            fragments: FragmentStore | None) -> bytes:
    """The file of format ``kind`` from its tasks' results, with the kept blocks they name read from
    ``fragments``; the blocks rendered now go there."""
    split = EXPORTERS[kind].split
    if split is None:
        return result[0]
    kept = fragments.load_fragments(kind) if fragments is not None and any(p.reused() for p in result) else {}
    if any(k not in kept for piece in result for k in piece.reused()):
        # A kept block could not be read back (the cache failed between the two reads): render the format anew.
        result = [split.part(timeline, split.positions(timeline, **options), known=None)]
    pieces = [piece.restored(kept) for piece in result]
    data = split.join(timeline, [block for piece in pieces for block in piece.blocks], **options)
    if fragments is not None:
        fragments.store_fragments(kind, {k: v for piece in pieces for k, v in piece.fragments.items()},
                                  [k for piece in pieces for k in piece.reused()])
    return data
