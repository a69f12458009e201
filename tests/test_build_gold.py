"""The build against the seeds answer key (copies of ../shared/gold/{articles,events}.jsonl under tests/data).

Counts an event as matched when its start, end and precision equal the key's and it cites the key's source
file; asserts every article's reference year, event recall ≥ 95 %, precision ≥ 90 %, and that no event of the
key with several sources is split. Prints the figures (``pytest -s`` shows them).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from timeline.build import build_timeline
from timeline.model import Event, Timeline
from timeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    loaded = load_sources([ROOT / "seeds"])
    return build_timeline(loaded.files, name="seeds", generated=datetime(2026, 11, 22, tzinfo=UTC))


def _key_value(key: dict) -> tuple[str, str, str]:
    return key["start"], key["end"] or key["start"], key["precision"]


def _matches(event: Event, key: dict) -> bool:
    files = {s["file"] for s in key["sources"]}
    return (event.start, event.end, event.precision) == _key_value(key) and any(
        c.file in files for c in event.sources)


def _cites(event: Event, source: dict) -> bool:
    return any(c.file == source["file"] and c.start - 3 <= source["mention_start"] < c.end for c in event.sources)


def test_every_article_has_the_keys_reference_year(timeline: Timeline) -> None:
    ours = {(a.file, a.index): a for a in timeline.articles}
    for key in _jsonl("articles.jsonl"):
        article = ours.get((key["file"], key["article"]))
        assert article is not None, f"article {key['file']}#{key['article']} not found"
        assert (article.start, article.end) == (key["start"], key["end"])
        assert article.reference_date is not None
        assert article.reference_date[:4] == key["reference_date"][:4], (key["file"], key["article"])
        if len(key["reference_date"]) == 10:
            assert article.reference_date == key["reference_date"]
    assert len(timeline.articles) == len(_jsonl("articles.jsonl"))


def test_event_recall_and_precision(timeline: Timeline) -> None:
    keys = _jsonl("events.jsonl")
    unmatched = list(timeline.events)
    found = 0
    missed = []
    for key in keys:
        hit = next((e for e in unmatched if _matches(e, key)), None)
        if hit is None:
            missed.append(key["title"])
            continue
        unmatched.remove(hit)
        found += 1
    recall = found / len(keys)
    precision = found / len(timeline.events)
    print(f"\nevents: {len(timeline.events)} built, {len(keys)} in the key, {found} matched; "
          f"recall {recall:.1%}, precision {precision:.1%}; missed {missed}; "
          f"extra {[(e.start, e.title) for e in unmatched]}")
    assert recall >= 0.95
    assert precision >= 0.90


def test_no_event_with_several_sources_is_split(timeline: Timeline) -> None:
    for key in _jsonl("events.jsonl"):
        if len(key["sources"]) < 2:
            continue
        holders = {e.id for e in timeline.events for s in key["sources"] if _cites(e, s)}
        assert len(holders) == 1, f"{key['title']} is split over {len(holders)} events"


def test_events_are_ordered_and_ids_unique(timeline: Timeline) -> None:
    keys = [(e.start, e.end, e.title, e.id) for e in timeline.events]
    assert keys == sorted(keys)
    assert len({e.id for e in timeline.events}) == len(timeline.events)


def test_quotes_and_offsets_point_into_the_raw_files(timeline: Timeline) -> None:
    for event in timeline.events:
        assert len(event.title) <= 31
        assert not re.search(r"\d+月\d+日", event.title), event.title  # the title is the happening, not its date
        for citation in event.sources:
            raw = (ROOT / "seeds" / citation.file).read_text(encoding="utf-8")
            assert raw[citation.start : citation.end] == citation.mention
            assert "\n" not in citation.quote and citation.quote


def test_the_salon_steps_link_to_their_series(timeline: Timeline) -> None:
    series = next(e for e in timeline.events if (e.start, e.end, e.precision) == ("2026-04", "2026-05", "month"))
    steps = [e for e in timeline.events if e.parent == series.id]
    assert sorted(e.start for e in steps) == ["2026-04-23", "2026-04-29", "2026-04-30", "2026-05-21", "2026-05-27"]
