"""The machine-readable export: every article, event, citation, unresolved mention and skipped file."""

from __future__ import annotations

import json

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


def to_document(timeline: Timeline) -> dict[str, object]:
    """The JSON document as Python data, keys in the documented order, lists in the timeline's order."""
    return {
        "articles": [_article(a) for a in timeline.articles],
        "events": [_event(e) for e in timeline.events],
        "unresolved": [_unresolved(u) for u in timeline.unresolved],
        "skipped": [_skipped(s) for s in timeline.skipped],
        "summary": {
            "name": timeline.name,
            "generated": generated_utc(timeline).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files": timeline.files,
            "articles": len(timeline.articles),
            "mentions": timeline.mentions,
            "events": len(timeline.events),
            "unresolved": len(timeline.unresolved),
            "skipped": len(timeline.skipped),
        },
    }


def render_json(timeline: Timeline) -> bytes:
    """UTF-8 JSON (Chinese kept as is, trailing newline); the same timeline gives the same bytes.

    Each article, event, unresolved mention and skipped file is one line, so the file greps and diffs by
    record and is written by the json module's C encoder (an indented dump goes through its Python one)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    members = []
    for key, value in to_document(timeline).items():
        if isinstance(value, list) and value:
            rows = ",\n".join(f"    {encode(item)}" for item in value)
            members.append(f"  {encode(key)}: [\n{rows}\n  ]")
        else:
            members.append(f"  {encode(key)}: {encode(value)}")
    return ("{\n" + ",\n".join(members) + "\n}\n").encode("utf-8")
