"""The JSON export: fixed shape and key order, values as in the timeline, stable bytes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from export_fixtures import TRICKY_TITLE, make_timeline

from timeline.export.json_export import render_json

ARTICLE_KEYS = ["file", "index", "title", "start", "end", "reference_date", "reference_basis", "confidence", "url",
                "source"]
EVENT_KEYS = ["id", "start", "end", "precision", "recurrence", "time", "approximate", "title", "place", "summary",
              "parent", "url", "sources"]
SOURCE_KEYS = ["file", "article", "article_title", "start", "end", "quote", "mention"]
SUMMARY_KEYS = ["name", "generated", "files", "articles", "mentions", "events", "unresolved", "skipped"]


def _load(data: bytes) -> dict:
    return json.loads(data.decode("utf-8"))


def test_keys_come_in_the_documented_order() -> None:
    doc = _load(render_json(make_timeline()))
    assert list(doc) == ["articles", "events", "unresolved", "skipped", "summary"]
    assert all(list(a) == ARTICLE_KEYS for a in doc["articles"])
    assert all(list(e) == EVENT_KEYS for e in doc["events"])
    assert all(list(s) == SOURCE_KEYS for e in doc["events"] for s in e["sources"])
    assert list(doc["unresolved"][0]) == ["file", "article", "start", "end", "text", "reason"]
    assert list(doc["skipped"][0]) == ["path", "reason"]
    assert list(doc["summary"]) == SUMMARY_KEYS


def test_values_round_trip_including_awkward_text() -> None:
    timeline = make_timeline()
    doc = _load(render_json(timeline))
    assert [e["id"] for e in doc["events"]] == [e.id for e in timeline.events]
    ranged = next(e for e in doc["events"] if e["id"] == "ev-range")
    assert ranged["title"] == TRICKY_TITLE
    assert (ranged["start"], ranged["end"], ranged["precision"]) == ("2026-03-11", "2026-03-13", "day")
    assert ranged["sources"][0]["quote"] == "会议议程：签到, 致辞; 演示\\结束。\n下午继续。"
    assert ranged["sources"][1]["article_title"] == "发布会回顾"
    timed = next(e for e in doc["events"] if e["id"] == "ev-timed")
    assert (timed["time"], timed["approximate"], timed["recurrence"]) == ("09:30", False, None)
    assert doc["articles"][1]["reference_date"] is None
    assert doc["skipped"] == [{"path": "scan.pdf", "reason": "no text layer"}]


def test_summary_counts_and_utc_timestamp() -> None:
    summary = _load(render_json(make_timeline()))["summary"]
    assert summary == {"name": "科协大事记", "generated": "2026-03-01T08:30:00Z", "files": 3, "articles": 2,
                       "mentions": 27, "events": 12, "unresolved": 1, "skipped": 1}


def test_generated_in_another_zone_or_naive_is_written_in_utc() -> None:
    beijing = datetime(2026, 3, 1, 16, 30, tzinfo=timezone(timedelta(hours=8)))
    assert _load(render_json(make_timeline(generated=beijing)))["summary"]["generated"] == "2026-03-01T08:30:00Z"
    naive = datetime(2026, 3, 1, 8, 30)
    assert _load(render_json(make_timeline(generated=naive)))["summary"]["generated"] == "2026-03-01T08:30:00Z"


def test_bytes_are_readable_utf8_one_record_per_line_and_stable() -> None:
    timeline = make_timeline()
    data = render_json(timeline)
    assert "科协大事记".encode() in data  # not \uXXXX escapes
    assert data.startswith(b'{\n  "articles": [\n    {"file": ')
    assert data.endswith(b"}\n")
    assert render_json(make_timeline()) == data
    lines = data.decode().splitlines()
    for event in timeline.events:  # one line each, whole: grep finds an event with all its sources
        [line] = [x for x in lines if f'"id": "{event.id}"' in x]
        assert json.loads(line.strip().rstrip(",")) == _load(data)["events"][timeline.events.index(event)]


def test_empty_timeline_has_the_same_shape() -> None:
    doc = _load(render_json(make_timeline(articles=(), events=(), unresolved=(), skipped=())))
    assert doc["events"] == [] and doc["summary"]["events"] == 0
