"""The HTML page, read back with the stdlib parser: events and labels, year/month grouping, controls, markers,
no external resources, escaping of hostile text, the JSON block the script reads, and byte-for-byte determinism."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from export_fixtures import GENERATED, citation, event, events_by_id, make_timeline
from html_fixtures import (
    ATTR_BREAK,
    CLOSE,
    SCRIPT,
    SEPARATORS,
    Element,
    elements_by_id,
    hostile_timeline,
    parse_html,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.export import EXPORTERS, FORMATS, write_outputs
from timeline.export.cndate import format_span, sort_key
from timeline.export.common import reference_notes
from timeline.export.html import render_html
from timeline.model import Timeline

# Anything that makes a browser fetch: a URL attribute pointing off the page, CSS imports and url() references.
EXTERNAL = re.compile(r"""(?:src|href|action|poster|srcset|data|formaction|xlink:href)\s*=\s*["']?\s*(?:https?:|//)""",
                      re.I)
LOADING_TAGS = {"link", "img", "iframe", "object", "embed", "video", "audio", "source", "base", "frame"}


def _page(timeline: Timeline | None = None) -> tuple[str, Element]:
    text = render_html(timeline or make_timeline()).decode("utf-8")
    return text, parse_html(text)


def _event_items(root: Element) -> dict[str, Element]:
    return {li.attrs["id"]: li for li in root.find_all("li", "event")}


def _label(start: str, end: str, approximate: bool = False) -> str:
    return ("约" if approximate else "") + format_span(start, end)


def _script_data(root: Element) -> object:
    block = elements_by_id(root)["kx-data"]
    assert block.tag == "script" and block.attrs["type"] == "application/json"
    return json.loads(block.text())


def _ancestors(root: Element, target: Element) -> list[Element]:
    """The elements enclosing ``target``, outermost first."""
    def walk(node: Element, path: list[Element]) -> list[Element] | None:
        if node is target:
            return path
        for child in node.children:
            if isinstance(child, Element) and (found := walk(child, [*path, node])) is not None:
                return found
        return None
    found = walk(root, [])
    assert found is not None
    return found


# ---- content ---------------------------------------------------------------------------------------------------


def test_every_event_is_a_card_with_its_title_and_date_label() -> None:
    timeline = make_timeline()
    _, root = _page(timeline)
    items = _event_items(root)
    assert set(items) == {e.id for e in timeline.events}
    for e in timeline.events:
        li = items[e.id]
        summary = li.find("details", "card").find("summary")
        assert summary.find(cls="title").text() == e.title
        time = summary.find("time")
        assert time.text() == _label(e.start, e.end, e.approximate)
        assert time.attrs["datetime"] == e.start
        assert ("p-" + e.precision) in li.classes()


def test_cards_follow_the_chronology() -> None:
    timeline = make_timeline()
    _, root = _page(timeline)
    shown = list(_event_items(root))
    assert shown == [e.id for e in sorted(timeline.events, key=lambda e: sort_key(e.start))]


def test_places_times_and_summaries_show() -> None:
    _, root = _page()
    items = _event_items(root)
    assert items["ev-day"].find(cls="place").text() == "地点：杭州"
    assert items["ev-timed"].find(cls="clock").text() == "09:30"
    assert "年会在杭州开幕，主题为创新驱动。" in items["ev-day"].find(cls="body").text()
    # A summary equal to the title is not repeated in the body.
    assert "全国科技活动周" not in items["ev-cross-month"].find(cls="body").find("p").text()


def test_each_card_opens_on_its_quotes_with_file_article_and_reference_date() -> None:
    timeline = make_timeline()
    notes = reference_notes(timeline)
    _, root = _page(timeline)
    items = _event_items(root)
    for e in timeline.events:
        quotes = items[e.id].find("ol", "sources").find_all("li")
        assert [q.find("blockquote").text() for q in quotes] == [c.quote for c in e.sources]
        for q, c in zip(quotes, e.sources, strict=True):
            source = q.find("p", "src").text()
            assert c.file in source and c.article_title in source
            assert notes.get((c.file, c.article), "参考日期 未知") in source
    assert "参考日期 2026-03-10（dateline；可信度 0.90）" in items["ev-day"].find("ol", "sources").text()


