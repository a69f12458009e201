"""``--engine dask``: the per-file phases as Dask tasks on a 2-worker LocalCluster give byte-identical outputs."""

from __future__ import annotations

from pathlib import Path

import engine_faults
import pytest
from click.testing import CliRunner

from timeline.cli import main

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("timeline.json", "timeline.md", "timeline.csv", "timeline.ics", "timeline.html")


@pytest.fixture(scope="module")
def scheduler() -> str:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                       processes=True)
    yield cluster.scheduler_address
    cluster.close()


def test_dask_engine_matches_the_local_engine(scheduler: str, tmp_path: Path) -> None:
    runner = CliRunner()
    seeds = str(ROOT / "seeds")
    local = runner.invoke(main, ["build", seeds, "--out", str(tmp_path / "local"), "-q", "--jobs", "1"])
    dask = runner.invoke(main, ["build", seeds, "--out", str(tmp_path / "dask"), "-q", "--engine", "dask",
                                "--scheduler", scheduler])
    assert local.exit_code == 0, local.output
    assert dask.exit_code == 0, dask.output
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "-q",
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output
    assert not (tmp_path / "timeline.json").exists()


def test_a_file_the_engine_fails_on_is_skipped_on_the_workers_too(scheduler: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("座谈会\n\n本报讯 2024年4月10日，市科协召开座谈会。\n", encoding="utf-8")
    (news / "b.txt").write_text(f"讲座\n\n本报讯 2024年4月11日，市科协举办讲座（{engine_faults.MARKER}）。\n",
                                encoding="utf-8")
    with distributed.Client(scheduler) as client:
        client.run(engine_faults.install, 1)
        try:
            result = CliRunner().invoke(main, ["build", str(news), "--out", str(tmp_path / "out"), "--engine", "dask",
                                               "--scheduler", scheduler], catch_exceptions=False)
        finally:
            client.run(engine_faults.remove)
    assert result.exit_code == 1, result.output
    assert "skipped b.txt: internal error in the date engine (KeyError: '注入的故障'" in result.output
    assert "1 files" in result.output and "1 skipped" in result.output
