"""Speed, memory and value accuracy of ``timeline.dates.find_dates`` on a synthetic corpus.

Usage::

    python benchmarks/bench_parse.py [--mb 20] [--seed 1] [--runs 3] [--engine MODULE:FUNC]

The corpus comes from ``make_corpus.py`` (same folder) and is cached under
``benchmarks/.cache/`` (git-ignored), keyed by size, seed and a digest of the generator's
source.  Everything runs in one process pinned to one CPU (where the OS allows), in this order:

1. the corpus is read article by article (never held as one string besides the article
   list), with each article's reference year from the truth file;
2. warm-up: ``find_dates`` on the first articles (imports, compiled patterns, caches);
3. ``ru_maxrss`` growth over a pass on 1/4 of the articles, then over full passes;
   speed is the best of ``--runs`` full passes, results discarded as they come; each full
   pass is followed by a pass of the bare scan ``for m in re.finditer(r"[0-9０-９年月日]",
   text): pass`` over the same articles (best of ``--runs`` too), so that both meet the
   same load on a shared machine;
4. ``tracemalloc`` peaks of a pass on 1/4 of the articles and of a full pass;
5. (the bare scan figures of step 3);
6. value accuracy against the planted dates: a planted expression is correct when some
   reported mention overlaps its span with the same day interval and precision (a
   missing ``end_date`` means ``end_date == start_date``, and ``2024-04`` covers the
   whole month, as in ``shared/eval/score.py``); a reported mention that overlaps no
   planted date is a false positive, attributed to the trap it overlaps if any.

It prints figures next to the targets (≥ 5,000,000 chars/s, within 10× of the bare scan,
memory flat as the corpus grows) and asserts nothing.
"""

from __future__ import annotations

import argparse
import calendar
import collections
import datetime as dt
import gc
import hashlib
import importlib
import json
import os
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import make_corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
BARE_SCAN = re.compile(r"[0-9０-９年月日]")

TARGET_CPS = 5_000_000
TARGET_SLOWDOWN = 10.0

FindDates = Callable[[str, int], Iterable[Any]]


# --------------------------------------------------------------------------- corpus
def corpus_path(mb: float, seed: int) -> Path:
    """The cache path for a corpus of ``mb`` megabytes and ``seed``, keyed by the generator's source."""
    digest = hashlib.sha256(Path(make_corpus.__file__).read_bytes()).hexdigest()[:10]
    return CACHE / f"corpus-{mb:g}mb-seed{seed}-{digest}.txt"


def ensure_corpus(mb: float, seed: int) -> tuple[Path, Path, bool]:
    """Return (text path, truth path, was generated now), generating into the cache if needed."""
    path = corpus_path(mb, seed)
    truth = path.with_name(path.name + ".truth.jsonl")
    if path.exists() and truth.exists():
        return path, truth, False
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("tmp-" + path.name)
    make_corpus.write_corpus(tmp, int(mb * 1_000_000), seed)
    tmp.with_name(tmp.name + ".truth.jsonl").replace(truth)
    tmp.replace(path)
    return path, truth, True


def read_articles(path: Path) -> Iterator[str]:
    """Yield the articles of a corpus file (blank-line separated) without reading it whole."""
    buf: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        for line in f:
            if line == "\n":
                yield "".join(buf)[:-1]
                buf.clear()
            else:
                buf.append(line)
    if buf:
        yield "".join(buf)[:-1]


def read_article_lines(truth: Path) -> list[dict[str, Any]]:
    """The ``type: article`` records of a truth file (cheap: other lines are not parsed)."""
    out = []
    with truth.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith('{"type": "article"'):
                out.append(json.loads(line))
    return out


@dataclass
class ArticleTruth:
    """Planted dates and traps of one article, offsets relative to the article."""

    dates: list[dict[str, Any]] = field(default_factory=list)
    traps: list[dict[str, Any]] = field(default_factory=list)


def read_truth(truth: Path, articles: list[dict[str, Any]]) -> list[ArticleTruth]:
    """Group the date and trap records by article, with article-relative offsets."""
    out = [ArticleTruth() for _ in articles]
    with truth.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            kind = rec.get("type")
            if kind not in ("date", "trap"):
                continue
            i = rec["article"]
            base = articles[i]["start"]
            rec["start"] -= base
            rec["end"] -= base
            (out[i].dates if kind == "date" else out[i].traps).append(rec)
    return out


