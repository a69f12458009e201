"""``kxtimeline watch``: the loop (``run_watch``) fed scripted changes, the command's lines, and the command
itself watching a folder its outputs are written into."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from build_fixtures import SEEDS, write
from click.testing import CliRunner
from test_watch_session import ARTICLE, NEW_PAGE, SEED_A, SEED_B, fresh_outputs, outputs_of

import timeline.cli
import timeline.watch
from timeline.cli import main
from timeline.export import FORMATS
from timeline.session import BuildSession, BuildSettings
from timeline.sources import SourceSession
from timeline.watch import FileChanges, Rebuild, run_watch

KXTIMELINE = Path(sys.executable).with_name("kxtimeline")

# An edit of the inputs, giving the paths a watcher would report.
Edit = Callable[[], set[Path]]


def _append(path: Path, text: str = ARTICLE) -> set[Path]:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
    return {path}


def _scripted(*edits: Edit) -> Iterator[set[str]]:
    """What a watcher would yield: each edit made, then the absolute paths it touched."""
    for edit in edits:
        yield {str(p.absolute()) for p in edit()}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "news"))


def _watch(folder: Path, out: Path, changes: Iterator[set[str]]) -> list[Rebuild]:
    """Every build ``run_watch`` reports for the changes, in a session like the command's."""
    reports: list[Rebuild] = []
    session = BuildSession(BuildSettings(out, "测试", FORMATS, quiet=True), remember=True)
    try:
        run_watch(SourceSession([folder], exclude=[out]), session, changes, reports.append)
    finally:
        session.close()
    return reports


