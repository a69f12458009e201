"""A build whose inputs, options and outputs are all as the last build left them writes nothing; any change
to one of them builds again, and the outputs are always those of a build from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from build_fixtures import OUTPUT_NAMES, SEEDS, news, run_build, snapshot, write

from timeline.cache import CACHE_NAME, BuildCache

UP_TO_DATE = "up to date"
EXTRA = news("市科协举办科普讲座", "本报讯 2025年3月8日，市科协在市科技馆举办科普讲座，200余名市民参加。")


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the seeds and the folder its first build wrote."""
    folder = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    out = tmp_path / "out"
    first = run_build([folder, "--out", out])
    assert first.exit_code == 0, first.stderr
    assert UP_TO_DATE not in first.stderr
    return folder, out


def _states(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in OUTPUT_NAMES}


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(out).items() if name != CACHE_NAME}


def _from_scratch(folder: Path, out: Path, *args: str) -> dict[str, bytes]:
    result = run_build([folder, "--out", out, "--no-cache", *args])
    assert result.exit_code == 0, result.stderr
    return _outputs(out)


def test_an_unchanged_build_rewrites_nothing_and_says_so(built: tuple[Path, Path]) -> None:
    folder, out = built
    before, states = _outputs(out), _states(out)
    again = run_build([folder, "--out", out])
    assert again.exit_code == 0, again.stderr
    assert UP_TO_DATE in again.stderr
    assert again.stderr.splitlines()[0].startswith("kxtimeline build: 4 files, 8 articles")
    assert run_build([folder, "--out", out, "-q"]).stderr == ""
    assert _states(out) == states  # not even rewritten with the same bytes
    assert _outputs(out) == before


def test_a_changed_input_builds_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = built
    write(folder / "extra.txt", EXTRA)
    again = run_build([folder, "--out", out])
    assert UP_TO_DATE not in again.stderr
    assert _outputs(out) == _from_scratch(folder, tmp_path / "scratch")
    assert "2025-03-08" in (out / "timeline.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("option", [["--name", "另一个名字"], ["--format", "md,ics"], ["--ics-precision", "day"],
                                    ["--excel"]])
def test_a_changed_option_builds_again(built: tuple[Path, Path], option: list[str]) -> None:
    folder, out = built
    again = run_build([folder, "--out", out, *option])
    assert again.exit_code == 0, again.stderr
    assert UP_TO_DATE not in again.stderr
    # ... and the same option once more has nothing to do.
    assert UP_TO_DATE in run_build([folder, "--out", out, *option]).stderr


def test_a_changed_source_date_epoch_builds_again(built: tuple[Path, Path]) -> None:
    folder, out = built
    again = run_build([folder, "--out", out], env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert UP_TO_DATE not in again.stderr
    assert "20260101T000000Z" in (out / "timeline.ics").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["delete", "edit", "replace with the same bytes"])
def test_a_touched_output_is_written_again(built: tuple[Path, Path], damage: str) -> None:
    folder, out = built
    before = _outputs(out)
    target = out / "timeline.ics"
    data = target.read_bytes()
    if damage == "delete":
        target.unlink()
    elif damage == "edit":
        target.write_bytes(data.replace(b"BEGIN:VEVENT", b"BEGIN:XEVENT", 1))
    else:
        target.unlink()
        target.write_bytes(data)  # a new file: another inode and time, whatever its bytes
    again = run_build([folder, "--out", out])
    assert again.exit_code == 0, again.stderr
    assert UP_TO_DATE not in again.stderr
    assert _outputs(out) == before


def test_an_up_to_date_build_keeps_the_cache_whole(built: tuple[Path, Path]) -> None:
    folder, out = built
    counts = _cache_counts(out)
    assert UP_TO_DATE in run_build([folder, "--out", out]).stderr
    assert _cache_counts(out) == counts  # nothing used, and still nothing dropped
    write(folder / "extra.txt", EXTRA)
    assert UP_TO_DATE not in run_build([folder, "--out", out]).stderr


def test_no_cache_never_takes_the_shortcut(built: tuple[Path, Path]) -> None:
    folder, out = built
    states = _states(out)
    again = run_build([folder, "--out", out, "--no-cache"])
    assert UP_TO_DATE not in again.stderr
    assert _states(out) != states


def _cache_counts(out: Path) -> tuple[int, int]:
    cache = BuildCache(out / CACHE_NAME)
    assert cache.connection is not None
    entries = cache.connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    fragments = cache.connection.execute("SELECT COUNT(*) FROM fragments").fetchone()[0]
    cache.close(prune=False)
    return entries, fragments
