"""Parallel and incremental builds: --jobs and the SQLite cache never change the outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import build, cache
from timeline.build import build_timeline
from timeline.cache import CACHE_NAME, BuildCache
from timeline.cli import main
from timeline.export.json_export import render_json
from timeline.runner import LocalRunner
from timeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("市科协举办科普讲座\n\n本报讯 {month}月{day}日，市科协在市科技馆举办第{n}期科普讲座，200余名市民参加。"
        "{year}年以来，市科协已举办讲座{n}场。\n")


def _corpus(folder: Path, files: int = 6) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        text = PAGE.format(month=n % 12 + 1, day=n % 27 + 1, n=n + 1, year=2020 + n % 5)
        (folder / f"{n:03d}.txt").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "001_e66459d82e92f411.txt", folder / "seed.txt")
    return folder


def _json(folder: Path, runner: LocalRunner | None = None) -> bytes:
    loaded = load_sources([folder])
    return render_json(build_timeline(loaded.files, name="t", runner=runner))


def test_two_processes_give_the_same_timeline_as_one(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    assert _json(folder, LocalRunner(jobs=2)) == _json(folder, LocalRunner(jobs=1)) == _json(folder)


def test_a_rebuild_reads_only_the_changed_file(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    first = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    before = _json(folder, first)
    first.cache.close()
    assert first.computed == 2 * 7  # both phases of every file

    again = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    assert _json(folder, again) == before
    assert again.computed == 0
    again.cache.close()

    (folder / "003.txt").write_text(PAGE.format(month=9, day=9, n=99, year=2024), encoding="utf-8")
    changed = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    after = _json(folder, changed)
    changed.cache.close()
    assert changed.computed == 2
    assert after == _json(folder)  # the same as a build without any cache


def test_a_corrupt_cache_falls_back_to_a_full_build(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    (tmp_path / CACHE_NAME).write_bytes(b"this is not an SQLite database" * 100)
    runner = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    assert _json(folder, runner) == _json(folder)
    assert runner.computed == 14


def test_entries_of_another_engine_version_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _corpus(tmp_path / "news")
    warm = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    _json(folder, warm)
    warm.cache.close()
    monkeypatch.setattr(cache, "engine_version", lambda: "another-version")
    cold = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    assert _json(folder, cold) == _json(folder)
    assert cold.computed == 14


def test_results_computed_in_processes_are_cached_for_the_next_build(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    first = LocalRunner(jobs=2, build_cache=BuildCache(tmp_path / CACHE_NAME))
    before = _json(folder, first)
    first.cache.close()
    again = LocalRunner(jobs=2, build_cache=BuildCache(tmp_path / CACHE_NAME))
    assert _json(folder, again) == before == _json(folder)
    assert again.computed == 0
    again.cache.close()


def test_cli_jobs_and_no_cache(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    runner = CliRunner()
    one = runner.invoke(main, ["build", str(folder), "--out", str(tmp_path / "one"), "-q", "--jobs", "1"])
    two = runner.invoke(main, ["build", str(folder), "--out", str(tmp_path / "two"), "-q", "--jobs", "2",
                               "--no-cache"])
    assert one.exit_code == two.exit_code == 0
    assert (tmp_path / "one" / CACHE_NAME).exists() and not (tmp_path / "two" / CACHE_NAME).exists()
    for name in ("timeline.json", "timeline.md", "timeline.csv", "timeline.ics", "timeline.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def _drop_entries(cache_file: Path, kind: str, files: set[str] | None = None) -> int:
    """Delete the cache entries of one kind (``reading``: a whole first phase, ``result``: a second phase),
    of every file or of ``files``; return how many went."""
    import json
    import sqlite3

    connection = sqlite3.connect(cache_file)
    doomed = []
    for key, text in connection.execute("SELECT key, value FROM entries"):
        value = json.loads(text)
        shape = "result" if "drafts" in value else "reading" if "articles" in value else "series"
        if shape == kind and (files is None or Path(value["path"]).name in files):
            doomed.append((key,))
    connection.executemany("DELETE FROM entries WHERE key = ?", doomed)
    connection.commit()
    connection.close()
    return len(doomed)


def test_a_rebuild_takes_only_series_facts_from_files_whose_results_are_cached(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    first = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    before = _json(folder, first)
    first.cache.close()
    again = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    readings: list[build.FileReading] = []
    read = again.read
    again.read = lambda sources: readings.extend(read(sources)) or readings  # type: ignore[method-assign]
    assert _json(folder, again) == before
    again.cache.close()
    assert len(readings) == 7 and all(r.articles == () for r in readings)  # series facts only
    # ... and the whole readings were kept, so a build that needs them again still finds them.
    assert _drop_entries(tmp_path / CACHE_NAME, "result") == 7
    third = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    assert _json(folder, third) == before
    third.cache.close()
    assert third.computed == 7  # the second phase of every file, from whole readings out of the cache


def test_a_second_phase_without_its_whole_reading_reads_the_file_again(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "news")
    first = LocalRunner(build_cache=BuildCache(tmp_path / CACHE_NAME))
    before = _json(folder, first)
    first.cache.close()
    assert _drop_entries(tmp_path / CACHE_NAME, "result", {"002.txt", "seed.txt"}) == 2
    assert _drop_entries(tmp_path / CACHE_NAME, "reading", {"002.txt"}) == 1
    again = LocalRunner(jobs=2, build_cache=BuildCache(tmp_path / CACHE_NAME))
    assert _json(folder, again) == before == _json(folder)
    again.cache.close()
    assert again.computed == 3  # 002.txt read again, then both phase twos