def test_run_watch_reports_one_build_per_set_of_changes(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    reports = _watch(seeds, out, _scripted(lambda: _append(seeds / SEED_A),
                                           lambda: {write(seeds / "extra.txt", NEW_PAGE)},
                                           set))
    assert [r.changed for r in reports] == [None, frozenset({str(seeds / SEED_A)}),
                                            frozenset({str(seeds / "extra.txt")}), frozenset()]
    assert [r.error for r in reports] == [None] * 4
    assert all(r.seconds > 0 and r.loaded is not None and r.outcome is not None for r in reports)
    files = [r.outcome.timeline.files if r.outcome.timeline else None for r in reports]  # type: ignore[union-attr]
    assert files == [4, 4, 5, None]  # the last had nothing to do: the outputs were up to date
    assert [r.outcome.computed for r in reports] == [8, 2, 2, 0]  # type: ignore[union-attr]
    assert outputs_of(out) == fresh_outputs(seeds, tmp_path / "scratch")


def test_run_watch_goes_on_after_the_input_folder_is_gone(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def remove() -> set[Path]:
        shutil.rmtree(seeds)
        return {seeds / SEED_A}

    def restore() -> set[Path]:
        shutil.copytree(SEEDS, seeds)
        return {seeds}

    reports = _watch(seeds, out, _scripted(remove, restore))
    assert len(reports) == 3
    gone = reports[1]
    assert gone.error == f"{seeds}: no such file or folder"
    assert (gone.loaded, gone.outcome) == (None, None)
    assert reports[2].error is None
    assert reports[2].outcome is not None
    assert outputs_of(out) == fresh_outputs(seeds, tmp_path / "scratch")


def test_run_watch_goes_on_after_an_output_cannot_be_written(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def block() -> set[Path]:
        (out / "timeline.json").unlink()
        (out / "timeline.json").mkdir()  # a folder where the output should go
        return _append(seeds / SEED_A)

    def unblock() -> set[Path]:
        (out / "timeline.json").rmdir()
        return set()

    reports = _watch(seeds, out, _scripted(block, unblock))
    blocked, after = reports[1:]
    assert blocked.error is not None
    assert blocked.error.startswith(f"cannot write {out / 'timeline.json'}")
    assert blocked.loaded is not None and blocked.outcome is None
    assert after.error is None
    # Built again, not "up to date": the blocked build wrote nothing.
    assert after.outcome is not None and after.outcome.timeline is not None
    assert outputs_of(out) == fresh_outputs(seeds, tmp_path / "scratch")


def _run_watching(folder: Path, out: Path, on_report: Callable[[Rebuild, FileChanges], bool],
                  seconds: float) -> list[Rebuild]:
    """``run_watch`` with the file system's reports, as the command runs it; ``on_report`` is told of each build
    (it may edit the inputs) and says whether to stop. Stops after ``seconds`` at the latest."""
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    reports: list[Rebuild] = []
    changes = FileChanges([folder], out, stop)

    def report(rebuild: Rebuild) -> None:
        reports.append(rebuild)
        if on_report(rebuild, changes):
            stop.set()

    session = BuildSession(BuildSettings(out, "测试", FORMATS, quiet=True), remember=True)
    try:
        run_watch(SourceSession([folder], exclude=[out]), session, changes, report, ready=changes.ready)
    finally:
        timer.cancel()
        session.close()
    return reports


def test_the_watcher_reports_an_edit_and_not_the_outputs_written_beside_it(seeds: Path) -> None:
    def on_report(rebuild: Rebuild, changes: FileChanges) -> bool:
        if rebuild.changed is None:
            assert changes.ready.wait(30)
            _append(seeds / SEED_A)
        return rebuild.changed is not None

    reports = _run_watching(seeds, seeds / "out", on_report, 30)
    assert [r.changed for r in reports] == [None, frozenset({str(seeds / SEED_A)})]
    assert reports[1].outcome is not None and reports[1].outcome.computed == 2


@pytest.fixture
def slow_watcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher takes half a second to be in place (a loaded machine, or a big tree to put watches on)."""
    watched = timeline.watch._watched

    def slow(paths: list[Path], out_dir: Path) -> object:
        time.sleep(0.5)
        return watched(paths, out_dir)

    monkeypatch.setattr(timeline.watch, "_watched", slow)


@pytest.mark.usefixtures("slow_watcher")
def test_a_change_made_once_the_watcher_says_it_is_ready_is_seen(seeds: Path, tmp_path: Path) -> None:
    def on_report(rebuild: Rebuild, changes: FileChanges) -> bool:
        if rebuild.changed is None:
            assert changes.ready.wait(30)  # as the command does before it says "watching"
            _append(seeds / SEED_A)
        return rebuild.changed is not None

    reports = _run_watching(seeds, tmp_path / "out", on_report, 30)
    assert [r.changed for r in reports] == [None, frozenset({str(seeds / SEED_A)})]


@pytest.mark.usefixtures("slow_watcher")
def test_a_change_made_while_the_first_build_runs_is_seen_even_if_the_watcher_is_slow(seeds: Path,
                                                                                       tmp_path: Path) -> None:
    def on_report(rebuild: Rebuild, changes: FileChanges) -> bool:
        if rebuild.changed is None:
            _append(seeds / SEED_A)  # after the first build read the file
        return rebuild.changed is not None

    reports = _run_watching(seeds, tmp_path / "out", on_report, 30)
    assert len(reports) == 2


def test_the_watch_goes_on_after_the_input_folder_is_removed_and_made_again(seeds: Path, tmp_path: Path) -> None:
    def on_report(rebuild: Rebuild, changes: FileChanges) -> bool:
        if rebuild.changed is None:
            assert changes.ready.wait(30)
            shutil.rmtree(seeds)
        elif rebuild.error is not None:
            shutil.copytree(SEEDS, seeds)
        return rebuild.changed is not None and rebuild.error is None

    reports = _run_watching(seeds, tmp_path / "out", on_report, 30)
    # The first build, the one that found the folder gone (the removal may come in more than one burst), and
    # a build after it is back.
    assert reports[0].error is None and reports[1].error is not None and reports[-1].error is None
    assert "no such file or folder" in (reports[1].error or "")


def test_outputs_inside_the_inputs_are_not_read_as_inputs(seeds: Path) -> None:
    reports = _watch(seeds, seeds / "out", _scripted(lambda: {write(seeds / "extra.txt", NEW_PAGE)}))
    assert [f.path for f in reports[-1].loaded.files if f.path.startswith("out/")] == []  # type: ignore[union-attr]


# ---- the command, in process, fed scripted changes -------------------------------------------------------------


@pytest.fixture
def sigterm_kept() -> Iterator[None]:
    """``watch`` sets a SIGTERM handler; the test process gets its own back."""
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


class ScriptedChanges:
    """In place of ``FileChanges``: a watcher in place at once, reporting the edits."""

    def __init__(self, *edits: Edit) -> None:
        self.ready = threading.Event()
        self.ready.set()
        self._edits = edits

    def __iter__(self) -> Iterator[set[str]]:
        return _scripted(*self._edits)


def _run_watch_command(monkeypatch: pytest.MonkeyPatch, args: list[str], *edits: Edit) -> list[str]:
    """``kxtimeline watch ARGS`` in process, with the edits in place of the file system's reports; its lines."""
    monkeypatch.setattr(timeline.cli, "FileChanges", lambda paths, out_dir, stop: ScriptedChanges(*edits))
    result = CliRunner().invoke(main, ["watch", *args], env={"SOURCE_DATE_EPOCH": None}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines()


@pytest.mark.usefixtures("sigterm_kept")
def test_the_command_prints_one_line_per_build(monkeypatch: pytest.MonkeyPatch, seeds: Path, tmp_path: Path) -> None:
    def empty() -> set[Path]:
        return {write(seeds / SEED_B, "")}

    def restore() -> set[Path]:
        return {Path(shutil.copyfile(SEEDS / SEED_B, seeds / SEED_B))}

    out = tmp_path / "out"
    lines = _run_watch_command(monkeypatch, [str(seeds), "-o", str(out), "-j", "1"],
                               lambda: _append(seeds / SEED_A), set, empty, restore, set)
    assert "4 files, 8 articles" in lines[0]
    assert lines[1].startswith("  wrote ")
    assert lines[2] == f"kxtimeline watch: watching {seeds} (Ctrl-C stops)"
    rebuilds = lines[3:]
    assert "1 change; rebuilt in " in rebuilds[0]
    assert ": 4 files, " in rebuilds[0] and rebuilds[0].endswith(", 0 skipped")
    assert "0 changes; the outputs are up to date (" in rebuilds[1]
    assert rebuilds[2] == f"kxtimeline watch: skipped {SEED_B}: empty file"  # told once, when it is new
    assert rebuilds[3].endswith(", 1 skipped")
    assert "rebuilt in" in rebuilds[4] and rebuilds[4].endswith(", 0 skipped")
    assert "up to date" in rebuilds[5]
    assert len(rebuilds) == 6


@pytest.mark.usefixtures("sigterm_kept")
def test_the_quiet_command_prints_only_errors(monkeypatch: pytest.MonkeyPatch, seeds: Path, tmp_path: Path) -> None:
    def remove() -> set[Path]:
        shutil.rmtree(seeds)
        return {seeds / SEED_A}

    lines = _run_watch_command(monkeypatch, [str(seeds), "-o", str(tmp_path / "out"), "-j", "1", "-q"],
                               lambda: _append(seeds / SEED_A), remove)
    assert lines == [f"kxtimeline watch: {seeds}: no such file or folder; still watching"]


# ---- the command itself ----------------------------------------------------------------------------------------


class Lines:
    """The lines a process writes to ``stream``, read in a thread so a test can wait for them."""

    def __init__(self, stream: IO[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def next(self, seconds: float) -> str | None:
        """The next line within ``seconds``, or None (also at the end of the stream)."""
        try:
            line = self._queue.get(timeout=max(seconds, 0.0))
        except queue.Empty:
            return None
        if line is not None:
            self.seen.append(line)
        return line

    def wait_for(self, text: str, seconds: float) -> str | None:
        """The first line to come containing ``text`` within ``seconds``, or None."""
        deadline = time.monotonic() + seconds
        while (line := self.next(deadline - time.monotonic())) is not None:
            if text in line:
                return line
        return None

    def within(self, seconds: float) -> list[str]:
        """The lines that come within ``seconds``."""
        deadline = time.monotonic() + seconds
        came = []
        while (line := self.next(deadline - time.monotonic())) is not None:
            came.append(line)
        return came


def test_the_command_rebuilds_after_an_edit_and_not_after_writing_its_outputs(seeds: Path) -> None:
    out = seeds / "out"  # inside the watched folder
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    process = subprocess.Popen([KXTIMELINE, "watch", seeds, "-o", out, "-j", "1"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                               env=env)
    try:
        assert process.stderr is not None
        lines = Lines(process.stderr)
        assert lines.wait_for("watching", seconds=60) is not None, lines.seen

        _append(seeds / SEED_A)
        rebuilt = lines.wait_for("rebuilt in", seconds=30)
        assert rebuilt is not None, lines.seen
        assert "1 change; " in rebuilt
        assert "2025-03-08" in (out / "timeline.json").read_text(encoding="utf-8")
        assert lines.within(1.5) == []  # the outputs just written start no build

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_folder_removed_and_made_again_at_once_is_watched_again(tmp_path: Path) -> None:
    # Removed and made again faster than the watcher looks (as on a loaded machine, or a tool that replaces a
    # folder): the old folder's watch sees nothing more, so the new one must be watched in its place.
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    stop = threading.Event()
    changes = FileChanges([folder], tmp_path / "out", stop)
    seen: queue.Queue[set[str]] = queue.Queue()
    reader = threading.Thread(target=lambda: [seen.put(batch) for batch in changes], daemon=True)
    reader.start()
    try:
        assert changes.ready.wait(30)
        shutil.rmtree(folder)
        folder.mkdir()
        deadline = time.monotonic() + 20
        later = str(folder / "b.txt")
        found: set[str] = set()
        while later not in found and time.monotonic() < deadline:
            (folder / "b.txt").write_text(ARTICLE + str(time.monotonic()), encoding="utf-8")
            with contextlib.suppress(queue.Empty):
                found |= seen.get(timeout=1)
        assert later in found
    finally:
        stop.set()
        reader.join(10)
