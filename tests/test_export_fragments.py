"""Reused ICS blocks: a build that keeps each event's VEVENT renders only the events that changed, and writes
the same bytes as a build that renders everything."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from build_fixtures import SEEDS, run_build, write
from export_fixtures import make_timeline

from timeline.cache import CACHE_NAME
from timeline.export import write_outputs


class _MemoryStore:
    """A FragmentStore in a dict, recording what each build rendered and reused."""

    def __init__(self) -> None:
        self.blocks: dict[str, dict[str, bytes]] = {}
        self.rendered: dict[str, int] = {}
        self.reused: dict[str, int] = {}

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        return dict(self.blocks.get(kind, {}))

    def store_fragments(self, kind: str, rendered: Mapping[str, bytes], reused: Iterable[str]) -> None:
        kept = {k: v for k, v in self.blocks.get(kind, {}).items() if k in set(reused)}
        self.blocks[kind] = {**kept, **rendered}
        self.rendered[kind], self.reused[kind] = len(rendered), len(kept)


@pytest.mark.parametrize("jobs", [1, 3])
def test_ics_blocks_of_an_earlier_build_are_reused_and_give_the_same_bytes(tmp_path: Path, jobs: int) -> None:
    timeline = make_timeline()
    plain = write_outputs(timeline, tmp_path / "plain", ["ics"], jobs=jobs)[0].read_bytes()
    store = _MemoryStore()
    first = write_outputs(timeline, tmp_path / "first", ["ics"], jobs=jobs, fragments=store)[0].read_bytes()
    assert store.rendered["ics"] == len(timeline.events) and store.reused["ics"] == 0
    again = write_outputs(timeline, tmp_path / "again", ["ics"], jobs=jobs, fragments=store)[0].read_bytes()
    assert store.rendered["ics"] == 0 and store.reused["ics"] == len(timeline.events)
    assert plain == first == again

    changed = replace(timeline, events=(replace(timeline.events[0], title="改过的标题"), *timeline.events[1:]))
    after = write_outputs(changed, tmp_path / "after", ["ics"], jobs=jobs, fragments=store)[0].read_bytes()
    assert store.rendered["ics"] == 1 and store.reused["ics"] == len(timeline.events) - 1
    assert after == write_outputs(changed, tmp_path / "after-plain", ["ics"])[0].read_bytes()
    assert "改过的标题".encode() in after


def test_a_rebuild_with_the_cache_writes_the_calendar_a_full_build_writes(tmp_path: Path) -> None:
    news = tmp_path / "news"
    shutil.copytree(SEEDS, news)
    page = write(news / "extra.txt", "市科协举办科普讲座\n\n本报讯 2024年6月8日，市科协在市科技馆举办科普讲座。\n")
    cached = tmp_path / "cached"
    assert run_build([news, "--out", cached, "-q", "--format", "ics"]).exit_code == 0
    write(page, "市科协举办科普讲座\n\n本报讯 2024年6月9日，市科协在市科技馆举办第二期科普讲座。\n")
    assert run_build([news, "--out", cached, "-q", "--format", "ics"]).exit_code == 0
    assert run_build([news, "--out", tmp_path / "full", "-q", "--format", "ics", "--no-cache"]).exit_code == 0
    calendar = (cached / "timeline.ics").read_bytes()
    assert calendar == (tmp_path / "full" / "timeline.ics").read_bytes()
    assert "第二期科普讲座".encode() in calendar
    with sqlite3.connect(cached / CACHE_NAME) as connection:  # one block per event now, the old one dropped
        [(kept,)] = connection.execute("SELECT count(*) FROM fragments").fetchall()
    assert kept == calendar.count(b"BEGIN:VEVENT")
