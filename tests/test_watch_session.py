"""A watch's session of builds: after every edit, what a remembering session writes (``SourceSession.load`` and
``BuildSession(remember=True)``) is byte for byte what a new build from scratch writes for the same inputs."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from build_fixtures import LETTER, OUTPUT_NAMES, SEEDS, TWO_REPORTS, news, write
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cache import BuildCache
from timeline.export import FORMATS
from timeline.session import BuildOutcome, BuildSession, BuildSettings
from timeline.sources import TOML_NAME, SourceSession, load_sources

ARTICLE = "\n本报讯 2025年3月8日，市科协举办科普讲座，200余名市民参加。\n"
NEW_PAGE = news("市科协举办青少年科技节", "本报讯 2025年5月18日，市科协在市青少年宫举办科技节，3000余名学生参加。")
SUB_PAGE = news("科技志愿者走进社区", "本报讯 2023年9月16日，市科技志愿服务队走进茂南区社区，为居民讲解防灾减灾知识。")
SEED_A, SEED_B, SEED_C, _ = sorted(p.name for p in SEEDS.glob("*.txt"))

# What a watcher would report for an edit: the paths it touched (None: it cannot say, anything may have changed).
Changed = Collection[str] | None


def _settings(out: Path, *, jobs: int = 1, use_cache: bool = True) -> BuildSettings:
    return BuildSettings(out, "测试", FORMATS, jobs=jobs, use_cache=use_cache, quiet=True)


def outputs_of(out: Path) -> dict[str, bytes]:
    """The five outputs in ``out``, by name."""
    return {name: (out / name).read_bytes() for name in OUTPUT_NAMES}


def fresh_outputs(folder: Path, out: Path) -> dict[str, bytes]:
    """The outputs of a build from scratch of ``folder`` (no session, no cache) into ``out``."""
    session = BuildSession(_settings(out, use_cache=False))
    try:
        session.build(load_sources([folder]))
    finally:
        session.close()
    return outputs_of(out)


class Watched:
    """A folder of inputs and a remembering session that builds it; each rebuild is checked against a build
    from scratch (its loaded files against ``load_sources``, its five outputs against a fresh build's)."""

    def __init__(self, folder: Path, work: Path, *, jobs: int = 1) -> None:
        self.folder = folder
        self.out = work / "remembered"
        self.scratch = work / "scratch"
        self.sources = SourceSession([folder])
        self.session = BuildSession(_settings(self.out, jobs=jobs), remember=True)

    def rebuild(self, changed: Changed = None) -> BuildOutcome:
        loaded = self.sources.load(changed)
        assert loaded == load_sources([self.folder])
        outcome = self.session.build(loaded)
        assert outputs_of(self.out) == fresh_outputs(self.folder, self.scratch)
        return outcome

    def outputs(self) -> dict[str, bytes]:
        return outputs_of(self.out)

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "news"))


@contextmanager
def _watching(folder: Path, work: Path, jobs: int = 1) -> Iterator[Watched]:
    watched = Watched(folder, work, jobs=jobs)
    try:
        yield watched
    finally:
        watched.close()


@pytest.fixture
def watched(seeds: Path, tmp_path: Path) -> Iterator[Watched]:
    """A session over a copy of the seeds, its first build done."""
    with _watching(seeds, tmp_path) as watched:
        watched.rebuild()
        yield watched


def _absolute(paths: Iterable[Path]) -> set[str]:
    return {str(p.absolute()) for p in paths}


# ---- an edit sequence over the seeds ---------------------------------------------------------------------------
# Each edit changes the folder and gives the paths a watcher would report.


def _modify(folder: Path) -> set[Path]:
    path = folder / SEED_A
    path.write_text(path.read_text(encoding="utf-8").replace("科协", "科学技术协会", 1), encoding="utf-8")
    return {path}


def _append(folder: Path) -> set[Path]:
    path = folder / SEED_B
    with path.open("a", encoding="utf-8") as fh:
        fh.write(ARTICLE)
    return {path}


def _add_file(folder: Path) -> set[Path]:
    return {write(folder / "extra.txt", NEW_PAGE)}


def _add_subfolder(folder: Path) -> set[Path]:
    return {folder / "sub", write(folder / "sub" / "deep.txt", SUB_PAGE)}


def _delete(folder: Path) -> set[Path]:
    (folder / SEED_C).unlink()
    return {folder / SEED_C}


def _rename(folder: Path) -> set[Path]:
    return {folder / "extra.txt", (folder / "extra.txt").rename(folder / "renamed.txt")}


def _toml(folder: Path) -> set[Path]:
    return {write(folder / TOML_NAME, '["renamed.txt"]\ndate = "2023-06-01"\ntitle = "科技节"\n\n'
                                      '["sub/deep.txt"]\ndate = "2022"\n')}


def _empty(folder: Path) -> set[Path]:
    (folder / SEED_A).write_bytes(b"")
    return {folder / SEED_A}


def _restore(folder: Path) -> set[Path]:
    return {Path(shutil.copyfile(SEEDS / SEED_A, folder / SEED_A))}


EDITS: tuple[Callable[[Path], set[Path]], ...] = (_modify, _append, _add_file, _add_subfolder, _delete, _rename,
                                                   _toml, _empty, _restore)


@pytest.mark.parametrize(("reported", "jobs"), [(True, 1), (False, 1), (True, 2)],
                         ids=["changes-reported", "anything-may-have-changed", "changes-reported-2-jobs"])
