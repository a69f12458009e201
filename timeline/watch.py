"""``kxtimeline watch``: build, then build again whenever an input changes, in one session that keeps its work.

The file system's reports come from watchfiles (inotify on Linux, FSEvents on macOS, polling elsewhere),
grouped until 50 ms pass without a new one. A report is only a hint of where to look: each rebuild takes
the state of every input file again (``SourceSession``), so a change the watcher missed is still seen at
the next rebuild.
"""

from __future__ import annotations

import gc
import os
import queue
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Event as StopEvent
from typing import TYPE_CHECKING

from timeline.build import build_timeline
from timeline.export import EXPORTERS, OutputError
from timeline.model import SourceFile
from timeline.session import BuildOutcome, BuildSession
from timeline.sources import TOML_NAME, LoadResult, SourceError, SourceSession

if TYPE_CHECKING:
    from watchfiles import Change

# How long the watcher waits for more reports after one before it yields them all (milliseconds).
QUIET_MS = 50


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One build of a watch: the changed paths that started it (None for the first), how long it took from
    loading to written outputs (seconds), and what it did or the error that stopped it."""

    changed: frozenset[str] | None
    seconds: float
    loaded: LoadResult | None = None
    outcome: BuildOutcome | None = None
    error: str | None = None


def run_watch(sources: SourceSession, session: BuildSession, changes: Iterable[set[str]],
              report: Callable[[Rebuild], None], *, ready: threading.Event | None = None) -> None:
    """Build once (after ``ready``, the watcher being in place, so no change made during the build is lost),
    then once per set of changed absolute paths from ``changes``, telling ``report`` about each build. An input
    that is gone or an output that cannot be written is reported, and the watch goes on."""
    if ready is not None:
        ready.wait()
    report(_build(sources, session, None))
    warm_up()
    for changed in changes:
        report(_build(sources, session, frozenset(changed)))
        # What the builds keep lives as long as the watch: the garbage collector need not look at it again.
        gc.freeze()


# A short article with the common kinds of date, for warm_up.
_WARM_UP_TEXT = ("市科协举办科普讲座\n\n本报讯 2024年4月16日，市科协在科技馆举办科普讲座。"
                 "今年3月4日至5日，专家组到企业调研；次日上午9时召开座谈会。"
                 "每年5月30日是全国科技工作者日，六一儿童节前夕开展科普进校园活动。\n")


def warm_up() -> None:
    """Run every stage once, in this process, on a short made-up article, so that what each stage prepares on
    first use (compiled patterns, tables) is ready before the first change: the first build may have run
    them in other processes."""
    timeline = build_timeline([SourceFile("warm-up.txt", _WARM_UP_TEXT, "utf-8")], name="warm-up")
    for exporter in EXPORTERS.values():
        exporter.render(timeline)


def _build(sources: SourceSession, session: BuildSession, changed: frozenset[str] | None) -> Rebuild:
    started = time.perf_counter()
    try:
        loaded = sources.load(changed)
    except SourceError as exc:
        return Rebuild(changed, time.perf_counter() - started, error=str(exc))
    try:
        outcome = session.build(loaded, {"load": time.perf_counter() - started})
    except OutputError as exc:
        return Rebuild(changed, time.perf_counter() - started, loaded, error=str(exc))
    return Rebuild(changed, time.perf_counter() - started, loaded, outcome)


class FileChanges:
    """The absolute paths that change under ``paths``, one set per burst of changes, watched from a thread
    that starts at once, so nothing that changes while the first build runs is missed. A file given directly
    is watched through its folder, with that folder's ``kxtimeline.toml``. Outputs, the cache and hidden
    files are left out, so writing the outputs into a watched folder starts no rebuild. ``ready`` is set once
    the watcher is in place. Iterating ends when ``stop`` is set; a failure of the watcher is raised there."""

    def __init__(self, paths: Sequence[Path], out_dir: Path, stop: StopEvent) -> None:
        self.ready = threading.Event()
        self._queue: queue.Queue[set[str] | BaseException | None] = queue.Queue()
        self._stop = stop
        self._thread = threading.Thread(target=self._watch, args=(list(paths), out_dir), daemon=True)
        self._thread.start()

    def _watch(self, paths: list[Path], out_dir: Path) -> None:
        try:
            from watchfiles import watch

            roots, wanted = _watched(paths, out_dir)
            while True:
                watched = _identities(roots)
                # The watcher yields an empty set each time it waits this long without a change: the first one
                # tells that it is in place.
                for batch in watch(*roots, watch_filter=wanted, step=QUIET_MS, rust_timeout=_READY_MS,
                                   yield_on_timeout=True, stop_event=self._stop, raise_interrupt=False):
                    self.ready.set()
                    changed = {path for _, path in batch}
                    if changed:
                        self._queue.put(changed)
                    if not changed.isdisjoint(roots) or _identities(roots) != watched:
                        # A watched folder itself changed: it is gone, or was removed and made again between two
                        # looks (perhaps with the same inode), and its watch sees nothing more. Watch again once
                        # it is back.
                        break
                else:
                    return  # stopped
                while None in _identities(roots):
                    if self._stop.wait(_READY_MS / 1000):
                        return
                self._queue.put(set(roots))  # what came back while nothing watched it is read again
        except Exception as exc:  # reported to the loop that reads the changes
            self._queue.put(exc)
        finally:
            self.ready.set()
            self._queue.put(None)

    def __iter__(self) -> Iterator[set[str]]:
        while (item := self._queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            while True:  # every burst that came during the last build makes one rebuild
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if not isinstance(more, set):
                    self._queue.put(more)
                    break
                item |= more
            yield item


# How long the watcher waits for a change before it says it is still there (milliseconds).
_READY_MS = 200


def _watched(paths: Sequence[Path], out_dir: Path) -> tuple[list[str], Callable[[Change, str], bool]]:
    """The folders to watch and the filter of the changes that matter (see ``FileChanges``)."""
    from watchfiles import DefaultFilter

    folders = [os.path.abspath(p) for p in paths if Path(p).is_dir()]
    files = [os.path.abspath(p) for p in paths if not Path(p).is_dir()]
    singles = set(files) | {os.path.join(os.path.dirname(f), TOML_NAME) for f in files}
    outputs = os.path.abspath(out_dir)
    default = DefaultFilter()

    def wanted(change: Change, path: str) -> bool:
        if _inside(path, outputs) or not default(change, path):
            return False
        if path in singles:
            return True
        root = next((folder for folder in folders if _inside(path, folder)), None)
        return root is not None and not any(part.startswith(".") for part in Path(path).relative_to(root).parts)

    return sorted(set(folders) | {os.path.dirname(f) for f in files}), wanted


def _identities(folders: Sequence[str]) -> list[tuple[int, int] | None]:
    """Each folder's (device, inode), or None where it is not a folder now."""
    found: list[tuple[int, int] | None] = []
    for folder in folders:
        try:
            state = os.stat(folder)
        except OSError:
            found.append(None)
            continue
        found.append((state.st_dev, state.st_ino) if stat.S_ISDIR(state.st_mode) else None)
    return found


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
