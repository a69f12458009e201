"""Atomic output: a failed write or render never leaves a half-written or missing file, nor temp files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from export_fixtures import make_timeline

import timeline.export as export
from timeline.export import FORMATS, OutputError, write_outputs
from timeline.export.atomic import write_atomic
from timeline.export.json_export import render_json


def test_writes_bytes_and_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_atomic(target, "时间线\n".encode())
    assert target.read_bytes() == "时间线\n".encode()
    assert os.listdir(target.parent) == ["out.txt"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.txt", b"x")
    finally:
        os.umask(old_mask)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


def test_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_bytes(b"i am a file")
    with pytest.raises(OutputError) as caught:
        write_atomic(blocker / "timeline.json", b"{}")
    assert caught.value.path == blocker
    assert str(blocker) in str(caught.value)
    with pytest.raises(OutputError):
        write_atomic(blocker / "deeper" / "timeline.json", b"{}")
    assert blocker.read_bytes() == b"i am a file"


def test_target_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "timeline.json").mkdir()
    with pytest.raises(OutputError, match=r"timeline\.json"):
        write_atomic(tmp_path / "timeline.json", b"{}")


def test_failure_while_writing_keeps_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_interrupt_removes_the_temp_file_and_propagates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.txt", b"new")
    assert os.listdir(tmp_path) == []


def test_write_outputs_writes_every_format(tmp_path: Path) -> None:
    timeline = make_timeline()
    paths = write_outputs(timeline, tmp_path / "out", FORMATS)
    assert [p.name for p in paths] == ["timeline.json", "timeline.md", "timeline.csv", "timeline.ics",
                                         "timeline.html"]
    assert (tmp_path / "out" / "timeline.json").read_bytes() == render_json(timeline)
    assert sorted(os.listdir(tmp_path / "out")) == sorted(p.name for p in paths)


def test_outputs_rendered_on_several_processes_are_the_same_bytes(tmp_path: Path) -> None:
    timeline = make_timeline()
    one = write_outputs(timeline, tmp_path / "one", FORMATS, jobs=1)
    three = write_outputs(timeline, tmp_path / "three", FORMATS, jobs=3)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in three]


def test_write_outputs_only_the_asked_formats(tmp_path: Path) -> None:
    assert [p.name for p in write_outputs(make_timeline(), tmp_path, ["ics", "ics"])] == ["timeline.ics"]
    assert os.listdir(tmp_path) == ["timeline.ics"]


def test_render_failure_midway_keeps_every_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("timeline.json", "timeline.csv"):
        (tmp_path / name).write_bytes(b"old")

    def broken(timeline: object) -> bytes:
        raise RuntimeError("renderer bug")

    monkeypatch.setitem(export.EXPORTERS, "csv", export.Exporter(broken, "timeline.csv"))
    with pytest.raises(RuntimeError, match="renderer bug"):
        write_outputs(make_timeline(), tmp_path, ["json", "md", "csv", "ics"])
    assert (tmp_path / "timeline.json").read_bytes() == b"old"
    assert (tmp_path / "timeline.csv").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["timeline.csv", "timeline.json"]


def test_unknown_format_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        write_outputs(make_timeline(), tmp_path / "out", ["json", "pdf"])
    assert not (tmp_path / "out").exists()


def test_out_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_bytes(b"x")
    with pytest.raises(OutputError):
        write_outputs(make_timeline(), tmp_path / "out", ["json"])

