"""The one-screen build summary printed on stderr."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from timeline.model import Timeline


def summary_text(timeline: Timeline, written: Sequence[Path], *, verbose: bool = False) -> str:
    """Files, articles, mentions, events, what was skipped and why, articles without a basis, outputs."""
    undated = [a for a in timeline.articles if a.reference_date is None]
    lines = [
        f"kxtimeline build: {timeline.files} files, {len(timeline.articles)} articles, {timeline.mentions} date "
        f"mentions, {len(timeline.events)} events, {len(timeline.unresolved)} unresolved, "
        f"{len(timeline.skipped)} skipped",
    ]
    lines += [f"  skipped {s.path}: {s.reason}" for s in timeline.skipped]
    lines += [f"  no reference date: {a.file}#{a.index} {a.title} (its relative dates are left unresolved)"
              for a in undated]
    if verbose:
        lines += [f"  {a.file}#{a.index} {a.title}: {a.reference_date or '-'} ({a.reference_basis}; "
                  f"confidence {a.confidence:.2f})" for a in timeline.articles]
    lines.append("  wrote " + ", ".join(str(p) for p in written))
    return "\n".join(lines)
