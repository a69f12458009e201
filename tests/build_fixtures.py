"""Shared helpers for the build-stage tests: synthetic pages written for these tests, builds of small
in-memory corpora, and a runner for ``kxtimeline build``.

Every text here is made up for the tests (realistic Chinese science-association news); none is copied from
the seeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from timeline.build import build_timeline
from timeline.cli import main
from timeline.dates import find_dates
from timeline.dates.model import Mention
from timeline.model import Event, FileMeta, SourceFile, Timeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GENERATED = datetime(2026, 1, 1, tzinfo=UTC)
OUTPUT_NAMES = ("timeline.json", "timeline.md", "timeline.csv", "timeline.ics", "timeline.html")

# ---- pages -----------------------------------------------------------------------------------------------------

HEADING_1 = "市科协召开科技工作者座谈会"
HEADING_2 = "院士专家走进化州开展科技服务"
BODY_1 = (
    "本报讯 4月10日，市科协在市委党校召开全市科技工作者代表座谈会，来自高校、医院和企业的三十余名科技工作者"
    "代表参加会议。座谈会上，代表们围绕科技成果转化、青年人才培养等话题踊跃发言，提出意见建议二十余条。"
    "市科协主要负责同志表示，将认真梳理大家的意见建议，积极向市委、市政府反映。"
)
BODY_2 = (
    "本报讯 4月12日，广东省院士专家服务团走进化州市，围绕化橘红种植、深加工等产业发展需求开展技术指导。"
    "专家们深入种植基地和加工企业，现场解答种植户和企业技术人员提出的问题二十多个，并与当地企业签订合作意向书三份。"
)
BYLINE_1 = "记者 李明 通讯员 王芳"
BYLINE_2 = "记者 张伟"
# A newspaper page: breadcrumb, then two reports, each with a heading, a 本报讯 lead and a trailing byline.
TWO_REPORTS = (
    f"首页 > 新闻 > 科协动态\n\n{HEADING_1}\n{BODY_1}\n{BYLINE_1}\n\n{HEADING_2}\n{BODY_2}\n{BYLINE_2}\n"
)

LETTER_SIGNER = "广东省科学技术协会"
LETTER_DATE = "2024年4月16日"
# A letter of congratulation closed by its signature date, then the web page's editor credits and footer.
LETTER = (
    "贺 信\n\n茂名市科学技术协会：\n"
    "欣悉茂名市科协第九次代表大会隆重召开，谨向大会致以热烈的祝贺！向全市广大科技工作者致以诚挚的问候！"
    "五年来，茂名市科协团结带领全市科技工作者，围绕中心、服务大局，在推动科技创新、服务经济社会发展等方面"
    "取得了显著成绩。希望你们再接再厉，为建设现代化滨海城市作出新的更大贡献。\n"
    f"{LETTER_SIGNER}\n{LETTER_DATE}\n\n"
    "责任编辑：陈晓\n审核：黄华\n版权所有：茂名市科学技术协会 粤ICP备12345678号\n"
)


def news(heading: str, *paragraphs: str) -> str:
    """A one-article page: its heading, a blank line and its paragraphs."""
    return heading + "\n\n" + "\n".join(paragraphs) + "\n"


# ---- builds ----------------------------------------------------------------------------------------------------


def source(path: str, text: str, *, date: str | None = None, origin: str = "front matter") -> SourceFile:
    """A decoded UTF-8 input file, with the user's reference date when ``date`` is given."""
    meta = FileMeta(date=date, date_origin=origin) if date else FileMeta()
    return SourceFile(path, text, encoding="utf-8", meta=meta)


def build(*texts: str | SourceFile) -> Timeline:
    """The timeline of the given pages (plain texts become files ``0.txt``, ``1.txt`` …)."""
    sources = [t if isinstance(t, SourceFile) else source(f"{i}.txt", t) for i, t in enumerate(texts)]
    return build_timeline(sources, name="测试", generated=GENERATED)


def events_on(timeline: Timeline, start: str) -> list[Event]:
    """The events starting on ``start`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    return [e for e in timeline.events if e.start == start]


def one_event(timeline: Timeline, start: str) -> Event:
    found = events_on(timeline, start)
    assert len(found) == 1, [(e.start, e.title) for e in timeline.events]
    return found[0]


def mentions_of(text: str, ref: int = 2000) -> list[Mention]:
    """The engine's mentions of ``text`` read against year ``ref``."""
    return find_dates(text, ref)


# ---- command line ----------------------------------------------------------------------------------------------


def write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, line endings untouched) to ``path``, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def run_build(args: Iterable[str | Path], env: Mapping[str, str | None] | None = None) -> Result:
    """``kxtimeline build ARGS`` in process; SOURCE_DATE_EPOCH unset unless ``env`` sets it."""
    environment: dict[str, str | None] = {"SOURCE_DATE_EPOCH": None, **(env or {})}
    return CliRunner().invoke(main, ["build", *map(str, args)], env=environment, catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