def test_every_rebuild_of_an_edit_sequence_writes_what_a_fresh_build_writes(
        seeds: Path, tmp_path: Path, reported: bool, jobs: int) -> None:
    with _watching(seeds, tmp_path, jobs) as watched:
        watched.rebuild()
        for edit in EDITS:
            before = watched.outputs()
            touched = edit(seeds)
            outcome = watched.rebuild(_absolute(touched) if reported else None)
            assert outcome.timeline is not None, edit.__name__
            assert watched.outputs() != before, f"{edit.__name__} changed nothing: the test would prove nothing"


def test_the_edits_do_what_they_say(watched: Watched, seeds: Path) -> None:
    loaded = {}
    for edit in EDITS:
        edit(seeds)
        loaded[edit.__name__] = watched.sources.load(None)
    assert "extra.txt" in [f.path for f in loaded["_add_file"].files]
    assert "sub/deep.txt" in [f.path for f in loaded["_add_subfolder"].files]
    assert SEED_C not in [f.path for f in loaded["_delete"].files]
    assert {f.path: f.meta.date for f in loaded["_toml"].files}["renamed.txt"] == "2023-06-01"
    assert [(s.path, s.reason) for s in loaded["_empty"].skipped] == [(SEED_A, "empty file")]
    assert loaded["_restore"].skipped == ()


def test_an_edit_nobody_reported_is_seen_when_the_file_size_changed(watched: Watched, seeds: Path) -> None:
    _append(seeds)
    outcome = watched.rebuild(set())
    assert outcome.timeline is not None
    assert "2025-03-08" in watched.outputs()["timeline.json"].decode("utf-8")


@pytest.mark.parametrize("reported", [True, False], ids=["change-reported", "anything-may-have-changed"])
def test_a_rebuild_after_one_file_changed_computes_only_that_file(seeds: Path, tmp_path: Path, reported: bool,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    get_many = BuildCache.get_many

    def spy(self: BuildCache, keys: Sequence[str]) -> dict[str, Any]:
        asked.extend(keys)
        return get_many(self, keys)

    monkeypatch.setattr(BuildCache, "get_many", spy)
    with _watching(seeds, tmp_path) as watched:
        assert watched.rebuild().computed == 8  # both phases of the 4 files
        asked.clear()
        touched = _append(seeds)
        assert watched.rebuild(_absolute(touched) if reported else None).computed == 2  # its read and finish phases
    assert len(asked) == 2  # the other files' results came from memory, not from the cache on disk


@pytest.mark.parametrize("changed", [set(), None], ids=["nothing-reported", "anything-may-have-changed"])
def test_a_rebuild_with_nothing_changed_writes_nothing(watched: Watched, changed: Changed) -> None:
    states = {name: (watched.out / name).stat().st_mtime_ns for name in OUTPUT_NAMES}
    outcome = watched.rebuild(changed)
    assert outcome.timeline is None
    assert outcome.computed == 0
    assert {name: (watched.out / name).stat().st_mtime_ns for name in OUTPUT_NAMES} == states


# ---- random edit sequences -------------------------------------------------------------------------------------

PAGES = (
    news("市科协举办科普讲座", "本报讯 2024年3月8日，市科协在市科技馆举办科普讲座，200余名市民参加。"),
    # The same event as the page before, in other words.
    news("科普讲座走进市科技馆", "2024年3月8日，市科协在市科技馆举办科普讲座，吸引200余名市民到场聆听。"),
    news("院士专家走进化州", "本报讯 2024年4月12日，广东省院士专家服务团走进化州市开展技术指导。"),
    news("青少年科技创新大赛开幕", "本报讯 2025年5月18日，第40届广东省青少年科技创新大赛在广州开幕。"),
    news("第39届广东省青少年科技创新大赛举行", "本报讯 3月5日，第39届广东省青少年科技创新大赛举行，2000余名学生参加。"),
    LETTER,
    TWO_REPORTS,
)
NAMES = ("a.txt", "b.txt", "sub/c.txt", "sub/d.md")
DATES = ("2024-04-16", "2023", "2025-05-01")

_name = st.sampled_from(NAMES)
_page = st.integers(0, len(PAGES) - 1)
EDIT = st.one_of(
    st.tuples(st.just("write"), _name, _page),
    st.tuples(st.just("append"), _name, _page),
    st.tuples(st.just("delete"), _name),
    st.tuples(st.just("rename"), _name, _name),
    st.tuples(st.just("empty"), _name),
    st.tuples(st.just("toml"), _name, st.sampled_from(DATES)),
)


def _apply(folder: Path, edit: tuple[object, ...]) -> set[Path]:
    """Make ``edit`` (from ``EDIT``) in ``folder``; the paths it touched (none when it does not apply)."""
    kind, name, *rest = edit
    path = folder / str(name)
    if kind == "write":
        return {write(path, PAGES[int(rest[0])])}
    if kind == "append":
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        return {write(path, old + PAGES[int(rest[0])])}
    if kind == "toml":
        return {write(folder / TOML_NAME, f'["{name}"]\ndate = "{rest[0]}"\ntitle = "标题{rest[0]}"\n')}
    if not path.is_file():
        return set()
    if kind == "delete":
        path.unlink()
        return {path}
    if kind == "empty":
        return {write(path, "")}
    target = folder / str(rest[0])
    if target.exists():
        return set()
    target.parent.mkdir(parents=True, exist_ok=True)
    return {path, path.rename(target)}


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.tuples(EDIT, st.booleans()), min_size=1, max_size=4))
def test_random_edit_sequences_rebuild_as_fresh_builds(steps: list[tuple[tuple[object, ...], bool]]) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "news"
        write(folder / "a.txt", PAGES[0])
        write(folder / "sub" / "c.txt", PAGES[4])
        with _watching(folder, Path(work)) as watched:
            watched.rebuild()
            for edit, reported in steps:
                touched = _apply(folder, edit)
                watched.rebuild(_absolute(touched) if reported else None)
