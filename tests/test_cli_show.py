"""``kxtimeline show``: a finished build's chronology as a terminal table, filtered by year or text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from timeline.cli import main
from timeline.show import display_width, render_table, select

ROOT = Path(__file__).resolve().parent.parent


def _event(start: str, end: str, title: str, place: str | None = None, quote: str = "", **extra: object) -> dict:
    return {"start": start, "end": end, "title": title, "place": place,
            "sources": [{"quote": quote or title}], **extra}


EVENTS = [
    _event("2023", "2023", "茂名27支队参加挑战赛"),
    _event("2024-03-04", "2024-03-05", "专家组赴防城港调研", "防城港市", "今年3月4日至5日，专家组赴防城港调研。"),
    _event("2024-05-30", "2024-05-30", "第八个全国科技工作者日", recurrence="FREQ=YEARLY"),
    _event("2025-12-28", "2026-01-03", "跨年科普周", "深圳"),
]


def test_table_shows_chinese_date_labels_aligned() -> None:
    table = render_table(EVENTS).splitlines()
    assert table[1].startswith("2023年 ")
    assert table[2].startswith("2024年3月4日—5日")
    assert "2024年5月30日（每年）" in table[3]
    assert "2025年12月28日—2026年1月3日" in table[4]
    # the title column starts at the same terminal column on every row, CJK counted double
    titles = ["事件"] + [str(e["title"]) for e in EVENTS]
    starts = {display_width(row[: row.index(title)]) for row, title in zip(table, titles, strict=True)}
    assert len(starts) == 1


def test_select_by_year_includes_ranges_that_touch_it() -> None:
    assert [e["title"] for e in select(EVENTS, year=2026)] == ["跨年科普周"]
    assert [e["title"] for e in select(EVENTS, year=2024)] == ["专家组赴防城港调研", "第八个全国科技工作者日"]


def test_select_by_text_searches_title_place_and_quotes() -> None:
    assert [e["title"] for e in select(EVENTS, search="防城港")] == ["专家组赴防城港调研"]
    assert [e["title"] for e in select(EVENTS, search="深圳")] == ["跨年科普周"]
    assert select(EVENTS, search="不存在的词") == []


def test_show_after_build(tmp_path: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "-q"])
    assert built.exit_code == 0, built.output
    shown = runner.invoke(main, ["show", str(tmp_path), "--year", "2019"])
    assert shown.exit_code == 0
    events = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))["events"]
    expected = [e for e in events if e["start"][:4] <= "2019" <= e["end"][:4]]
    assert len(shown.output.strip().splitlines()) == len(expected) + 1
    assert "2019年6月14日" in shown.output


def test_show_without_a_build_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["show", str(tmp_path)])
    assert result.exit_code == 2
    assert "timeline.json: not found" in result.output
