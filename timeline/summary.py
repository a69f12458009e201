"""The one-screen build summary printed on stderr."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from timeline.model import Timeline


def printable(text: object) -> str:
    """``text`` safe for one terminal line: line breaks, escape sequences and other control or format
    characters (a file may be named ``evil\\nkxtimeline build: …``) are shown as ``\\n``, ``\\x1b``…"""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def summary_text(timeline: Timeline, written: Sequence[Path], *, verbose: bool = False,
                 timings: Mapping[str, float] | None = None) -> str:
    """Files, articles, mentions, events, how many inputs were skipped (each is named with its reason on its own
    line as it is found), articles without a basis, the outputs; with ``verbose`` also each article's reference;
    with ``timings``, the wall time of each stage."""
    undated = [a for a in timeline.articles if a.reference_date is None]
    lines = [
        f"kxtimeline build: {timeline.files} files, {len(timeline.articles)} articles, {timeline.mentions} date "
        f"mentions, {len(timeline.events)} events, {len(timeline.unresolved)} unresolved, "
        f"{len(timeline.skipped)} skipped",
    ]
    lines += [f"  no reference date: {printable(a.file)}#{a.index} {printable(a.title)} (its relative dates are left "
              "unresolved)" for a in undated]
    if verbose:
        lines += [f"  {printable(a.file)}#{a.index} {printable(a.title)}: {a.reference_date or '-'} "
                  f"({printable(a.reference_basis)}; confidence {a.confidence:.2f})" for a in timeline.articles]
    if timings:
        lines.append("  time: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in timings.items()))
    lines.append("  wrote " + ", ".join(printable(p) for p in written))
    return "\n".join(lines)


def up_to_date_text(summary: str) -> str:
    """The summary of a build that found its outputs up to date: the last build's ``summary``, saying so."""
    return summary + "\n  up to date: no input, option or output changed since the last build; nothing rewritten"