def test_one_sentence_cited_twice_is_quoted_once() -> None:
    twice = event("ev-twice", "2024-05-01", title="两个日期", sources=(citation("同一句话。"), citation("同一句话。")))
    _, root = _page(make_timeline(events=(twice,)))
    assert len(_event_items(root)["ev-twice"].find("ol", "sources").find_all("li")) == 1


def test_header_names_the_timeline_with_counts_span_and_build_time() -> None:
    text, root = _page()
    header = root.find("header")
    assert header.find("h1").text() == "科协大事记"
    assert root.find("title").text() == "科协大事记 · 时间线"
    stats = {div.find("dt").text(): div.find("dd").text() for div in header.find("dl", "stats").find_all("div")}
    assert stats == {"事件": "12", "文章": "2", "文件": "3", "日期提及": "27", "未能确定": "1", "跳过的文件": "1"}
    lede = header.find("p", "lede").text()
    assert "2018年至2026年6月1日" in lede
    assert "2026-03-01 08:30 UTC" in lede
    assert header.find("p", "lede").find("time").attrs["datetime"] == "2026-03-01T08:30:00Z"
    assert text.count("08:30") == 2  # the stamp's datetime attribute and its text: no other clock time


def test_appendix_lists_articles_unresolved_mentions_and_skipped_files() -> None:
    _, root = _page()
    appendix = root.find("section", "appendix").text()
    expected = ["发布会回顾 | 第二场", "未能确定", "明年 | 春天", "no reference date", "scan.pdf", "no text layer"]
    assert all(piece in appendix for piece in expected)


def test_an_empty_timeline_still_renders_a_page() -> None:
    _, root = _page(make_timeline(events=(), articles=(), unresolved=(), skipped=()))
    assert root.find("h1").text() == "科协大事记"
    empty = elements_by_id(root)["kx-empty"]
    assert "hidden" not in empty.attrs and empty.text()
    assert _script_data(root) == {"events": []}


# ---- grouping and markers --------------------------------------------------------------------------------------


def test_years_and_months_group_the_events() -> None:
    timeline = make_timeline()
    _, root = _page(timeline)
    years = root.find_all("section", "year")
    assert [y.find("h2").children[0] for y in years] == ["2018年", "2021年", "2023年", "2024年", "2025年", "2026年"]
    items = _event_items(root)
    for e in timeline.events:
        year, month, _ = sort_key(e.start)
        enclosing = [a.attrs.get("id") for a in _ancestors(root, items[e.id]) if a.tag == "section"]
        expected = [f"year-{year}"] + ([f"month-{year}-{month:02d}"] if month else [])
        assert enclosing == expected, e.id


def test_month_headings_name_year_and_month() -> None:
    _, root = _page()
    headings = [h.text() for h in root.find_all("h3")]
    assert headings == ["2023年12月", "2024年4月", "2024年5月", "2025年1月", "2026年3月", "2026年4月", "2026年5月"]


def test_ranges_draw_bars_that_grow_with_their_length() -> None:
    timeline = make_timeline()
    _, root = _page(timeline)
    items = _event_items(root)

    def length(event_id: str) -> int:
        match = re.fullmatch(r"--len:(\d+)px", items[event_id].attrs.get("style", ""))
        assert match, event_id
        return int(match[1])

    for e in timeline.events:
        is_range = e.start != e.end
        assert ("range" in items[e.id].classes()) == is_range
        assert bool(items[e.id].find_all(cls="bar")) == is_range
    assert length("ev-range") < length("ev-cross-month") < length("ev-month-range") < length("ev-year-range")
    assert items["ev-range"].find(cls="len").text() == "共3天"
    assert items["ev-month-range"].find(cls="len").text() == "共2个月"
    assert items["ev-year-range"].find(cls="len").text() == "共3年"


def test_precision_recurrence_and_approximate_markers() -> None:
    _, root = _page()
    items = _event_items(root)
    assert items["ev-month"].find(cls="node").text() == "月"
    assert items["ev-year"].find(cls="node").text() == "年"
    assert items["ev-day"].find(cls="node").text() == ""
    assert "approx" in items["ev-month"].classes()
    assert items["ev-month"].find("time").text().startswith("约")
    assert items["ev-month"].find("span", "approx").text() == "约略"
    recur = items["ev-yearly"].find(cls="recur")
    assert recur.text() == "↻ 每年" and recur.attrs["title"] == "FREQ=YEARLY"


