"""A build from the files to the written outputs, and a session of builds that keeps its work in memory.

``kxtimeline build`` runs one build in a session that keeps nothing. ``kxtimeline watch`` keeps one session
for as long as it runs: each file's decoded text, its results by cache key, the merge's comparisons of each
value group and every format's rendered blocks stay in memory, so a rebuild after one file changed reads,
merges and renders only what that file touched, and writes the outputs. The outputs of a rebuild are the
bytes a new ``kxtimeline build`` would write (tests check it after edits, additions and removals).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from timeline import cache
from timeline.build import Runner, build_timeline, source_date_epoch
from timeline.export import write_outputs
from timeline.export.blocks import BlockMemo
from timeline.freshness import BuildRecord, BuildState
from timeline.gcpause import collector_paused
from timeline.merge import MergeMemo
from timeline.model import Skipped, Timeline
from timeline.runner import LocalRunner, RunnerMemo, terminal_progress
from timeline.sources import LoadResult
from timeline.summary import summary_text


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """Everything about a build but its inputs: where and what it writes, and how it runs."""

    out_dir: Path
    name: str
    formats: tuple[str, ...]
    ics_precision: str = "year"
    excel: bool = False
    jobs: int = 1
    use_cache: bool = True  # keep results in OUT/.kxtimeline-cache.sqlite and skip a build that is up to date
    quiet: bool = False  # no progress bar
    strict: bool = False  # write nothing when the engine fails on a file


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """What one build did: the timeline and the outputs written, or (``timeline`` None) the record of the last
    build when the outputs were up to date; the wall seconds of each stage; how many files it computed; the
    files the engine failed on (also among the timeline's skipped), each with its reason."""

    timeline: Timeline | None
    written: tuple[Path, ...] = ()
    record: BuildRecord | None = None
    timings: dict[str, float] = field(default_factory=dict)
    computed: int = 0
    failed: tuple[Skipped, ...] = ()


class KeptFragments:
    """Every format's rendered blocks by key, kept in memory between the builds of a session, over the build
    cache (which still receives each new block, for a later build in a new process)."""

    def __init__(self, backing: cache.BuildCache | None) -> None:
        self.backing = backing
        self.blocks: dict[str, dict[str, bytes]] = {}

    def _of(self, kind: str) -> dict[str, bytes]:
        if kind not in self.blocks:
            self.blocks[kind] = self.backing.load_fragments(kind) if self.backing is not None else {}
        return self.blocks[kind]

    def fragment_keys(self, kind: str) -> set[str]:
        """The keys of the blocks of format ``kind`` kept by the session (or, at first, by the cache)."""
        return set(self._of(kind))

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        """The blocks of format ``kind`` kept, by key."""
        return self._of(kind)

    def store_fragments(self, kind: str, rendered: Mapping[str, bytes], reused: Iterable[str]) -> None:
        """Keep the blocks of ``kind`` this build rendered or reused, and no others; pass them to the cache."""
        reused = list(reused)
        kept = self._of(kind)
        self.blocks[kind] = {**{key: kept[key] for key in reused if key in kept}, **rendered}
        if self.backing is not None:
            self.backing.store_fragments(kind, rendered, reused)


class BuildSession:
    """Builds into ``settings.out_dir``, one after another. With ``remember`` (``kxtimeline watch``), what one
    build worked out is kept in memory for the next; a session over an external ``runner`` (Dask) uses no
    cache. ``close`` saves the cache."""

    def __init__(self, settings: BuildSettings, *, remember: bool = False, runner: Runner | None = None) -> None:
        if remember and not settings.use_cache:
            raise ValueError("a remembering session keeps results by their cache keys: it needs the cache")
        self.settings = settings
        self.remember = remember
        self._external = runner
        self._cache = (cache.BuildCache(settings.out_dir / cache.CACHE_NAME)
                       if settings.use_cache and runner is None else None)
        self._runner_memo = RunnerMemo()
        self._merge = MergeMemo()
        self._blocks = BlockMemo()
        self._fragments = KeptFragments(self._cache) if remember else self._cache

    def build(self, loaded: LoadResult, timings: dict[str, float] | None = None) -> BuildOutcome:
        """Build the timeline of ``loaded`` and write the outputs (atomically); or, with the cache, write
        nothing when the last build's outputs are exactly what this one would write. ``timings`` (the load
        stage, when measured) is completed with the other stages. A file the engine fails on is left out and
        named in the outcome's ``failed``; with ``settings.strict``, nothing is then written. Raises
        ``OutputError`` when an output cannot be written (those written before stay as they were)."""
        with collector_paused():
            return self._build(loaded, dict(timings or {}))

    def _build(self, loaded: LoadResult, timings: dict[str, float]) -> BuildOutcome:
        settings = self.settings
        tick, close_bar = terminal_progress(2 * len(loaded.files), settings.quiet)
        runner = self._external or LocalRunner(settings.jobs, self._cache, tick,
                                               self._runner_memo if self.remember else None)
        generated = source_date_epoch()
        prune = True
        try:
            state = None
            if self._cache is not None and isinstance(runner, LocalRunner):
                fingerprinted = {"name": settings.name, "formats": list(settings.formats),
                                 "ics_precision": settings.ics_precision, "excel": settings.excel,
                                 "generated": generated.isoformat() if generated else None}
                state = BuildState(self._cache, runner.input_keys(loaded.files), loaded.skipped, fingerprinted,
                                   settings.out_dir)
                if (record := state.current()) is not None:
                    prune = False  # nothing was used, and nothing must go
                    return BuildOutcome(None, record=record, timings=timings)
            timeline = build_timeline(loaded.files, name=settings.name, generated=generated, skipped=loaded.skipped,
                                      runner=runner, jobs=settings.jobs, timings=timings,
                                      merge_memo=self._merge if self.remember else None)
            failed = timeline.skipped[len(loaded.skipped):]  # build_timeline adds the engine's failures last
            computed = runner.computed if isinstance(runner, LocalRunner) else len(loaded.files)
            if failed and settings.strict:
                return BuildOutcome(timeline, (), None, timings, computed, failed)
            started = time.perf_counter()
            written = write_outputs(timeline, settings.out_dir, settings.formats,
                                    ics_precision=settings.ics_precision, excel=settings.excel, jobs=settings.jobs,
                                    fragments=self._fragments, block_memo=self._blocks if self.remember else None)
            if state is not None and not failed:  # with a failure, the next build must try that file again
                state.remember(written, summary_text(timeline, written),
                               summary_text(timeline, written, verbose=True))
            timings["write"] = time.perf_counter() - started
            return BuildOutcome(timeline, tuple(written), None, timings, computed, failed)
        finally:
            close_bar()
            if self._cache is not None:
                # A session prunes once, when it closes: pruning reads every key of the cache, which would cost a
                # rebuild more than the rest of its bookkeeping.
                self._cache.checkpoint(prune=prune and not self.remember)
            if self.remember and prune:
                self._runner_memo.sweep()
                self._merge.sweep()
                self._blocks.sweep()

    def close(self) -> None:
        """Save and close the cache (and an external runner)."""
        if self._cache is not None:
            self._cache.close(prune=self.remember)  # a single build pruned already
        close = getattr(self._external, "close", None)
        if close is not None:
            close()
