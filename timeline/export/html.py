"""A self-contained HTML page: the chronology as a vertical timeline by year and month, searchable and filterable.

One UTF-8 file with inline CSS and a little vanilla JavaScript; it loads nothing (no fonts, images, scripts or
styles from anywhere). Every piece of user text is escaped, the data the script reads sits in a JSON block that no
article text can close, and the bytes depend only on the timeline (its one clock time is ``timeline.generated``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from html import escape

from timeline.export.blocks import Slice, cited_notes, every_event, render_blocks
from timeline.export.cndate import end_key, format_date, format_span, sort_key
from timeline.export.common import character_escaper, generated_utc, recurrence_word, reference_notes
from timeline.model import Article, Citation, Event, Timeline

PRECISION_WORDS = {"day": "日", "month": "月", "year": "年"}
# How a character that could end a <script> element or a JavaScript string is written inside the JSON block.
_script_safe = character_escaper({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                                  "\u2029": "\\u2029"})
# Range bars: a length in pixels that grows with the logarithm of the days covered, so 3 days and 3 years both fit.
_BAR_MIN, _BAR_MAX, _BAR_BASE, _BAR_PER_DOUBLING = 24, 100, 18, 8

_CSS = """
:root{color-scheme:light dark;--bg:#f4f6f9;--card:#fff;--ink:#1b2230;--muted:#5a6476;--faint:#8b94a5;
--line:#e0e5ec;--rail:#cfd6e1;--quote:#f7f9fc;--chip:#f1f4f8;--accent:#2563eb;--accent-soft:#e3ebfd;
--month:#0b8a77;--month-soft:#ddf3ee;--year:#b45f06;--year-soft:#fcefdc;--shadow:0 1px 2px rgba(16,24,40,.05),
0 2px 8px rgba(16,24,40,.06);--x:1.15rem;--gap:3rem}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b23;--ink:#e6eaf0;--muted:#a0a9b8;
--faint:#6f7a8b;--line:#263040;--rail:#2e3848;--quote:#1b212b;--chip:#1e2530;--accent:#6ea2ff;
--accent-soft:#1b2a47;--month:#3cc7b0;--month-soft:#113531;--year:#eaa54d;--year-soft:#3a2a12;
--shadow:0 1px 2px rgba(0,0,0,.4)}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.7 "PingFang SC","Hiragino Sans GB",
"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;-webkit-font-smoothing:antialiased}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:4px}
.wrap{max-width:58rem;margin:0 auto;padding:0 1.25rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{padding:2.75rem 0 1.25rem}
.kicker{margin:0;color:var(--muted);font-size:.85rem;letter-spacing:.12em}
h1{margin:.2rem 0 .4rem;font-size:clamp(1.7rem,4.5vw,2.4rem);line-height:1.3;letter-spacing:.03em}
.lede{margin:0;color:var(--muted)}
.lede time{font-variant-numeric:tabular-nums;white-space:nowrap}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(7rem,1fr));gap:.7rem;margin:1.4rem 0 0}
.stats div{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:.65rem .9rem;
box-shadow:var(--shadow)}
.stats dt{font-size:.78rem;color:var(--muted)}
.stats dd{margin:0;font-size:1.5rem;font-weight:700;line-height:1.35;font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin:1.1rem 0 0;padding:0;list-style:none;font-size:.8rem;
color:var(--muted)}
.legend li{display:flex;align-items:center;gap:.45rem}
.legend .node{position:static;transform:none;flex:none}
.legend .bar{position:static;transform:none;display:inline-block;height:18px}
.controls{position:sticky;top:0;z-index:5;background:color-mix(in srgb,var(--bg) 88%,transparent);
-webkit-backdrop-filter:blur(8px);backdrop-filter:blur(8px);border-bottom:1px solid var(--line);padding:.7rem 0}
.controls .wrap{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.6rem .9rem}
.field{display:flex;flex-direction:column;gap:.2rem;flex:1 1 14rem;min-width:0}
.field label{font-size:.75rem;font-weight:600;color:var(--muted)}
input,select,button{font:inherit;font-size:.92rem;color:var(--ink);background:var(--card);
border:1px solid var(--line);border-radius:9px;padding:.45rem .7rem;min-height:2.4rem}
select{width:100%;text-overflow:ellipsis}
button{cursor:pointer;font-weight:600;color:var(--muted)}
button:hover{color:var(--ink);border-color:var(--faint)}
.actions{display:flex;gap:.5rem}
.count{margin:0;font-size:.8rem;color:var(--muted);flex-basis:100%}
.years{display:flex;flex-wrap:wrap;gap:.4rem;margin:1.1rem 0 0;padding:0;list-style:none}
.years a{display:inline-flex;align-items:baseline;gap:.3rem;padding:.15rem .65rem;border-radius:999px;
border:1px solid var(--line);background:var(--card);color:var(--ink);font-weight:600;font-size:.85rem}
.years small{color:var(--faint);font-weight:500}
main{padding:.5rem 0 3rem}
.timeline{position:relative}
.timeline::before{content:"";position:absolute;left:calc(var(--x) - 1px);top:.5rem;bottom:0;width:2px;
background:var(--rail)}
.year{position:relative}
.year>h2{position:relative;margin:2rem 0 .4rem;padding-left:var(--gap);font-size:1.55rem;line-height:1.4;
letter-spacing:.02em}
.year>h2::before{content:"";position:absolute;left:var(--x);top:50%;width:18px;height:18px;border-radius:50%;
transform:translate(-50%,-50%);background:var(--ink);box-shadow:0 0 0 5px var(--bg)}
.year>h2 small{margin-left:.6rem;font-size:.8rem;font-weight:500;color:var(--faint)}
.month>h3{position:relative;margin:1.3rem 0 .3rem;padding-left:var(--gap);font-size:1rem;color:var(--muted)}
.month>h3::before{content:"";position:absolute;left:calc(var(--x) - 7px);top:50%;width:14px;height:2px;
background:var(--faint)}
.events{list-style:none;margin:0;padding:0}
.event{position:relative;padding-left:var(--gap);margin:.55rem 0}
.event.range{min-height:calc(var(--len) + .5rem)}
.node{position:absolute;left:var(--x);top:1.3rem;transform:translate(-50%,-50%);z-index:1;display:grid;
place-items:center;font-size:11px;font-weight:700;line-height:1}
.p-day>.node,.legend .p-day{width:13px;height:13px;border-radius:50%;background:var(--accent);
box-shadow:0 0 0 4px var(--bg)}
.p-month>.node,.legend .p-month{width:22px;height:22px;border-radius:6px;border:2px solid var(--month);
background:var(--month-soft);color:var(--month);box-shadow:0 0 0 3px var(--bg)}
.p-year>.node,.legend .p-year{width:26px;height:26px;border-radius:50%;border:2px solid var(--year);
background:var(--year-soft);color:var(--year);box-shadow:0 0 0 3px var(--bg)}
.approx>.node,.legend .approx{border:2px dashed var(--faint);background:var(--bg)}
.legend .approx{width:14px;height:14px;border-radius:50%}
.bar{position:absolute;left:var(--x);top:1.3rem;width:6px;height:var(--len);transform:translateX(-50%);
border-radius:3px;background:var(--accent);opacity:.85}
.bar::after{content:"";position:absolute;left:50%;bottom:-1px;width:16px;height:3px;border-radius:2px;
transform:translateX(-50%);background:inherit}
.p-month>.bar{background:var(--month)}
.p-year>.bar{background:var(--year)}
.legend .bar{width:6px;background:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:var(--shadow)}
.child>.card{margin-left:1.4rem;border-left:3px solid var(--month-soft)}
.child::before{content:"";position:absolute;left:calc(var(--gap) - .1rem);top:1.3rem;width:1.4rem;height:1px;
border-top:1px dashed var(--faint)}
.card>summary{display:block;list-style:none;cursor:pointer;position:relative;padding:.65rem 2.6rem .7rem 1rem}
.card>summary::-webkit-details-marker{display:none}
.card>summary::after{content:"";position:absolute;right:1.1rem;top:1.15rem;width:.45rem;height:.45rem;
border-right:2px solid var(--faint);border-bottom:2px solid var(--faint);transform:rotate(45deg);
transition:transform .15s}
.card[open]>summary::after{transform:rotate(-135deg);top:1.35rem}
.when{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .45rem;font-size:.86rem;font-weight:650;
color:var(--accent);font-variant-numeric:tabular-nums}
.p-month .when{color:var(--month)}
.p-year .when{color:var(--year)}
.chip{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.72rem;font-weight:600;line-height:1.6;
color:var(--muted);background:var(--chip);border:1px solid var(--line)}
.chip.len{color:inherit;background:transparent;border-color:currentColor}
.chip.approx{border-style:dashed}
.chip.recur{color:var(--accent);background:var(--accent-soft);border-color:transparent}
.title{display:block;margin-top:.15rem;font-size:1.04rem;font-weight:600;line-height:1.6;overflow-wrap:anywhere}
.place{display:inline-flex;align-items:center;gap:.35rem;margin-top:.2rem;font-size:.84rem;color:var(--muted)}
.place::before{content:"";width:.5rem;height:.5rem;border:2px solid currentColor;border-radius:50% 50% 50% 0;
transform:rotate(-45deg);flex:none}
.body{padding:.2rem 1rem 1rem;border-top:1px solid var(--line);font-size:.93rem}
.body p{margin:.6rem 0 0}
.note{color:var(--muted)}
.url{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.82rem;overflow-wrap:anywhere;
user-select:all}
.sources{list-style:none;margin:.4rem 0 0;padding:0}
.sources li{margin-top:.65rem}
blockquote{margin:0;padding:.55rem .85rem;background:var(--quote);border-left:3px solid var(--rail);
border-radius:0 8px 8px 0;white-space:pre-line;overflow-wrap:anywhere}
.src{margin:.3rem 0 0!important;font-size:.78rem;color:var(--muted);overflow-wrap:anywhere}
.src .file{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
.empty{margin:2rem 0;padding:1.5rem;text-align:center;color:var(--muted);border:1px dashed var(--line);
border-radius:12px}
.appendix{margin-top:3rem;border-top:1px solid var(--line);padding-top:1rem}
.appendix h2{font-size:1.2rem}
.appendix details{margin:.6rem 0;background:var(--card);border:1px solid var(--line);border-radius:12px;
padding:.6rem 1rem}
.appendix summary{cursor:pointer;font-weight:600}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin-top:.6rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
footer{padding:1.5rem 0 3rem;color:var(--faint);font-size:.8rem}
@media (max-width:640px){:root{--x:.8rem;--gap:2.1rem}.wrap{padding:0 .8rem}.top{padding-top:1.6rem}
.controls{position:static}
.stats{grid-template-columns:repeat(auto-fit,minmax(4.6rem,1fr));gap:.45rem}.stats div{padding:.45rem .6rem}
.stats dd{font-size:1.2rem}
.child>.card{margin-left:.6rem}.child::before{width:.6rem}.card>summary{padding:.6rem 2.2rem .65rem .8rem}
.body{padding:.2rem .8rem .9rem}.actions{flex:1 1 100%}.actions button{flex:1}}
@media print{.controls,.years{display:none}.card{box-shadow:none}}
"""

_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kx-data").textContent);
  var index = new Map(data.events.map(function (e) { return [e.id, e]; }));
  var query = document.getElementById("kx-q");
  var article = document.getElementById("kx-article");
  var count = document.getElementById("kx-count");
  var empty = document.getElementById("kx-empty");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.event"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.month, section.year"));

  function matches(entry, terms, source) {
    if (source && entry.articles.indexOf(source) < 0) return false;
    return terms.every(function (t) { return entry.text.indexOf(t) >= 0; });
  }

  function apply() {
    var terms = query.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var ok = matches(index.get(li.id), terms, article.value);
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    groups.forEach(function (g) {
      var visible = g.querySelectorAll("li.event:not([hidden])").length;
      var tally = g.querySelector(":scope > h2 > small");
      g.hidden = visible === 0;
      if (tally) tally.textContent = visible + " 个事件";
    });
    var filtered = terms.length > 0 || article.value !== "";
    var total = items.length + " 个事件";
    count.textContent = filtered ? "显示 " + shown + " / " + total : "共 " + total;
    empty.hidden = shown > 0;
  }

  function openAll(open) {
    items.forEach(function (li) { if (!li.hidden) li.querySelector("details").open = open; });
  }

  // ?q=…&article=… in the page's address starts it filtered, so a search can be shared as a link.
  var params = new URLSearchParams(location.search);
  var wanted = params.get("article");
  query.value = params.get("q") || "";
  if (wanted && article.querySelector("option[value='" + CSS.escape(wanted) + "']")) article.value = wanted;
  query.addEventListener("input", apply);
  article.addEventListener("change", apply);
  document.getElementById("kx-open").addEventListener("click", function () { openAll(true); });
  document.getElementById("kx-close").addEventListener("click", function () { openAll(false); });
  apply();
  document.documentElement.dataset.ready = "1";
})();
"""


def _e(text: str) -> str:
    """``text`` safe as element content and inside a double- or single-quoted attribute value."""
    return escape(text, quote=True)


def _script_json(data: object) -> str:
    """``data`` as JSON that cannot end the ``<script>`` element holding it, whatever its strings contain."""
    return _script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def article_key(file: str, index: int) -> str:
    """How the article filter names an article: ``file#index``."""
    return f"{file}#{index}"


# ---- dates -----------------------------------------------------------------------------------------------------


def _first_day(value: str) -> date:
    year, month, day = sort_key(value)
    return date(year, month or 1, day or 1)


def _last_day(value: str) -> date:
    year, month, day = end_key(value)
    if day <= 31:
        return date(year, month, day)
    if month <= 12:
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date(year, 12, 31)


def _days(event: Event) -> int:
    """Calendar days the event covers, from the first day of its start to the last day of its end."""
    try:
        return max(1, (_last_day(event.end) - _first_day(event.start)).days + 1)
    except ValueError:  # a value no calendar holds: draw it as one day rather than fail the whole page
        return 1


def _length_label(event: Event) -> str:
    """How long a range lasts in its own unit: ``3天``, ``2个月``, ``3年``."""
    first, last = sort_key(event.start), sort_key(event.end)
    shapes = {event.start.count("-"), event.end.count("-")}
    if shapes == {0}:
        return f"{last[0] - first[0] + 1}年"
    if shapes == {1}:
        return f"{(last[0] - first[0]) * 12 + last[1] - first[1] + 1}个月"
    return f"{_days(event)}天"


def _bar_length(event: Event) -> int:
    """Pixels for the range bar: longer ranges get longer bars, on a log scale clamped to fit beside a card."""
    grown = _BAR_BASE + _BAR_PER_DOUBLING * math.log2(_days(event))
    return round(min(_BAR_MAX, max(_BAR_MIN, grown)))


def _label(event: Event) -> str:
    text = format_span(event.start, event.end)
    return "约" + text if event.approximate else text


# ---- events ----------------------------------------------------------------------------------------------------


def _chips(event: Event) -> Iterator[str]:
    if event.start != event.end:
        yield f'<span class="chip len" title="持续时间">共{_length_label(event)}</span>'
    if event.approximate:
        yield '<span class="chip approx" title="日期为约数">约略</span>'
    if event.recurrence:
        yield (f'<span class="chip recur" title="{_e(event.recurrence)}">'
               f'↻ {_e(recurrence_word(event.recurrence))}</span>')


def _summary_line(event: Event) -> str:
    when = f'<time datetime="{_e(event.start)}">{_e(_label(event))}</time>'
    if event.time and event.start == event.end:
        when += f' <span class="clock">{_e(event.time)}</span>'
    head = f'<span class="when">{when}{"".join(_chips(event))}</span><span class="title">{_e(event.title)}</span>'
    if event.place:
        head += f'<span class="place"><span class="sr-only">地点：</span>{_e(event.place)}</span>'
    return f"<summary>{head}</summary>"


def _unique_citations(sources: Iterable[Citation]) -> list[Citation]:
    """One citation per quoted sentence of an article: two dates in one sentence are shown once."""
    seen: dict[tuple[str, int, str], Citation] = {}
    for c in sources:
        seen.setdefault((c.file, c.article, c.quote), c)
    return list(seen.values())


def _citation_item(c: Citation, notes: dict[tuple[str, int], str]) -> str:
    note = notes.get((c.file, c.article), "参考日期 未知")
    return (f"<li><blockquote>{_e(c.quote)}</blockquote>"
            f'<p class="src"><span class="file">{_e(c.file)}</span> · 第 {c.article} 篇《{_e(c.article_title)}》'
            f" · {_e(note)}</p></li>")


class _Context:
    """What an event card needs from the rest of the timeline: article notes, events by id, children by parent."""

    def __init__(self, timeline: Timeline) -> None:
        self.notes = reference_notes(timeline)
        self.by_id = {e.id: e for e in timeline.events}
        self.children: dict[str, list[Event]] = {}
        for e in timeline.events:
            if e.parent:
                self.children.setdefault(e.parent, []).append(e)


def _relations(event: Event, ctx: _Context) -> Iterator[str]:
    parent = ctx.by_id.get(event.parent) if event.parent else None
    if parent:
        yield f'<p class="note">属于：<a href="#{_e(parent.id)}">{_e(parent.title)}</a></p>'
    children = ctx.children.get(event.id, [])
    if children:
        links = "、".join(f'<a href="#{_e(c.id)}">{_e(format_span(c.start, c.end))}</a>' for c in children)
        yield f'<p class="note">包含 {len(children)} 项：{links}</p>'


def _body(event: Event, ctx: _Context) -> str:
    citations = _unique_citations(event.sources)
    parts = []
    if event.summary and event.summary not in {event.title, *(c.quote for c in citations)}:
        parts.append(f"<p>{_e(event.summary)}</p>")
    parts += _relations(event, ctx)
    if event.url:
        parts.append(f'<p class="note">原文地址：<span class="url">{_e(event.url)}</span></p>')
    quotes = "".join(_citation_item(c, ctx.notes) for c in citations)
    parts.append(f'<ol class="sources" aria-label="引文">{quotes}</ol>')
    return f'<div class="body">{"".join(parts)}</div>'


def _node(event: Event) -> str:
    mark = "" if event.precision == "day" else PRECISION_WORDS.get(event.precision, "")
    node = f'<span class="node" aria-hidden="true">{mark}</span>'
    if event.start != event.end:
        node += '<span class="bar" aria-hidden="true"></span>'
    return node


def _event_item(event: Event, ctx: _Context) -> str:
    classes = ["event", f"p-{_e(event.precision)}"]
    style = ""
    if event.start != event.end:
        classes.append("range")
        style = f' style="--len:{_bar_length(event)}px"'
    if event.approximate:
        classes.append("approx")
    if event.parent:
        classes.append("child")
    return (f'<li class="{" ".join(classes)}" id="{_e(event.id)}"{style}>{_node(event)}'
            f'<details class="card">{_summary_line(event)}{_body(event, ctx)}</details></li>')


def _search_text(event: Event) -> str:
    """Everything the search box matches: date label, title, place, summary, quotes and their articles."""
    pieces = [_label(event), event.title, event.place or "", event.summary]
    for c in event.sources:
        pieces += [c.quote, c.file, c.article_title]
    return "\n".join(pieces).lower()


def _event_data(event: Event) -> dict[str, object]:
    articles = list(dict.fromkeys(article_key(c.file, c.article) for c in event.sources))
    return {"id": event.id, "text": _search_text(event), "articles": articles}


# ---- page ------------------------------------------------------------------------------------------------------


def _grouped(events: Sequence[Event]) -> dict[int, dict[int, list[int]]]:
    """Positions of ``events`` by year, then month (0: year-precision events, which stand before the months),
    ordered by start (stable: ties keep their order)."""
    years: dict[int, dict[int, list[int]]] = {}
    for i in sorted(range(len(events)), key=lambda i: sort_key(events[i].start)):
        year, month, _ = sort_key(events[i].start)
        years.setdefault(year, {}).setdefault(month, []).append(i)
    return years


# The page is put together as a list of chunks joined once: at 36,000 events it is 90 MB, and every
# concatenation of its parts would copy them again.

def _event_list(positions: list[int], cards: Sequence[bytes]) -> Iterator[bytes]:
    yield b'<ol class="events">'
    yield from (cards[i] for i in positions)
    yield b"</ol>"


def _month_section(year: int, month: int, positions: list[int], cards: Sequence[bytes]) -> Iterator[bytes]:
    anchor = f"month-{year}-{month:02d}"
    yield (f'<section class="month" id="{anchor}" aria-labelledby="{anchor}-h">'
           f'<h3 id="{anchor}-h"><span class="sr-only">{year}年</span>{month}月</h3>').encode()
    yield from _event_list(positions, cards)
    yield b"</section>"


def _year_section(year: int, months: dict[int, list[int]], cards: Sequence[bytes]) -> Iterator[bytes]:
    anchor = f"year-{year}"
    total = sum(len(positions) for positions in months.values())
    yield (f'<section class="year" id="{anchor}" aria-labelledby="{anchor}-h">'
           f'<h2 id="{anchor}-h">{year}年<small>{total} 个事件</small></h2>').encode()
    for month, positions in months.items():
        yield from _month_section(year, month, positions, cards) if month else _event_list(positions, cards)
    yield b"</section>"


def _span_text(events: tuple[Event, ...]) -> str:
    """The dates the timeline covers, ``2018年至2026年``; empty without events."""
    if not events:
        return ""
    first = min((e.start for e in events), key=sort_key)
    last = max((e.end for e in events), key=end_key)
    return format_date(first) if first == last else f"{format_date(first)}至{format_date(last)}"


def _stats(timeline: Timeline) -> str:
    counts = [("事件", len(timeline.events)), ("文章", len(timeline.articles)), ("文件", timeline.files),
              ("日期提及", timeline.mentions)]
    if timeline.unresolved:
        counts.append(("未能确定", len(timeline.unresolved)))
    if timeline.skipped:
        counts.append(("跳过的文件", len(timeline.skipped)))
    cells = "".join(f"<div><dt>{label}</dt><dd>{n}</dd></div>" for label, n in counts)
    return f'<dl class="stats" aria-label="统计">{cells}</dl>'


def _legend() -> str:
    items = [('<span class="node p-day"></span>', "精确到日"),
             ('<span class="node p-month">月</span>', "精确到月"),
             ('<span class="node p-year">年</span>', "精确到年"),
             ('<span class="bar"></span>', "时间段（长度随时长增加）"),
             ('<span class="node approx"></span>', "日期为约数")]
    cells = "".join(f'<li><span aria-hidden="true" style="display:contents">{mark}</span>{text}</li>'
                    for mark, text in items)
    return f'<ul class="legend" aria-label="图例">{cells}</ul>'


def _header(timeline: Timeline, years: dict[int, dict[int, list[int]]]) -> str:
    generated = generated_utc(timeline)
    stamp = (f'<time datetime="{generated.strftime("%Y-%m-%dT%H:%M:%SZ")}">'
             f'{generated.strftime("%Y-%m-%d %H:%M")} UTC</time>')
    span = _span_text(timeline.events)
    lede = f"时间跨度：{span} · 生成于 {stamp}" if span else f"生成于 {stamp}"
    return (f'<header class="top"><div class="wrap"><p class="kicker">大事记 · 时间线</p>'
            f'<h1>{_e(timeline.name)}</h1><p class="lede">{lede}</p>{_stats(timeline)}{_legend()}'
            f"{_year_nav(years)}</div></header>")


def _year_nav(years: dict[int, dict[int, list[int]]]) -> str:
    if not years:
        return ""
    links = "".join(f'<li><a href="#year-{y}">{y}<small>{sum(len(v) for v in m.values())}</small></a></li>'
                    for y, m in years.items())
    return f'<nav aria-label="年份"><ol class="years">{links}</ol></nav>'


def _article_options(articles: tuple[Article, ...]) -> str:
    return f'<option value="">全部文章（{len(articles)} 篇）</option>' + "".join(map(_article_option, articles))


@lru_cache(maxsize=65536)  # the same articles come again in every build of a session
def _article_option(a: Article) -> str:
    key = article_key(a.file, a.index)
    return f'<option value="{_e(key)}">{_e(key)} {_e(a.title)}</option>'


def _controls(timeline: Timeline) -> str:
    return ('<div class="controls" role="search"><div class="wrap">'
            '<div class="field"><label for="kx-q">搜索事件</label>'
            '<input id="kx-q" type="search" placeholder="标题、地点、引文…" autocomplete="off"></div>'
            '<div class="field"><label for="kx-article">来源文章</label>'
            f'<select id="kx-article">{_article_options(timeline.articles)}</select></div>'
            '<div class="actions"><button type="button" id="kx-open">全部展开</button>'
            '<button type="button" id="kx-close">全部收起</button></div>'
            f'<p class="count" id="kx-count" role="status" aria-live="polite">共 {len(timeline.events)} 个事件</p>'
            "<noscript><p class=\"count\">搜索与筛选需要启用 JavaScript；点击事件可展开引文。</p></noscript>"
            "</div></div>")


def _table(head: list[str], rows: Iterable[str]) -> str:
    """A table of rows made by ``_row``."""
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    return f'<div class="table"><table><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _row(cells: list[str]) -> str:
    """A table row of already-escaped cells; a cell starting with ``#`` is a number, aligned right."""
    return "<tr>" + "".join(f'<td class="num">{c[1:]}</td>' if c.startswith("#") else f"<td>{c}</td>"
                            for c in cells) + "</tr>"


@lru_cache(maxsize=65536)  # the same articles come again in every build of a session
def _article_row(a: Article) -> str:
    return _row([_e(a.file), f"#{a.index}", _e(a.title),
                 _e(format_date(a.reference_date)) if a.reference_date else "未能确定",
                 _e(a.reference_basis), f"#{a.confidence:.2f}"])


def _appendix(timeline: Timeline) -> str:
    parts = ['<section class="appendix" aria-labelledby="appendix-h"><h2 id="appendix-h">附录</h2>',
             f"<details><summary>文章与参考日期（{len(timeline.articles)}）</summary>",
             _table(["文件", "#", "标题", "参考日期", "依据", "可信度"], map(_article_row, timeline.articles)),
             "</details>"]
    if timeline.unresolved:
        rows = [_row([_e(u.file), f"#{u.article}", _e(u.text), _e(u.reason)]) for u in timeline.unresolved]
        parts += [f"<details><summary>未能确定日期的提及（{len(rows)}）</summary>",
                  _table(["文件", "篇", "原文", "原因"], rows), "</details>"]
    if timeline.skipped:
        rows = [_row([_e(s.path), _e(s.reason)]) for s in timeline.skipped]
        parts += [f"<details><summary>跳过的文件（{len(rows)}）</summary>", _table(["文件", "原因"], rows),
                  "</details>"]
    parts.append("</section>")
    return "".join(parts)


def _main(timeline: Timeline, years: dict[int, dict[int, list[int]]], cards: Sequence[bytes]) -> Iterator[bytes]:
    yield b'<main class="wrap"><div class="timeline">'
    for year, months in years.items():
        yield from _year_section(year, months, cards)
    empty = "没有符合条件的事件。" if timeline.events else "这个时间线还没有事件。"
    hidden = " hidden" if timeline.events else ""
    yield f'</div><p class="empty" id="kx-empty"{hidden}>{empty}</p>{_appendix(timeline)}</main>'.encode()


def _card_extras(event: Event, ctx: _Context) -> object:
    """What an event's card reads from elsewhere: the notes of the articles it cites, its parent's id and
    title, its children's ids and dates."""
    parent = ctx.by_id.get(event.parent) if event.parent else None
    children = tuple((c.id, c.start, c.end) for c in ctx.children.get(event.id, ()))
    return cited_notes(event, ctx.notes), (parent.id, parent.title) if parent else None, children


def _event_block(event: Event, ctx: _Context) -> bytes:
    # The card, a newline, the search record: the record is JSON, which never holds a raw newline, so the last
    # newline of a block splits it.
    return f"{_event_item(event, ctx)}\n{_script_json(_event_data(event))}".encode()


def html_blocks(timeline: Timeline, positions: Sequence[int], *, known: Mapping[str, bytes] | None = None,
                digests: Sequence[bytes] | None = None) -> Slice:
    """Each event's ``<li>`` card and ``kx-data`` search record as ``render_html`` writes them, for the events
    at ``positions``, reusing those in ``known`` (see ``render_blocks``). A card depends on its event, the
    reference notes of the articles it cites, its parent's id and title, and its children's ids and dates."""
    ctx = _Context(timeline)
    return render_blocks(timeline.events, positions, lambda event: _event_block(event, ctx), known=known,
                         digests=digests, extras=lambda event: _card_extras(event, ctx))


def render_html(timeline: Timeline) -> bytes:
    """One self-contained UTF-8 HTML5 page of the timeline that loads nothing from the network.

    A header (name, counts, date span, build time), a search box and an article filter, then the events on a
    vertical line by year and month, each a ``<details>`` card whose id is the event id and which opens on its
    quoted sources (file, article title, reference date); appendices list the articles, unresolved mentions and
    skipped files. ``?q=…&article=file%23index`` in the page's address opens it already filtered. All user text
    is escaped; the same timeline always gives the same bytes.
    """
    return join_html(timeline, html_blocks(timeline, every_event(timeline)).blocks)


def join_html(timeline: Timeline, blocks: Sequence[bytes]) -> bytes:
    """The whole page: the head, header, controls, appendices and script around the card and search record of
    every event (``blocks``, in the timeline's order), the cards placed by year and month."""
    split = [block.rpartition(b"\n") for block in blocks]
    cards = [card for card, _, _ in split]
    records = [piece for _, _, record in split for piece in (b",", record)][1:]
    years = _grouped(timeline.events)
    head = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            f"<title>{_e(timeline.name)} · 时间线</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
            _header(timeline, years), _controls(timeline), ""]
    footer = f'<footer><div class="wrap">由 kxtimeline 生成 · 共 {len(timeline.events)} 个事件</div></footer>'
    return b"".join([
        "\n".join(head).encode(), *_main(timeline, years, cards), f"\n{footer}\n".encode(),
        b'<script type="application/json" id="kx-data">{"events":[', *records, b"]}</script>\n",
        f"<script>{_JS}</script>\n</body>\n</html>\n".encode()])
