"""Where the build's per-file phases run: in this process, in a pool of processes, through a cache.

A runner maps ``build.read_file`` and ``build.finish_file`` over the files and returns the results in input
order, so every runner gives byte-identical outputs. Only the files the cache does not hold are computed. A
file the engine failed on (its result's ``failure``) is never cached or kept: each build tries it again.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any

from timeline import build, cache, series
from timeline.forkpool import can_fork, forked_pool, shared
from timeline.memo import IdentityMemo, Memo
from timeline.model import SourceFile

Progress = Callable[[int], None]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class RunnerMemo:
    """What a LocalRunner keeps between the builds of a session: each file's series facts and second-phase
    result by cache key, the first-phase key of each file object, the second-phase key of each first-phase
    key with its series points."""

    def __init__(self) -> None:
        self.results: Memo[str, Any] = Memo()
        self.read_keys: IdentityMemo[SourceFile, str] = IdentityMemo()
        self.finish_keys: Memo[tuple[str, tuple[series.SeriesPoint, ...]], str] = Memo()

    def sweep(self) -> None:
        """Drop what the build just finished did not use."""
        self.results.sweep()
        self.read_keys.sweep()
        self.finish_keys.sweep()


class LocalRunner:
    """Runs the phases serially (``jobs=1``) or in ``jobs`` processes, with an optional cache and progress.

    With a ``memo`` (a session of builds), each file's series facts and second-phase result are also kept in
    memory by their cache keys, so the next build of the session takes them as they are, without reading and
    decoding them from the cache."""

    def __init__(self, jobs: int = 1, build_cache: cache.BuildCache | None = None,
                 progress: Progress | None = None, memo: RunnerMemo | None = None) -> None:
        self.jobs = max(1, jobs)
        self.cache = build_cache
        self.progress = progress
        self.memo = memo
        self.computed = 0  # files computed rather than taken from the cache, per phase, summed
        self._read_keys: list[str | None] = []  # phase 1's keys, the base of phase 2's
        self._series_only: set[int] = set()  # files whose phase 1 is held as series facts only
        # The JSON of whole readings computed in processes: the parent keeps only their series facts, and phase 2
        # rebuilds each reading in the process that finishes its file, so the parent never builds the mentions.
        self._reading_texts: dict[int, str] = {}
        self._input_keys: tuple[Sequence[SourceFile], list[str]] | None = None

    def input_keys(self, sources: Sequence[SourceFile]) -> list[str]:
        """The cache key of each file's first phase (worked out once for these ``sources``)."""
        if self._input_keys is None or self._input_keys[0] is not sources:
            self._input_keys = (sources, [self._read_key(s) for s in sources])
        return self._input_keys[1]

    def _read_key(self, source: SourceFile) -> str:
        if self.memo is None:
            return cache.read_key(source)
        return self.memo.read_keys.remember(source, lambda: cache.read_key(source))

    def _finish_key(self, first: str, points: Sequence[series.SeriesPoint]) -> str:
        if self.memo is None:
            return cache.finish_key(first, points)
        return self.memo.finish_keys.remember((first, tuple(points)), lambda: cache.finish_key(first, points))

    def read(self, sources: Sequence[SourceFile]) -> list[build.FileReading]:
        """Phase 1 for every file, in input order. A file read before (with a cache) or read in another process
        comes back with only its series facts (no articles): ``finish`` reads the rest when its second phase
        must run."""
        self._series_only = set()
        self._reading_texts = {}

        def series_of(i: int, text: str) -> build.FileReading:
            self._reading_texts[i] = text
            self._series_only.add(i)
            return cache.series_from_json(sources[i].path, json.loads(text))

        if not self.cache:
            self._read_keys = [None] * len(sources)
            readings: list[Any] = [None] * len(sources)
            self._compute(build.read_file, [(s,) for s in sources], list(range(len(sources))), self._read_keys,
                          cache.reading_to_json, cache.reading_from_json, readings, from_text=series_of)
            return readings
        keys = self.input_keys(sources)
        self._read_keys = list(keys)
        series_keys = [cache.series_key(k) for k in keys]
        readings, todo = self._lookup(series_keys, lambda i, data: cache.series_from_json(sources[i].path, data),
                                      memo=True)
        self._series_only = set(range(len(sources))) - set(todo)
        self.cache.keep(keys[i] for i in self._series_only)  # kept whole for a later build that needs them
        self._compute(build.read_file, [(s,) for s in sources], todo, keys, cache.reading_to_json,
                      cache.reading_from_json, readings, from_text=series_of)
        for i in todo:
            if readings[i].failure is not None:
                continue
            self.cache.put(series_keys[i], cache.series_to_json(readings[i]))
            if self.memo is not None:
                reading = readings[i]
                self.memo.results.put(series_keys[i], build.FileReading(reading.path, (), reading.points,
                                                                        reading.editions))
        return readings

    def finish(self, sources: Sequence[SourceFile], readings: Sequence[build.FileReading],
               points: Sequence[Sequence[series.SeriesPoint]]) -> list[build.FileResult]:
        """Phase 2 for every file, in input order."""
        keys = ([self._finish_key(k, p) for k, p in zip(self._read_keys, points, strict=True)] if self.cache
                else [None] * len(sources))
        results, todo = self._lookup(keys, lambda _, data: cache.result_from_json(data), memo=True)
        texts, self._reading_texts = self._reading_texts, {}
        readings = self._whole_readings(sources, readings,
                                        [i for i in todo if i in self._series_only and i not in texts])
        args = [(s, texts.get(i, r), p) for i, (s, r, p) in enumerate(zip(sources, readings, points, strict=True))]
        self._compute(_finish_file, args, todo, keys, cache.result_to_json, cache.result_from_json, results)
        if self.memo is not None:
            for i in todo:
                if keys[i] and results[i].failure is None:
                    self.memo.results.put(keys[i], results[i])
        return results

    def _whole_readings(self, sources: Sequence[SourceFile], readings: Sequence[build.FileReading],
                        wanted: list[int]) -> list[build.FileReading]:
        """``readings`` with those at ``wanted`` (series facts only) read whole: from the cache, else again."""
        whole = list(readings)
        if not wanted:
            return whole
        chosen = set(wanted)
        keys: list[str | None] = [self._read_keys[i] if i in chosen else None for i in range(len(readings))]
        found, todo = self._lookup(keys, lambda _, data: cache.reading_from_json(data), count=False)
        self._compute(build.read_file, [(s,) for s in sources], [i for i in todo if i in chosen], keys,
                      cache.reading_to_json, cache.reading_from_json, found, count=False)
        for i in wanted:
            whole[i] = found[i]
        return whole

    def _lookup(self, keys: Sequence[str | None], load: Callable[[int, Any], Any], *,
                count: bool = True, memo: bool = False) -> tuple[list[Any], list[int]]:
        """The results the cache holds under ``keys`` (``load(index, json)``; None where it holds none) and the
        indexes still to compute; each result found moves the progress on, unless not ``count``. With ``memo``,
        the session's memo is asked first, and what the cache gives is kept there."""
        results: list[Any] = [None] * len(keys)
        kept = self.memo.results if memo and self.memo is not None else None
        wanted = list(keys)
        if kept is not None:
            for i, key in enumerate(keys):
                if key and (value := kept.get(key)) is not None:
                    results[i], wanted[i] = value, None
                    if count:
                        self._tick()
            if self.cache:
                self.cache.keep(k for k, w in zip(keys, wanted, strict=True) if k and not w)
        stored = self.cache.get_many([k for k in wanted if k]) if self.cache else {}
        todo = []
        for i, key in enumerate(wanted):
            if not key:  # no key, or found in the memo
                if results[i] is None:
                    todo.append(i)
                continue
            data = stored.get(key)
            if data is not None:
                try:
                    results[i] = load(i, data)
                    if kept is not None:
                        kept.put(key, results[i])
                    if count:
                        self._tick()
                    continue
                except (KeyError, TypeError, ValueError):
                    pass  # an entry of another shape: compute it again
            todo.append(i)
        return results, todo

    def _compute(self, function: Callable[..., Any], args: Sequence[tuple[Any, ...]], todo: list[int],
                 keys: Sequence[str | None], dump: Callable[[Any], Any], load: Callable[[Any], Any],
                 results: list[Any], *, count: bool = True,
                 from_text: Callable[[int, str], Any] | None = None) -> None:
        """Fill ``results`` at ``todo`` with ``function(*args[i])``, here or in processes, caching each; each
        moves the progress on, unless not ``count``. A result computed in a process comes back as its JSON
        text, which ``from_text(i, text)`` turns into the result when given (else ``load`` of the JSON)."""
        tick = self._tick if count else _no_tick
        self.computed += len(todo)
        if self.jobs == 1 or len(todo) < 2:
            for i in todo:
                results[i] = function(*args[i])
                if self.cache and keys[i] and results[i].failure is None:
                    self.cache.put(keys[i], dump(results[i]))
                tick()
            return
        # Results come back from the processes as the cache's JSON: a string crosses the pipe at the speed of a
        # copy, where pickling the records costs as much as building them from JSON, and the cache takes it as is.
        for i, text in zip(todo, _pool_map(function, dump, [args[i] for i in todo], self.jobs), strict=True):
            results[i] = from_text(i, text) if from_text else load(json.loads(text))
            if self.cache and keys[i] and results[i].failure is None:
                self.cache.put_json(keys[i], text)
            tick()

    def _tick(self) -> None:
        if self.progress:
            self.progress(1)


