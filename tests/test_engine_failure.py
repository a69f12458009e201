"""An error inside the engine on one file costs that file only: the file is reported as skipped with its path
and the error, the other files are built as usual, and the exit status says something was skipped. This holds
in every runner (serial, forked processes, the cache, ``watch``'s session) and in ``parse --jsonl``.

The fault is put in by ``engine_faults`` (the engine has no known crash to use); each case fails without the
guard in ``build.read_file`` and ``build.finish_file``, the build then stopping with a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import engine_faults
import pytest
from build_fixtures import OUTPUT_NAMES, news, run_build
from click.testing import CliRunner

from timeline import cli
from timeline.build import FileReading, failure_reason, read_file
from timeline.cli import main
from timeline.export import FORMATS
from timeline.model import SourceFile
from timeline.session import BuildSession, BuildSettings
from timeline.sources import SourceSession

GOOD = {
    "a.txt": news("市科协召开座谈会", "本报讯 2024年4月10日，市科协在市委党校召开科技工作者座谈会。"),
    "c.txt": news("院士专家走进化州", "本报讯 2024年4月12日，广东省院士专家服务团走进化州市开展技术指导。"),
}
BAD = news("科普讲座", f"本报讯 2024年4月11日，市科协举办科普讲座（{engine_faults.MARKER}）。")


@pytest.fixture(params=[1, 2], ids=["phase1", "phase2"])
def broken_engine(request: pytest.FixtureRequest) -> Iterator[int]:
    engine_faults.install(request.param)
    yield request.param
    engine_faults.remove()


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in {**GOOD, "b.txt": BAD}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _invoke(*args: str) -> tuple[int, str]:
    assert args[0] == "build"
    result = run_build(args[1:])  # an exception escaping the command fails the test with its traceback
    return result.exit_code, result.output


def _starts(out: Path) -> list[str]:
    return sorted(e["start"] for e in json.loads((out / "timeline.json").read_text(encoding="utf-8"))["events"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_other_files_are_built_and_the_broken_one_is_named(broken_engine: int, tmp_path: Path,
                                                               jobs: str) -> None:
    news_dir = _corpus(tmp_path / "news")
    out = tmp_path / "out"
    code, output = _invoke("build", str(news_dir), "--out", str(out), "--jobs", jobs)
    assert code == 1
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if "skipped" in line and "b.txt" in line]
    assert len(lines) == 1, output
    assert "internal error in the date engine (KeyError: '注入的故障'" in lines[0]
    assert _starts(out) == ["2024-04-10", "2024-04-12"]
    data = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert data["skipped"] == [{"path": "b.txt", "reason": lines[0].split("b.txt: ", 1)[1]}]
    assert data["summary"]["files"] == 2 and data["summary"]["skipped"] == 1
    for name in OUTPUT_NAMES:
        assert (out / name).exists(), name


def test_processes_and_one_process_write_the_same_bytes(broken_engine: int, tmp_path: Path) -> None:
    news_dir = _corpus(tmp_path / "news")
    for jobs in ("1", "2"):
        _invoke("build", str(news_dir), "--out", str(tmp_path / jobs), "--jobs", jobs, "--no-cache", "-q")
    for name in OUTPUT_NAMES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_a_failure_is_not_cached_and_the_next_build_tries_again(broken_engine: int, tmp_path: Path) -> None:
    news_dir = _corpus(tmp_path / "news")
    out = tmp_path / "out"
    first = _invoke("build", str(news_dir), "--out", str(out), "--jobs", "1")
    again = _invoke("build", str(news_dir), "--out", str(out), "--jobs", "1")
    assert first[0] == again[0] == 1
    assert "up to date" not in again[1]
    assert "b.txt: internal error" in again[1]
    engine_faults.remove()  # the engine mended (a new version): the file is read, the others come from the cache
    mended = _invoke("build", str(news_dir), "--out", str(out), "--jobs", "1")
    assert mended[0] == 0, mended[1]
    assert _starts(out) == ["2024-04-10", "2024-04-11", "2024-04-12"]


def test_strict_writes_nothing_when_the_engine_fails_on_a_file(broken_engine: int, tmp_path: Path) -> None:
    news_dir = _corpus(tmp_path / "news")
    out = tmp_path / "out"
    code, output = _invoke("build", str(news_dir), "--out", str(out), "--strict", "--no-cache")
    assert code == 1
    assert "--strict: 1 input(s) skipped; nothing written" in output
    assert not any((out / name).exists() for name in OUTPUT_NAMES)


def test_parse_jsonl_reports_the_case_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "find_dates", engine_faults.failing(cli.find_dates))
    cases = tmp_path / "cases.jsonl"
    lines = [{"id": "a", "text": "2024年4月10日召开", "ref": "2024-05-01"},
             {"id": "b", "text": f"2024年4月11日{engine_faults.MARKER}", "ref": "2024-05-01"},
             {"id": "c", "text": "4月12日举办", "ref": "2024-05-01"}]
    cases.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--jsonl", str(cases)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert records[0]["mentions"][0]["start_date"] == "2024-04-10"
    assert records[1]["mentions"] == [] and "internal error in the date engine" in records[1]["error"]
    assert records[2]["mentions"][0]["start_date"] == "2024-04-12"


def test_the_reason_names_the_error_and_where_in_the_engine_it_came_from() -> None:
    try:
        {}["x"]
    except KeyError as exc:
        outside = failure_reason(exc)
    assert outside == ("internal error in the date engine (KeyError: 'x'); the file is left out, please report it")
    engine_faults.install(1)
    try:
        reading = read_file(SourceFile("b.txt", BAD, encoding="utf-8"))
    finally:
        engine_faults.remove()
    assert isinstance(reading, FileReading)
    assert reading.articles == () and reading.points == ()
    assert reading.failure is not None and " at build.py:" in reading.failure


def test_a_build_without_faults_reads_all_three(tmp_path: Path) -> None:
    news_dir = _corpus(tmp_path / "news")
    code, output = _invoke("build", str(news_dir), "--out", str(tmp_path / "out"), "-q")
    assert code == 0, output
    assert _starts(tmp_path / "out") == ["2024-04-10", "2024-04-11", "2024-04-12"]


def test_a_watch_session_names_the_file_at_every_build_and_reads_it_once_mended(broken_engine: int,
                                                                               tmp_path: Path) -> None:
    news_dir = _corpus(tmp_path / "news")
    settings = BuildSettings(tmp_path / "out", "测试", FORMATS, jobs=1, quiet=True)
    sources = SourceSession([news_dir])
    session = BuildSession(settings, remember=True)
    try:
        first = session.build(sources.load())
        (news_dir / "a.txt").write_text(GOOD["a.txt"].replace("4月10日", "4月9日"), encoding="utf-8")
        second = session.build(sources.load({(news_dir / "a.txt").as_posix()}))
        engine_faults.remove()
        mended = session.build(sources.load(None))
    finally:
        session.close()
    assert [s.path for s in first.failed] == [s.path for s in second.failed] == ["b.txt"]
    assert second.timeline is not None
    assert sorted(e.start for e in second.timeline.events) == ["2024-04-09", "2024-04-12"]
    assert mended.failed == () and mended.timeline is not None
    assert sorted(e.start for e in mended.timeline.events) == ["2024-04-09", "2024-04-11", "2024-04-12"]
