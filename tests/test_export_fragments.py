"""Reused per-event blocks: a build that keeps each event's block of every format renders only the events whose
block would change, and writes the same bytes as a build that renders everything."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from build_fixtures import SEEDS, run_build, write
from export_fixtures import ARTICLES, event, make_timeline

from timeline import export as export_package
from timeline.cache import CACHE_NAME
from timeline.export import EXPORTERS, FORMATS, write_outputs
from timeline.model import Timeline

# Formats whose blocks show the reference notes of the articles an event cites.
NOTED = ("csv", "ics", "html")


class _MemoryStore:
    """A FragmentStore in a dict, recording what each build rendered and reused, and keeping only those."""

    def __init__(self) -> None:
        self.blocks: dict[str, dict[str, bytes]] = {}
        self.rendered: dict[str, int] = {}
        self.reused: dict[str, int] = {}

    def fragment_keys(self, kind: str) -> set[str]:
        return set(self.blocks.get(kind, {}))

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        return dict(self.blocks.get(kind, {}))

    def store_fragments(self, kind: str, rendered: Mapping[str, bytes], reused: Iterable[str]) -> None:
        reused = set(reused)
        kept = {k: v for k, v in self.blocks.get(kind, {}).items() if k in reused}
        self.blocks[kind] = {**kept, **rendered}
        self.rendered[kind], self.reused[kind] = len(rendered), len(kept)


def _written(timeline: Timeline, out: Path, store: _MemoryStore | None, jobs: int = 1) -> dict[str, bytes]:
    paths = write_outputs(timeline, out, FORMATS, jobs=jobs, fragments=store)
    return {kind: path.read_bytes() for kind, path in zip(FORMATS, paths, strict=True)}


def _rebuilt(before: Timeline, after: Timeline, tmp_path: Path, jobs: int = 1) -> tuple[_MemoryStore, dict]:
    """A store filled by a build of ``before``, then used for ``after``, whose outputs must equal a full
    render of ``after``; returns the store (with the second build's counts) and those outputs."""
    store = _MemoryStore()
    _written(before, tmp_path / "before", store, jobs)
    rebuilt = _written(after, tmp_path / "after", store, jobs)
    assert rebuilt == _written(after, tmp_path / "full", None, jobs)
    return store, rebuilt


def _with_steps() -> Timeline:
    """The fixture timeline with two steps of the range event ``ev-range``."""
    steps = (event("ev-step-1", "2026-03-11", title="首站", parent="ev-range"),
             event("ev-step-2", "2026-03-12", title="第二站", parent="ev-range"))
    base = make_timeline()
    return replace(base, events=(*base.events, *steps))


@pytest.fixture(autouse=True)
def _processes_even_for_a_few_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """These small rebuilds with ``jobs`` > 1 go through the processes as a large one would."""
    monkeypatch.setattr(export_package, "_SERIAL_UP_TO", -1)


def test_a_rebuild_with_a_few_events_to_render_starts_no_process(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_package, "_SERIAL_UP_TO", 1)
    before = make_timeline()
    after = replace(before, events=(replace(before.events[0], title="改过的标题"), *before.events[1:]))
    store = _MemoryStore()
    _written(before, tmp_path / "before", store, jobs=3)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one event")

    monkeypatch.setattr(export_package, "forked_pool", no_pool)
    assert _written(after, tmp_path / "after", store, jobs=3) == _written(after, tmp_path / "full", None, jobs=1)
    assert store.rendered == dict.fromkeys(FORMATS, 1)


@pytest.mark.parametrize("jobs", [1, 3])
def test_blocks_of_an_earlier_build_are_reused_and_give_the_same_bytes(tmp_path: Path, jobs: int) -> None:
    timeline = make_timeline()
    plain = _written(timeline, tmp_path / "plain", None, jobs)
    store = _MemoryStore()
    assert _written(timeline, tmp_path / "first", store, jobs) == plain
    assert store.rendered == dict.fromkeys(FORMATS, len(timeline.events))
    assert _written(timeline, tmp_path / "again", store, jobs) == plain
    assert store.rendered == dict.fromkeys(FORMATS, 0)
    assert store.reused == dict.fromkeys(FORMATS, len(timeline.events))
    assert {kind: EXPORTERS[kind].render(timeline) for kind in FORMATS} == plain


class _FailingReadStore(_MemoryStore):
    """A store that lists its blocks but then cannot read them back (a cache failing mid-build)."""

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        return {}


@pytest.mark.parametrize("jobs", [1, 3])
def test_blocks_listed_but_unreadable_are_rendered_again(tmp_path: Path, jobs: int) -> None:
    timeline = make_timeline()
    store = _FailingReadStore()
    first = _written(timeline, tmp_path / "first", store, jobs)
    assert _written(timeline, tmp_path / "again", store, jobs) == first == _written(timeline, tmp_path / "full",
                                                                                 None, jobs)
    assert all(store.reused[kind] == 0 for kind in FORMATS)


@pytest.mark.parametrize("jobs", [1, 3])
def test_only_the_changed_event_is_rendered_again(tmp_path: Path, jobs: int) -> None:
    before = make_timeline()
    after = replace(before, events=(replace(before.events[0], title="改过的标题"), *before.events[1:]))
    store, rebuilt = _rebuilt(before, after, tmp_path, jobs)
    assert store.rendered == dict.fromkeys(FORMATS, 1)
    assert store.reused == dict.fromkeys(FORMATS, len(before.events) - 1)
    assert all("改过的标题".encode() in data for data in rebuilt.values())


def test_a_changed_reference_date_renders_the_events_citing_the_article_again(tmp_path: Path) -> None:
    before = make_timeline()
    after = replace(before, articles=(replace(ARTICLES[0], reference_date="2026-03-09"), *ARTICLES[1:]))
    store, rebuilt = _rebuilt(before, after, tmp_path)
    citing = sum(any((c.file, c.article) == ("news/2026-03.md", 1) for c in e.sources) for e in before.events)
    assert citing == len(before.events)  # every fixture event cites the first article
    assert {kind: store.rendered[kind] for kind in NOTED} == dict.fromkeys(NOTED, citing)
    assert store.rendered["json"] == store.rendered["md"] == 0  # their blocks do not show the notes
    assert all(b"2026-03-09" in rebuilt[kind] for kind in NOTED)


def test_an_article_no_event_cites_changes_no_block(tmp_path: Path) -> None:
    before = make_timeline()
    after = replace(before, events=tuple(e for e in before.events if e.id != "ev-range"))
    after = replace(after, articles=(ARTICLES[0], replace(ARTICLES[1], reference_date="2026-04-01")))
    store, _ = _rebuilt(before, after, tmp_path)
    assert store.rendered == dict.fromkeys(FORMATS, 0)


def test_a_new_build_time_renders_every_calendar_event_again(tmp_path: Path) -> None:
    before = make_timeline()
    after = replace(before, generated=before.generated.replace(year=2027))
    store, _ = _rebuilt(before, after, tmp_path)
    assert store.rendered == {**dict.fromkeys(FORMATS, 0), "ics": len(before.events)}


def test_a_renamed_parent_renders_its_steps_cards_again(tmp_path: Path) -> None:
    before = _with_steps()
    events = tuple(replace(e, title="改名的发布会") if e.id == "ev-range" else e for e in before.events)
    store, rebuilt = _rebuilt(before, replace(before, events=events), tmp_path)
    assert store.rendered == {**dict.fromkeys(FORMATS, 1), "html": 3}  # the parent and its two steps
    assert rebuilt["html"].count("改名的发布会".encode()) == 3 + 1  # its card, two links and its search record


def test_a_new_or_moved_step_renders_its_parents_card_again(tmp_path: Path) -> None:
    before = _with_steps()
    added = replace(before, events=(*before.events, event("ev-step-3", "2026-03-13", parent="ev-range")))
    store, rebuilt = _rebuilt(before, added, tmp_path)
    assert store.rendered == {**dict.fromkeys(FORMATS, 1), "html": 2}  # the new step and its parent
    assert "包含 3 项".encode() in rebuilt["html"]

    moved = replace(before, events=tuple(replace(e, start="2026-03-13", end="2026-03-13")
                                         if e.id == "ev-step-2" else e for e in before.events))
    store, _ = _rebuilt(before, moved, tmp_path / "moved")
    assert store.rendered == {**dict.fromkeys(FORMATS, 1), "html": 2}  # the moved step and its parent


@pytest.mark.parametrize("parts", [1, 2, 3, 1000])
@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("precision", ["day", "year"])
def test_slices_rendered_apart_join_into_the_same_file(kind: str, parts: int, precision: str) -> None:
    # Parallel builds render the blocks in slices on several processes and join them.
    for timeline in (_with_steps(), make_timeline(events=())):
        options = {"precision": precision, "excel": True}
        options = {k: options[k] for k in EXPORTERS[kind].options}
        split = EXPORTERS[kind].split
        assert split is not None
        positions = split.positions(timeline, **options)
        cut = [positions[n * len(positions) // parts:(n + 1) * len(positions) // parts] for n in range(parts)]
        blocks = [block for run in cut for block in split.part(timeline, run).blocks]
        assert split.join(timeline, blocks, **options) == EXPORTERS[kind].render(timeline, **options)


def test_a_rebuild_with_the_cache_writes_what_a_full_build_writes(tmp_path: Path) -> None:
    news = tmp_path / "news"
    shutil.copytree(SEEDS, news)
    page = write(news / "extra.txt", "市科协举办科普讲座\n\n本报讯 2024年6月8日，市科协在市科技馆举办科普讲座。\n")
    cached = tmp_path / "cached"
    assert run_build([news, "--out", cached, "-q"]).exit_code == 0
    write(page, "市科协举办科普讲座\n\n本报讯 2024年6月9日，市科协在市科技馆举办第二期科普讲座。\n")
    assert run_build([news, "--out", cached, "-q"]).exit_code == 0
    assert run_build([news, "--out", tmp_path / "full", "-q", "--no-cache"]).exit_code == 0
    for kind in FORMATS:
        name = EXPORTERS[kind].filename
        assert (cached / name).read_bytes() == (tmp_path / "full" / name).read_bytes()
        assert "第二期科普讲座".encode() in (cached / name).read_bytes()
    calendar = (cached / "timeline.ics").read_bytes()
    with sqlite3.connect(cached / CACHE_NAME) as connection:  # one block per event and format, old ones dropped
        keys = [key for (key,) in connection.execute("SELECT key FROM fragments")]
    kinds = {kind: sum(key.split(":")[1] == kind for key in keys) for kind in FORMATS}
    events = calendar.count(b"BEGIN:VEVENT")
    assert kinds == dict.fromkeys(FORMATS, events)
