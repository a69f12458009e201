"""A build killed with SIGKILL at any moment leaves each output either the complete old file or the complete new one.

Corpus A (the seeds and generated articles, one a file, about 2 MB) is built once into ``out/``: the old outputs.
Corpus B (A with files changed, removed and added) is built into another folder: the new outputs. Then, again and
again, the old outputs are put back, ``kxtimeline build B --out out --no-cache`` starts as a process of its own
and is killed (its whole process group, pool workers too) after a seeded random share of B's build time, or as soon
as the writer shows itself in ``out/``. Afterwards every ``timeline.*`` must be byte for byte the old file or the new
one. Temporary files of the atomic writer may remain after SIGKILL (nothing can remove them): they must be hidden
``.timeline.<format>.<random>.tmp`` files holding a prefix of the new output, never a name the tools read.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from build_fixtures import OUTPUT_NAMES, ROOT, SEEDS

KXTIMELINE = Path(sys.executable).parent / "kxtimeline"
EPOCH = "1767225600"
CORPUS_BYTES = 2_000_000
RANDOM_KILLS = 8
SPAN = 1.25
SEED = 20261123
TEMP = re.compile(r"\.(timeline\.(?:json|md|csv|ics|html))\.[A-Za-z0-9_]+\.tmp")


def make_corpus_module() -> ModuleType:
    """benchmarks/make_corpus.py, which is not a package."""
    if "make_corpus" in sys.modules:
        return sys.modules["make_corpus"]
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # its dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def write_corpus(folder: Path) -> None:
    """The seeds plus generated articles, one a file, until about CORPUS_BYTES."""
    folder.mkdir(parents=True)
    size = 0
    for seed_file in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed_file, folder)
        size += seed_file.stat().st_size
    for number, article in enumerate(make_corpus_module().iter_articles(7)):
        data = article.text.encode("utf-8")
        (folder / f"gen_{number:04d}.txt").write_bytes(data)
        size += len(data)
        if size >= CORPUS_BYTES:
            break


def change_corpus(old: Path, new: Path) -> None:
    """B: A with one file rewritten, one grown, one removed and one added."""
    shutil.copytree(old, new)
    other = make_corpus_module().iter_articles(8)
    (new / "gen_0000.txt").write_text(next(other).text, encoding="utf-8")
    seed = sorted(new.glob("0*.txt"))[0]
    with seed.open("a", encoding="utf-8") as handle:
        handle.write("\n2025年3月18日，市科协在市科技馆召开年度科普工作会议，部署全年科普重点任务。\n")
    (new / "gen_0001.txt").unlink()
    (new / "zz_added.txt").write_text("新增报道\n\n2025年9月9日，市科协举办科技工作者座谈会。\n", encoding="utf-8")


def command(corpus: Path, out: Path) -> list[str]:
    head = [str(KXTIMELINE)] if KXTIMELINE.exists() else [sys.executable, "-c", "from timeline.cli import main; main()"]
    return [*head, "build", str(corpus), "--out", str(out), "--no-cache", "-q"]


def environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def build(corpus: Path, out: Path) -> float:
    """Build to completion; the wall time in seconds."""
    started = time.monotonic()
    done = subprocess.run(command(corpus, out), env=environment(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUT_NAMES}


def restore(out: Path, old: dict[str, bytes]) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)


def kill_when(corpus: Path, out: Path, moment: float | Callable[[], bool]) -> tuple[float, int | None]:
    """Start a build and SIGKILL its process group ``moment`` seconds later, or the first time ``moment()`` holds.

    Returns when it was killed (seconds after the start) and the exit status (-9 when killed, 0 when the build had
    already finished)."""
    started = time.monotonic()
    process = subprocess.Popen(command(corpus, out), env=environment(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if isinstance(moment, float):
            time.sleep(moment)
        else:
            while process.poll() is None and not moment():
                time.sleep(0.0005)
        elapsed = time.monotonic() - started
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        return elapsed, process.wait(timeout=30)
    finally:
        if process.poll() is None:  # only if something above failed
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def inspect(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """Check the outputs after a kill; describe what is there (old/new per output, temp files)."""
    states = []
    for name in OUTPUT_NAMES:
        data = (out / name).read_bytes()
        assert data in (old[name], new[name]), f"{name} is neither the old nor the new output ({len(data)} bytes)"
        states.append(f"{name.removeprefix('timeline.')}={'new' if data == new[name] else 'old'}")
    temps = []
    for entry in sorted(os.listdir(out)):
        if entry in OUTPUT_NAMES:
            continue
        match = TEMP.fullmatch(entry)
        assert match is not None, f"unexpected file {entry!r} in --out after a kill"
        data = (out / entry).read_bytes()
        target = new[match.group(1)]
        assert target.startswith(data), f"{entry} is not a prefix of the new {match.group(1)}"
        temps.append(f"{entry} ({len(data)}/{len(target)} bytes)")
    return " ".join(states) + (" temp: " + ", ".join(temps) if temps else "")


def test_sigkill_leaves_each_output_old_or_new(tmp_path: Path) -> None:
    corpus_a, corpus_b = tmp_path / "a", tmp_path / "b"
    write_corpus(corpus_a)
    change_corpus(corpus_a, corpus_b)
    out, expected = tmp_path / "out", tmp_path / "expected"
    build(corpus_a, out)
    old = outputs(out)
    seconds = build(corpus_b, expected)
    new = outputs(expected)
    assert all(old[name] != new[name] for name in OUTPUT_NAMES), "corpus B must change every output"

    rng = random.Random(SEED)
    # One random moment in each eighth of [0, 1.25) x the build time: from start-up to past the writes.
    moments = [(k + rng.random()) * SPAN / RANDOM_KILLS * seconds for k in range(RANDOM_KILLS)]
    plans: list[tuple[str, float | Callable[[], bool]]] = [(f"after {m:.2f} s", m) for m in moments]
    first_inode = [0]
    plans += [
        ("when the first temp file appears", lambda: any(TEMP.fullmatch(e) for e in os.listdir(out))),
        ("when timeline.json is replaced", lambda: (out / "timeline.json").stat().st_ino != first_inode[0]),
        ("when the html temp file appears", lambda: any(e.startswith(".timeline.html.") for e in os.listdir(out))),
    ]

    report = [f"build of B: {seconds:.2f} s"]
    killed = 0
    untouched = 0
    for label, moment in plans:
        restore(out, old)
        first_inode[0] = (out / "timeline.json").stat().st_ino
        elapsed, status = kill_when(corpus_b, out, moment)
        killed += status == -signal.SIGKILL
        state = inspect(out, old, new)
        untouched += "new" not in state and "temp" not in state
        report.append(f"{label}: {'killed' if status == -signal.SIGKILL else f'exited {status}'} at {elapsed:.2f} s "
                      f"({elapsed / seconds:.0%}): {state}")
    assert killed >= RANDOM_KILLS // 2, "\n".join(report)
    assert untouched >= 1, "no kill came before the writes:\n" + "\n".join(report)

    # A build after all this puts the new outputs in place, whatever the kills left (the last kill's temp files
    # stay: the writer does not remove other runs' leftovers).
    build(corpus_b, out)
    assert outputs(out) == new
    report.append("after a full build: " + ", ".join(sorted(os.listdir(out))))
    print("\n".join(report))