# --------------------------------------------------------------------------- engine
def load_engine(spec: str) -> FindDates:
    """Import ``MODULE:FUNC`` with the repository root on ``sys.path``."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name or "find_dates")


def attr(m: Any, name: str) -> Any:
    """A mention field, whether the mention is an object or a dict."""
    if isinstance(m, dict):
        return m.get(name)
    return getattr(m, name, None)


def _first_day(s: str) -> dt.date:
    parts = [int(p) for p in s.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(s: str) -> dt.date:
    parts = [int(p) for p in s.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


def value_key(start_date: Any, end_date: Any, precision: Any) -> tuple[dt.date, dt.date, str] | None:
    """Normalise a value to (first day, last day, precision); None when it has no calendar value."""
    if not start_date:
        return None
    try:
        first = _first_day(str(start_date).strip()[:10])
        last = _last_day(str(end_date or start_date).strip()[:10])
    except (ValueError, IndexError):
        return None
    return first, last, str(getattr(precision, "value", precision) or "").lower()


def show_value(m: Any) -> str:
    """A compact rendering of a mention's or a truth record's value: ``2024-03-11..2024-03-13/day``."""
    start_date, end_date = attr(m, "start_date"), attr(m, "end_date")
    precision = attr(m, "precision")
    prec = getattr(precision, "value", precision)
    span = f"{start_date}..{end_date}" if end_date and end_date != start_date else f"{start_date}"
    return f"{span}/{prec}"


# --------------------------------------------------------------------------- measures
def pin_one_core() -> int | None:
    """Pin this process to one CPU where the OS allows it; return that CPU's number."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def maxrss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1 << 20) if sys.platform == "darwin" else rss / 1024


def run_pass(find_dates: FindDates, articles: list[tuple[str, int]]) -> float:
    """Call ``find_dates`` on every article, discarding results; return elapsed seconds."""
    t0 = time.perf_counter()
    for text, ref in articles:
        find_dates(text, ref)
    return time.perf_counter() - t0


def bare_pass(articles: list[tuple[str, int]]) -> float:
    """The bare character scan over every article; return elapsed seconds."""
    finditer = BARE_SCAN.finditer
    t0 = time.perf_counter()
    for text, _ in articles:
        for _m in finditer(text):
            pass
    return time.perf_counter() - t0


def traced_peak(find_dates: FindDates, articles: list[tuple[str, int]]) -> int:
    """tracemalloc peak (bytes) of one pass, counting only what the pass allocates."""
    gc.collect()
    tracemalloc.start()
    try:
        run_pass(find_dates, articles)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@dataclass
class Accuracy:
    """Value accuracy and false positives against the planted truth."""

    planted: int = 0
    found: int = 0  # some mention overlaps the span
    correct: int = 0  # some overlapping mention has the planted value
    reported: int = 0
    false_pos: int = 0
    by_form: dict[str, list[int]] = field(default_factory=lambda: collections.defaultdict(lambda: [0, 0, 0]))
    fp_by_kind: collections.Counter[str] = field(default_factory=collections.Counter)
    fp_examples: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))
    miss_examples: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))


def _context(text: str, start: int, end: int, width: int = 8) -> str:
    left = text[max(0, start - width) : start].replace("\n", "⏎")
    right = text[end : end + width].replace("\n", "⏎")
    return f"…{left}【{text[start:end]}】{right}…".replace("\n", "⏎")


def measure_accuracy(
    find_dates: FindDates, articles: list[tuple[str, int]], truths: list[ArticleTruth], n_examples: int
) -> Accuracy:
    """Score every article's mentions against its planted dates and traps."""
    acc = Accuracy()
    for (text, ref), truth in zip(articles, truths, strict=True):
        mentions = []
        for m in find_dates(text, ref):
            s, e = attr(m, "start"), attr(m, "end")
            if isinstance(s, int) and isinstance(e, int):
                key = value_key(attr(m, "start_date"), attr(m, "end_date"), attr(m, "precision"))
                mentions.append((s, e, key, m))
        acc.reported += len(mentions)
        for d in truth.dates:
            ds, de = d["start"], d["end"]
            want = value_key(d["start_date"], d["end_date"], d["precision"])
            hits = [mt for mt in mentions if mt[0] < de and ds < mt[1]]
            ok = any(mt[2] == want for mt in hits)
            row = acc.by_form[d["form"]]
            row[0] += 1
            row[1] += bool(hits)
            row[2] += ok
            acc.planted += 1
            acc.found += bool(hits)
            acc.correct += ok
            if not ok and len(acc.miss_examples[d["form"]]) < n_examples:
                got = "; ".join(f"{text[s:e]!r} → {show_value(m)}" for s, e, _, m in hits)
                acc.miss_examples[d["form"]].append(
                    f"{_context(text, ds, de)}  want {show_value(d)}  got {got or 'no mention'}"
                )
        for s, e, _, m in mentions:
            if any(d["start"] < e and s < d["end"] for d in truth.dates):
                continue
            acc.false_pos += 1
            trap = next((t for t in truth.traps if t["start"] < e and s < t["end"]), None)
            kind = f"trap:{trap['form']}" if trap else "other"
            acc.fp_by_kind[kind] += 1
            if len(acc.fp_examples[kind]) < n_examples:
                acc.fp_examples[kind].append(f"{_context(text, s, e)}  → {show_value(m)}  (ref {ref})")
    return acc


