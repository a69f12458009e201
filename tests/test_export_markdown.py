"""The Markdown chronology, read back with markdown-it: headings, contents, event lines, quotes, escaping."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from export_fixtures import citation, event, make_timeline
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from timeline.export.cndate import format_span
from timeline.export.markdown import render_md
from timeline.export.mdtext import escape, one_line, slug

MD = MarkdownIt("commonmark").enable("table")
APPENDICES = ["附录：文章与参考日期", "附录：未能确定日期的提及"]
# Text heavy in what Markdown treats specially, mixed with anything else a title might hold.
TITLES = st.text(st.one_of(st.sampled_from(list("\\`*_[]()<>#|~&!-+=.:;0123 \n\tab中")),
                           st.characters(blacklist_categories=("Cs", "Cc"))), max_size=40)


def _tokens(data: bytes) -> list[Token]:
    return MD.parse(data.decode("utf-8"))


def _headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]


def _text(inline: Token) -> str:
    """What a reader sees of an inline token: text and code, a line break as ``\\n``, no markup."""
    return "".join("\n" if c.type == "softbreak" else c.content for c in inline.children or ()
                   if c.type in ("text", "code_inline", "softbreak"))


def _event_item(tokens: list[Token], needle: str) -> list[Token]:
    """The tokens of the list item whose first paragraph mentions ``needle``."""
    for i, t in enumerate(tokens):
        if t.type == "list_item_open" and needle in tokens[i + 2].content:
            depth, j = 0, i
            while True:
                depth += tokens[j].nesting
                if depth == 0:
                    return tokens[i:j + 1]
                j += 1
    raise AssertionError(f"no list item mentions {needle!r}")


@pytest.mark.parametrize(("start", "end", "label"), [
    ("2024-04-16", "2024-04-16", "2024年4月16日"),
    ("2026-03-11", "2026-03-13", "2026年3月11日—13日"),
    ("2026-05-22", "2026-06-01", "2026年5月22日—6月1日"),
    ("2023-12-28", "2024-01-03", "2023年12月28日—2024年1月3日"),
    ("2023-12", "2023-12", "2023年12月"),
    ("2026-04", "2026-05", "2026年4月—5月"),
    ("2025-11", "2026-02", "2025年11月—2026年2月"),
    ("2018", "2018", "2018年"),
    ("2021", "2023", "2021—2023年"),
])
def test_chinese_date_labels(start: str, end: str, label: str) -> None:
    assert format_span(start, end) == label


def test_headings_title_years_months_and_appendices() -> None:
    headings = _headings(_tokens(render_md(make_timeline())))
    assert headings[0] == ("h1", "科协大事记")
    years = ["2018年", "2021年", "2023年", "2024年", "2025年", "2026年"]
    assert [text for tag, text in headings if tag == "h2"] == ["目录", *years, *APPENDICES]
    after_2024 = headings[headings.index(("h2", "2024年")) + 1:headings.index(("h2", "2025年"))]
    assert after_2024 == [("h3", "2024年4月"), ("h3", "2024年5月")]
    assert ("h3", "跳过的文件") in headings


def test_contents_link_to_every_year_section() -> None:
    tokens = _tokens(render_md(make_timeline()))
    links = [c.attrGet("href") for t in tokens if t.type == "inline" for c in t.children or ()
             if c.type == "link_open"]
    years = [text for tag, text in _headings(tokens) if tag == "h2" and text.endswith("年")]
    assert [unquote(str(h)) for h in links if str(h).startswith("#")] == [f"#{slug(y)}" for y in years]


def test_summary_paragraph_counts_and_span() -> None:
    tokens = _tokens(render_md(make_timeline()))
    paragraph = tokens[4].content
    assert "12 个事件" in paragraph and "2018年至2026年6月1日" in paragraph
    assert "2 篇文章" in paragraph and "3 个文件" in paragraph


def test_year_events_come_before_the_month_sections() -> None:
    text = render_md(make_timeline(events=(event("m", "2023-12", title="月事件"), event("y", "2023", title="年事件"))))
    lines = text.decode().splitlines()
    assert lines.index("- **2023年** 年事件") < lines.index("### 2023年12月") < lines.index("- **2023年12月** 月事件")


def test_event_line_shows_date_markers_title_and_place() -> None:
    text = render_md(make_timeline()).decode()
    assert "- **2024年4月16日** 第二十六届中国科协年会开幕（杭州）" in text
    assert "- **2024年4月17日 09:30** 专题报告会（报告厅）" in text
    assert "- **2024年5月30日（每年）** 全国科技工作者日" in text
    assert "- **约2023年12月** 科普月活动启动" in text
    assert "- **2026年3月11日—13日** " in text


def test_quotes_sit_in_a_blockquote_under_their_event() -> None:
    item = _event_item(_tokens(render_md(make_timeline())), "2026年3月11日")
    quoted = [t.content for t in item if t.type == "inline" and t.level > 3]
    assert quoted == ["“会议议程：签到, 致辞; 演示\\\\结束。 下午继续。” — news/2026-03.md · 科协年会开幕",
                      "“第二篇报道也提到了发布会。” — news/2026-04.md · 发布会回顾"]
    assert [t.type for t in item].count("blockquote_open") == 1


def test_markdown_in_titles_shows_as_text_and_makes_no_structure() -> None:
    tokens = _tokens(render_md(make_timeline()))
    item = _event_item(tokens, "2025年1月9日")
    inline = next(t for t in item if t.type == "inline")
    kinds = {c.type for c in inline.children or ()}
    assert kinds <= {"text", "strong_open", "strong_close", "softbreak"}
    assert "# 不是标题 | *强调* _下划线_ [链接](x) <b>粗</b> `代码`" in _text(inline)
    assert "1. 不是列表" in _text(inline)
    assert not any(t.type in ("ordered_list_open", "html_block", "code_block", "fence") for t in tokens)


def test_file_names_stay_readable_in_the_raw_text() -> None:
    assert escape("001_e66459d82e92f411.txt") == "001_e66459d82e92f411.txt"
    assert escape("_强调_") == "\\_强调\\_"


def test_summary_is_not_repeated_when_it_only_restates_a_quote() -> None:
    quote = "2018年举办港澳科技专家茂名行活动。"
    same = event("s", "2018", title="举办活动", summary=quote, sources=(citation(quote),))
    lines = render_md(make_timeline(events=(same,))).decode().splitlines()
    assert sum(quote in line for line in lines) == 1


def test_article_table_keeps_pipes_inside_cells() -> None:
    tokens = _tokens(render_md(make_timeline()))
    rows: list[list[str]] = []
    for i, t in enumerate(tokens):
        if t.type == "tr_open":
            rows.append([])
        elif t.type in ("td_open", "th_open"):
            rows[-1].append(tokens[i + 1].content)
    assert rows[0] == ["文件", "#", "标题", "参考日期", "依据", "可信度"]
    assert len(rows) == 3 and all(len(r) == 6 for r in rows)
    assert _text(next(t for t in tokens if t.type == "inline" and "第二场" in t.content)) == "发布会回顾 | 第二场"
    assert rows[1][3] == "2026年3月10日" and rows[2][3] == "未能确定"


def test_unresolved_mentions_and_skipped_files_are_listed() -> None:
    text = render_md(make_timeline()).decode()
    assert "- news/2026-04.md 第 2 篇：“明年 \\| 春天” — no reference date" in text
    assert "- scan.pdf：no text layer" in text
    assert "跳过的文件" not in render_md(make_timeline(skipped=())).decode()


def test_empty_timeline_still_renders() -> None:
    tokens = _tokens(render_md(make_timeline(events=(), articles=(), unresolved=(), skipped=())))
    assert [text for tag, text in _headings(tokens) if tag == "h2"] == ["目录", *APPENDICES]


def test_output_is_stable() -> None:
    assert render_md(make_timeline()) == render_md(make_timeline())


@settings(max_examples=300, deadline=None)
@given(TITLES)
@example("*强调* _下划线_ `代码` ~~删除~~ [链接](x) ![图](y) <b>粗</b> &amp; a\\")
@example("# 标题 #")
@example("===")
@example("- 列表")
@example("+ 列表")
@example("1. 列表")
@example("1) 列表")
@example("> 引用")
@example("| a | b |")
def test_any_title_reads_back_as_written(text: str) -> None:
    # The summary starts a line of its own, so it meets line-start constructs; the title follows the date.
    timeline = make_timeline(events=(event("x", "2024-01-02", title=f"事件{text}", summary=text),))
    tokens = _tokens(render_md(timeline))
    inlines = [t for t in _event_item(tokens, "2024年1月2日") if t.type == "inline"]
    expected = [f"2024年1月2日 {one_line('事件' + text)}"] + ([one_line(text)] if one_line(text) else [])
    assert _text(inlines[0]).split("\n") == expected
    assert _text(inlines[-1]).startswith(f"“{one_line('事件' + text + '的报道原文。')}”")
    # title, contents, the year, its month, two appendices and the skipped files: nothing more
    assert sum(t.type == "heading_open" for t in tokens) == 7


@given(TITLES)
def test_escape_is_one_line(text: str) -> None:
    assert "\n" not in escape(text) and "\r" not in escape(text)
