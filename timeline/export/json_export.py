"""The machine-readable export: every article, event, citation, unresolved mention and skipped file."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache

from timeline.export.blocks import Slice, every_event, render_blocks
from timeline.export.common import generated_utc
from timeline.model import Article, Citation, Event, Skipped, Timeline, Unresolved


def _article(a: Article) -> dict[str, object]:
    return {
        "file": a.file, "index": a.index, "title": a.title, "start": a.start, "end": a.end,
        "reference_date": a.reference_date, "reference_basis": a.reference_basis, "confidence": a.confidence,
        "url": a.url, "source": a.source,
    }


def _citation(c: Citation) -> dict[str, object]:
    return {
        "file": c.file, "article": c.article, "article_title": c.article_title, "start": c.start, "end": c.end,
        "quote": c.quote, "mention": c.mention,
    }


def _event(e: Event) -> dict[str, object]:
    return {
        "id": e.id, "start": e.start, "end": e.end, "precision": e.precision, "recurrence": e.recurrence,
        "time": e.time, "approximate": e.approximate, "title": e.title, "place": e.place, "summary": e.summary,
        "parent": e.parent, "url": e.url, "sources": [_citation(c) for c in e.sources],
    }


def _unresolved(u: Unresolved) -> dict[str, object]:
    return {"file": u.file, "article": u.article, "start": u.start, "end": u.end, "text": u.text, "reason": u.reason}


def _skipped(s: Skipped) -> dict[str, object]:
    return {"path": s.path, "reason": s.reason}


def _summary(timeline: Timeline) -> dict[str, object]:
    return {
        "name": timeline.name,
        "generated": generated_utc(timeline).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": timeline.files,
        "articles": len(timeline.articles),
        "mentions": timeline.mentions,
        "events": len(timeline.events),
        "unresolved": len(timeline.unresolved),
        "skipped": len(timeline.skipped),
    }


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _record(item: dict[str, object]) -> str:
    return f"    {_encode(item)}"


@lru_cache(maxsize=65536)  # the same articles come again in every build of a session
def _article_line(article: Article) -> bytes:
    return _record(_article(article)).encode("utf-8")


def _event_line(event: Event) -> bytes:
    return _record(_event(event)).encode("utf-8")


def render_json(timeline: Timeline) -> bytes:
    """UTF-8 JSON (Chinese kept as is, trailing newline); the same timeline gives the same bytes.

    Each article, event, unresolved mention and skipped file is one line, so the file greps and diffs by
    record and is written by the json module's C encoder (an indented dump goes through its Python one)."""
    return join_json(timeline, json_blocks(timeline, every_event(timeline)).blocks)


def json_blocks(timeline: Timeline, positions: Sequence[int], *, known: Mapping[str, bytes] | None = None,
                digests: Sequence[bytes] | None = None) -> Slice:
    """The record lines of the events at ``positions`` as ``render_json`` writes them (each depends on its
    event alone), reusing those in ``known`` (see ``render_blocks``)."""
    return render_blocks(timeline.events, positions, _event_line, known=known, digests=digests)


def join_json(timeline: Timeline, blocks: Sequence[bytes]) -> bytes:
    """The whole JSON file around the record lines of every event (``blocks``, in the timeline's order)."""
    chunks = [b"{\n", *_member("articles", [_article_line(a) for a in timeline.articles]),
              b",\n", *_member("events", blocks), b",\n",
              *_member("unresolved", [_record(_unresolved(u)).encode("utf-8") for u in timeline.unresolved]),
              b",\n", *_member("skipped", [_record(_skipped(s)).encode("utf-8") for s in timeline.skipped]),
              f",\n  {_encode('summary')}: {_encode(_summary(timeline))}\n}}\n".encode()]
    # Joined once: the events alone are tens of MB at 36,000 events, and each concatenation copies them.
    return b"".join(chunks)


def _member(key: str, rows: Sequence[bytes]) -> list[bytes]:
    # A list holds one record a line; an empty one stays on the key's line.
    if not rows:
        return [f"  {_encode(key)}: []".encode()]
    return [f"  {_encode(key)}: [\n".encode(), *[piece for row in rows for piece in (b",\n", row)][1:], b"\n  ]"]