# --------------------------------------------------------------------------- report
def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


def _mib(n: float) -> str:
    return f"{n / (1 << 20):.2f} MiB"


def _row(name: str, figure: str, target: str = "", verdict: str = "") -> str:
    return f"  {name:<34} {figure:>22}   {target:<26} {verdict}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in megabytes of UTF-8 (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="timed full passes; the best counts (default 3)")
    ap.add_argument("--engine", default="timeline.dates:find_dates", help="MODULE:FUNC to benchmark")
    ap.add_argument("--examples", type=int, default=3, help="examples printed per false-positive kind and miss form")
    ap.add_argument("--peer-chars", type=int, default=300_000,
                    help="characters of the corpus the peers (jionlp, dateparser) are measured on (default 300,000)")
    a = ap.parse_args(argv)

    cpu = pin_one_core()
    t0 = time.perf_counter()
    path, truth_path, generated = ensure_corpus(a.mb, a.seed)
    gen_s = time.perf_counter() - t0
    art_lines = read_article_lines(truth_path)
    texts = list(read_articles(path))
    if len(texts) != len(art_lines):
        print(
            f"corpus and truth disagree: {len(texts)} articles in text, {len(art_lines)} in truth",
            file=sys.stderr,
        )
        return 1
    articles = [(t, rec["ref"]) for t, rec in zip(texts, art_lines, strict=True)]
    del texts
    quarter = articles[: max(1, len(articles) // 4)]
    n_chars = sum(len(t) for t, _ in articles)

    try:
        find_dates = load_engine(a.engine)
    except (ImportError, AttributeError) as exc:
        print(f"cannot import {a.engine}: {exc!r}", file=sys.stderr)
        return 1

    # Warm-up: imports, compiled patterns, lazily built tables.
    run_pass(find_dates, articles[:50])
    gc.collect()

    # ru_maxrss growth: 1/4 of the corpus, then the whole corpus (the first timed run).
    rss0 = maxrss_mib()
    q_time = run_pass(find_dates, quarter)
    rss_q = maxrss_mib()
    times = [run_pass(find_dates, articles)]
    rss_f = maxrss_mib()
    bare_times = [bare_pass(articles)]
    for _ in range(a.runs - 1):
        times.append(run_pass(find_dates, articles))
        bare_times.append(bare_pass(articles))
    best = min(times)
    cps = n_chars / best

    peak_q = traced_peak(find_dates, quarter)
    peak_f = traced_peak(find_dates, articles)

    bare_best = min(bare_times)
    bare_cps = n_chars / bare_best
    slowdown = bare_cps / cps
    # Each full pass is followed by a bare pass, so a pair meets the same load; the median of the pairs'
    # ratios is steadier than the ratio of two minima, the shorter of which (the bare scan) is the noisier.
    paired_slowdown = statistics.median(t / b for t, b in zip(times, bare_times, strict=True))

    truths = read_truth(truth_path, art_lines)
    acc = measure_accuracy(find_dates, articles, truths, a.examples)
    n_traps = sum(len(t.traps) for t in truths)

    flat_traced = peak_f <= max(1.25 * peak_q, peak_q + (1 << 20))
    grow_q, grow_f = rss_q - rss0, rss_f - rss0
    flat_rss = grow_f <= max(1.25 * grow_q, grow_q + 1.0)

    print()
    print(f"find_dates benchmark — engine {a.engine}")
    print(
        f"corpus {path.name} ({'generated' if generated else 'cached'} in {gen_s:.1f} s): "
        f"{n_chars:,} chars, {len(articles):,} articles, {acc.planted:,} planted dates "
        f"(1 per {n_chars / max(acc.planted, 1):.0f} chars), {n_traps:,} traps"
    )
    print(
        f"one process, {'pinned to CPU ' + str(cpu) if cpu is not None else 'one core'}; "
        f"runs: {', '.join(f'{t:.3f} s' for t in times)} (1/4 corpus: {q_time:.2f} s); "
        f"bare scan runs: {', '.join(f'{t * 1000:.1f} ms' for t in bare_times)}"
    )
    print()
    print(_row("measure", "figure", "target", ""))
    print("  " + "-" * 96)
    print(
        _row(
            "find_dates speed (best of runs)",
            f"{cps:,.0f} chars/s",
            f"≥ {TARGET_CPS:,} chars/s",
            "ok" if cps >= TARGET_CPS else "BELOW TARGET",
        )
    )
    print(_row("bare scan speed (best of runs)", f"{bare_cps:,.0f} chars/s",
               f"÷ 10 = {bare_cps / TARGET_SLOWDOWN:,.0f} chars/s"))
    print(
        _row(
            "slowdown vs bare scan (best / best)",
            f"{slowdown:.2f}×",
            f"≤ {TARGET_SLOWDOWN:g}×",
            "ok" if slowdown <= TARGET_SLOWDOWN else "ABOVE TARGET",
        )
    )
    print(
        _row(
            "slowdown, median of paired runs",
            f"{paired_slowdown:.2f}×",
            f"≤ {TARGET_SLOWDOWN:g}×",
            "ok" if paired_slowdown <= TARGET_SLOWDOWN else "ABOVE TARGET",
        )
    )
    print(_row("tracemalloc peak, 1/4 corpus", _mib(peak_q)))
    print(
        _row(
            "tracemalloc peak, full corpus",
            _mib(peak_f),
            "flat (≤ 1.25× or +1 MiB)",
            "ok" if flat_traced else "GROWS",
        )
    )
    print(_row("ru_maxrss growth, 1/4 corpus", f"{grow_q:.2f} MiB"))
    print(
        _row(
            "ru_maxrss growth, full corpus",
            f"{grow_f:.2f} MiB",
            "flat (≤ 1.25× or +1 MiB)",
            "ok" if flat_rss else "GROWS",
        )
    )
    print(_row("ru_maxrss before / after", f"{rss0:.1f} / {rss_f:.1f} MiB"))
    print(_row("value accuracy", f"{_pct(acc.correct, acc.planted)} ({acc.correct:,}/{acc.planted:,})"))
    print(_row("span recall (any overlap)", f"{_pct(acc.found, acc.planted)} ({acc.found:,}/{acc.planted:,})"))
    print(
        _row(
            "false positives",
            f"{acc.false_pos:,} of {acc.reported:,}",
            f"{sum(v for k, v in acc.fp_by_kind.items() if k.startswith('trap:')):,} on traps",
        )
    )
    print()
    print(f"  {'form':<16} {'planted':>8} {'found':>8} {'correct':>8} {'accuracy':>9}")
    for form, (n, found, ok) in sorted(acc.by_form.items(), key=lambda kv: (kv[1][2] / kv[1][0], kv[0])):
        print(f"  {form:<16} {n:>8,} {found:>8,} {ok:>8,} {_pct(ok, n):>9}")
    if acc.fp_by_kind:
        print()
        print(
            "  false positives by what they overlap: "
            + ", ".join(f"{k} {v:,}" for k, v in acc.fp_by_kind.most_common())
        )
        for kind, _ in acc.fp_by_kind.most_common():
            for ex in acc.fp_examples[kind]:
                print(f"    [{kind}] {ex}")
    misses = [(form, ex) for form, exs in sorted(acc.miss_examples.items()) for ex in exs]
    if misses:
        print()
        print("  planted dates missed or misvalued (examples):")
        for form, ex in misses:
            print(f"    [{form}] {ex}")
    print()
    compare_peers(find_dates, articles, truths, a.peer_chars)
    return 0


def compare_peers(find_dates: FindDates, articles: list[tuple[str, int]], truths: list[ArticleTruth],
                  n_chars: int) -> None:
    """Speed and value accuracy of find_dates and each installed peer on the same first ``n_chars``."""
    from peers import available

    peers = available()
    if not peers:
        print("peers: none installed (pip install 'kxtimeline[bench]' for jionlp; dateparser is a dependency)")
        return
    count, size = 0, 0
    while count < len(articles) and size < n_chars:
        size += len(articles[count][0])
        count += 1
    part, part_truths = articles[:count], truths[:count]
    rows = []
    for name, function in [("kxtimeline find_dates", find_dates), *peers.items()]:
        function(part[0][0], part[0][1])  # warm-up: imports, models, dictionaries
        started = time.perf_counter()
        for text, ref in part:
            function(text, ref)
        seconds = time.perf_counter() - started
        acc = measure_accuracy(function, part, part_truths, 0)
        rows.append((name, size / seconds, acc))
    ours = rows[0][1]
    print(f"peers on the same {size:,} characters ({count} articles, {rows[0][2].planted:,} planted dates):")
    print(f"  {'engine':<26} {'chars/s':>14} {'find_dates is':>14} {'value accuracy':>16} {'false pos.':>11}")
    for name, speed, acc in rows:
        ratio = "—" if speed == ours else f"{ours / speed:,.0f}× faster"
        print(f"  {name:<26} {speed:>14,.0f} {ratio:>14} {_pct(acc.correct, acc.planted):>16} {acc.false_pos:>11,}")
    print()


if __name__ == "__main__":
    raise SystemExit(main())