def test_steps_link_to_their_series_and_back() -> None:
    series = event("ev-series", "2026-04", "2026-05", title="干细胞沙龙")
    step = event("ev-step", "2026-04-23", title="沙龙首站", parent="ev-series")
    _, root = _page(make_timeline(events=(series, step)))
    items = _event_items(root)
    assert "child" in items["ev-step"].classes()
    up = items["ev-step"].find("a")
    assert (up.attrs["href"], up.text()) == ("#ev-series", "干细胞沙龙")
    down = items["ev-series"].find("a")
    assert (down.attrs["href"], down.text()) == ("#ev-step", "2026年4月23日")


# ---- controls and the script's data ----------------------------------------------------------------------------


def _labelled(root: Element, control_id: str) -> Element:
    labels = [lab for lab in root.find_all("label") if lab.attrs.get("for") == control_id]
    assert len(labels) == 1 and labels[0].text().strip(), control_id
    return elements_by_id(root)[control_id]


def test_search_box_and_article_filter_exist_with_labels() -> None:
    timeline = make_timeline()
    _, root = _page(timeline)
    search = _labelled(root, "kx-q")
    assert (search.tag, search.attrs["type"]) == ("input", "search")
    select = _labelled(root, "kx-article")
    assert select.tag == "select"
    options = [(o.attrs["value"], o.text()) for o in select.find_all("option")]
    assert options[0] == ("", "全部文章（2 篇）")
    assert options[1:] == [(f"{a.file}#{a.index}", f"{a.file}#{a.index} {a.title}") for a in timeline.articles]


def test_script_data_indexes_every_event_by_text_and_article() -> None:
    timeline = make_timeline()
    _, root = _page(timeline)
    data = _script_data(root)
    assert isinstance(data, dict)
    entries = {d["id"]: d for d in data["events"]}
    assert set(entries) == {e.id for e in timeline.events}
    by_id = events_by_id(timeline)
    for event_id, entry in entries.items():
        e = by_id[event_id]
        assert entry["articles"] == list(dict.fromkeys(f"{c.file}#{c.article}" for c in e.sources))
        for piece in [e.title, e.place or "", *(c.quote for c in e.sources), format_span(e.start, e.end)]:
            assert piece.lower() in entry["text"]
    assert entries["ev-range"]["articles"] == ["news/2026-03.md#1", "news/2026-04.md#2"]


def test_the_script_marks_the_page_ready_at_its_end() -> None:
    text, root = _page()
    scripts = [s for s in root.find_all("script") if "type" not in s.attrs]
    assert len(scripts) == 1
    assert scripts[0].text().rstrip().endswith('document.documentElement.dataset.ready = "1";\n})();')
    assert 'lang="zh-CN"' in text.split("\n")[1]


# ---- nothing external ------------------------------------------------------------------------------------------


def test_nothing_is_loaded_from_anywhere() -> None:
    text, root = _page(hostile_timeline())
    assert not EXTERNAL.search(text)
    assert "@import" not in text and "url(" not in text
    for e in root.iter():
        assert e.tag not in LOADING_TAGS, e.tag
        assert "src" not in e.attrs, e.tag
        href = e.attrs.get("href")
        assert href is None or href.startswith("#"), href


def test_source_urls_show_as_text_not_links() -> None:
    _, root = _page()
    item = _event_items(root)["ev-timed"]
    assert item.find(cls="url").text() == "https://example.org/news/2024 04?id=1"
    assert all(a.attrs.get("href", "#").startswith("#") for a in item.find_all("a"))


# ---- escaping --------------------------------------------------------------------------------------------------


