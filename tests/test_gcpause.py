"""A build pauses the cycle collector and always gives it back: a program that builds (``kxtimeline watch``, a
library user) keeps collecting afterwards, whether the build succeeded or failed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_fixtures import SEEDS

from timeline.export import FORMATS, OutputError
from timeline.gcpause import collector_paused
from timeline.session import BuildSession, BuildSettings
from timeline.sources import load_sources


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_body_raises() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def _build(out: Path) -> None:
    session = BuildSession(BuildSettings(out, "测试", FORMATS, use_cache=False, quiet=True))
    try:
        session.build(load_sources([SEEDS]))
    finally:
        session.close()


def test_a_build_leaves_the_collector_on(tmp_path: Path) -> None:
    _build(tmp_path / "out")
    assert (tmp_path / "out" / "timeline.json").exists()
    assert gc.isenabled()


def test_a_failed_build_leaves_the_collector_on(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(OutputError):
        _build(blocker)
    assert gc.isenabled()
