"""Whether the outputs already in place are what a build would write: then it need not run at all.

A build's fingerprint digests every input (each file's cache key: its path, text, metadata and the engine's
version), the inputs that were skipped and why, and every option that shapes the outputs. After writing, the
build records the fingerprint and each output's size, modification time and inode in the build cache. A later
build with the same fingerprint whose outputs still stand as recorded has nothing to do; any change to an
input, an option, the engine or an output (edited, deleted, replaced) makes it build as usual.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.cache import BuildCache
from timeline.model import Skipped

# Where the build cache keeps the record (one per output folder: the cache lives in it).
RECORD_KEY = "last-build"


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What the last build wrote: its fingerprint, the state of each output it left (name, size, mtime in
    nanoseconds, inode) and its summary lines, plain and verbose (without timings)."""

    fingerprint: str
    outputs: tuple[tuple[str, int, int, int], ...]
    summary: str
    verbose_summary: str


def fingerprint(input_keys: Sequence[str], skipped: Sequence[Skipped], settings: Mapping[str, Any]) -> str:
    """The digest of a build's inputs in order (their cache keys), its skipped inputs with their reasons and
    its output ``settings`` (JSON-serialisable): equal fingerprints, equal outputs."""
    payload = json.dumps([list(input_keys), [[s.path, s.reason] for s in skipped], dict(sorted(settings.items()))],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def output_states(paths: Sequence[Path]) -> tuple[tuple[str, int, int, int], ...] | None:
    """(name, size, mtime_ns, inode) of each of ``paths``, or None when one cannot be read."""
    states = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        states.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(states)


def still_current(record: BuildRecord | None, build_fingerprint: str, out_dir: Path) -> bool:
    """Whether ``record`` is of a build with ``build_fingerprint`` whose outputs in ``out_dir`` are untouched."""
    if record is None or record.fingerprint != build_fingerprint or not record.outputs:
        return False
    return output_states([out_dir / name for name, *_ in record.outputs]) == record.outputs


def record_to_json(record: BuildRecord) -> dict[str, Any]:
    """A BuildRecord as plain JSON data."""
    return {"fingerprint": record.fingerprint, "outputs": [list(o) for o in record.outputs],
            "summary": record.summary, "verbose_summary": record.verbose_summary}


def record_from_json(data: Any) -> BuildRecord | None:
    """The BuildRecord ``record_to_json`` stored, or None for anything else."""
    try:
        outputs = tuple((str(n), int(s), int(m), int(i)) for n, s, m, i in data["outputs"])
        return BuildRecord(str(data["fingerprint"]), outputs, str(data["summary"]), str(data["verbose_summary"]))
    except (KeyError, TypeError, ValueError):
        return None


class BuildState:
    """A build's fingerprint against the record the cache keeps for its output folder."""

    def __init__(self, build_cache: BuildCache, input_keys: Sequence[str], skipped: Sequence[Skipped],
                 settings: Mapping[str, Any], out_dir: Path) -> None:
        self.cache = build_cache
        self.out_dir = out_dir
        self.fingerprint = fingerprint(input_keys, skipped, settings)

    def current(self) -> BuildRecord | None:
        """The record of the last build when its outputs are exactly what this build would write."""
        record = record_from_json(self.cache.get_meta(RECORD_KEY))
        return record if still_current(record, self.fingerprint, self.out_dir) else None

    def remember(self, written: Sequence[Path], summary: str, verbose_summary: str) -> None:
        """Record the outputs this build has just put in place, with its summary lines."""
        states = output_states(written)
        if states is not None:
            self.cache.put_meta(RECORD_KEY, record_to_json(
                BuildRecord(self.fingerprint, states, summary, verbose_summary)))