def test_hostile_text_appears_only_escaped() -> None:
    text, root = _page(hostile_timeline())
    assert "<script>alert" not in text
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert "<b>" not in text
    for e in root.iter():
        assert not any(name.startswith("on") or name == "x" for name in e.attrs), (e.tag, e.attrs)
    item = _event_items(root)['ev-hostile"x']
    assert item.find(cls="title").text() == f"标题{SCRIPT}{ATTR_BREAK}"
    assert item.find(cls="place").text() == f"地点：地点{ATTR_BREAK}</li>"
    assert item.find("blockquote").text() == f"引文{CLOSE}{SCRIPT}{SEPARATORS}&amp;"
    assert f"文章{CLOSE}{ATTR_BREAK}" in item.find("p", "src").text()
    assert item.find(cls="recur").attrs["title"] == f"FREQ=YEARLY;X={ATTR_BREAK}"
    assert root.find("h1").text() == f"名称{SCRIPT}{CLOSE}"
    option = [o for o in root.find_all("option") if o.attrs["value"].startswith("evil/")]
    assert option[0].attrs["value"] == f"evil/<b>{ATTR_BREAK}.md#7"


def test_the_json_block_cannot_be_closed_early() -> None:
    text, root = _page(hostile_timeline())
    raw = text.split('<script type="application/json" id="kx-data">', 1)[1].split("</script>", 1)[0]
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    assert "\\u003c/script\\u003e" in raw
    data = json.loads(raw)
    assert data == _script_data(root)
    entry = next(d for d in data["events"] if d["id"] == 'ev-hostile"x')
    assert f"引文{CLOSE}{SCRIPT}{SEPARATORS}&amp;".lower() in entry["text"]
    assert entry["articles"] == [f"evil/<b>{ATTR_BREAK}.md#7"]


# Text heavy in what HTML, attributes and scripts treat specially, mixed with any other character.
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(list("<>&\"'/=` \n\r\u2028\u2029")),
                                  st.sampled_from(["</script>", "<!--", "]]>", "&lt;", "<script", "&#x3c;"]),
                                  st.characters(blacklist_categories=("Cs",))), max_size=20).map("".join)


@settings(max_examples=60, deadline=None)
@given(HOSTILE_TEXT)
def test_any_text_round_trips_and_adds_no_markup(text: str) -> None:
    place = "地点" if text else None  # an empty place is no place: the benign page must lack it too
    plain = make_timeline(events=(event("ev-t", "2024-05-01", title="标题", place=place),))
    odd = replace(plain, events=(event("ev-t", "2024-05-01", title=text, place=text or None,
                                       sources=(citation(text),)),))
    _, plain_root = _page(plain)
    _, odd_root = _page(odd)
    assert [e.tag for e in odd_root.iter()] == [e.tag for e in plain_root.iter()]
    item = _event_items(odd_root)["ev-t"]
    assert item.find(cls="title").text() == text
    assert item.find("blockquote").text() == text
    assert text.lower() in _script_data(odd_root)["events"][0]["text"]


# ---- determinism and registration ------------------------------------------------------------------------------


def test_two_renders_are_byte_identical() -> None:
    assert render_html(make_timeline()) == render_html(make_timeline())
    assert render_html(hostile_timeline()) == render_html(hostile_timeline())


def test_only_the_build_time_changes_the_stamp() -> None:
    first = render_html(make_timeline())
    later = render_html(make_timeline(generated=GENERATED.replace(hour=9)))
    assert first != later
    assert first.replace(b"08:30:00Z", b"09:30:00Z").replace(b"2026-03-01 08:30", b"2026-03-01 09:30") == later


def test_the_page_is_valid_utf8_with_a_doctype_and_semantic_landmarks() -> None:
    data = render_html(make_timeline())
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    root = parse_html(text)
    assert root.find("meta").attrs == {"charset": "utf-8"}
    for tag in ["header", "main", "nav", "footer"]:
        assert root.find_all(tag), tag
    assert "PingFang SC" in text and "prefers-color-scheme:dark" in text


def test_html_is_a_registered_format(tmp_path: Path) -> None:
    assert "html" in FORMATS
    assert EXPORTERS["html"].filename == "timeline.html"
    timeline = make_timeline()
    [path] = write_outputs(timeline, tmp_path, ["html"])
    assert path == tmp_path / "timeline.html"
    assert path.read_bytes() == render_html(timeline)


def test_element_ids_are_the_event_ids_and_unique() -> None:
    timeline = make_timeline()
    ids = elements_by_id(_page(timeline)[1])  # fails on a duplicate id
    assert all(ids[e.id].tag == "li" for e in timeline.events)