def _no_tick() -> None:
    pass


def _finish_file(source: SourceFile, reading: build.FileReading | str, points: Sequence[series.SeriesPoint]
                 ) -> build.FileResult:
    """``build.finish_file``, with the reading given whole or as the JSON text of phase 1's result."""
    if isinstance(reading, str):
        reading = cache.reading_from_json(json.loads(reading))
    return build.finish_file(source, reading, points)


def _as_json(function: Callable[..., Any], dump: Callable[[Any], Any], *args: Any) -> str:
    return json.dumps(dump(function(*args)), ensure_ascii=False)


def _call_shared(index: int) -> str:
    return _as_json(shared("function"), shared("dump"), *shared("args")[index])


def _pool_map(function: Callable[..., Any], dump: Callable[[Any], Any], args: list[tuple[Any, ...]],
              jobs: int) -> Iterator[str]:
    """The JSON of ``dump(function(*a))`` for each of ``args``, computed in ``jobs`` processes, in order as they
    are ready. Processes are forked where the platform can, sharing ``args`` (only an index goes over the pipe,
    and the result's JSON comes back); elsewhere the arguments are pickled to them."""
    chunk = max(1, len(args) // (jobs * 8))
    if can_fork():
        with forked_pool(jobs, function=function, dump=dump, args=args) as pool:
            yield from pool.map(_call_shared, range(len(args)), chunksize=chunk)
        return
    executor = ProcessPoolExecutor(max_workers=jobs)
    try:
        yield from executor.map(partial(_as_json, function, dump), *zip(*args, strict=True), chunksize=chunk)
    finally:
        executor.shutdown(cancel_futures=True)


def terminal_progress(total: int, quiet: bool) -> tuple[Progress | None, Callable[[], None]]:
    """A tqdm bar on stderr counting files through both phases; shown only on a terminal, after a second,
    and never with ``quiet``. Returns the tick function (or None) and a closer."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc="kxtimeline build", unit="file", delay=1.0, file=sys.stderr, leave=False)
    return bar.update, bar.close
