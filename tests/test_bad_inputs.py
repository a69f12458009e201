"""``kxtimeline build`` on one good article beside one bad input: the exit code, the one line that names the bad
input with its reason, no traceback, and the good article's event still in ``timeline.json``.

Every text here is made up for these tests. Where the tool's behaviour is a documented choice rather than the only
possible one, the case's comment says which choice it pins.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import random
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from build_fixtures import OUTPUT_NAMES, news, run_build, write

GOOD_NAME = "good.txt"
GOOD = news("市科协召开青少年科技创新大赛总结会",
            "本报讯 2024年4月10日，茂名市科协在市科技馆召开第三十九届青少年科技创新大赛总结会，"
            "全市二十余所学校的师生代表参加会议。", "记者 陈思")
GOOD_START = "2024-04-10"
# The bad file's own article, for the encodings that must be read right.
OWN = news("院士专家走进化州开展科技服务",
           "本报讯 2023年6月18日，广东省院士专家服务团走进化州市，围绕化橘红种植和深加工开展技术指导。")
OWN_START = "2023-06-18"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
NO_DATES = news("科普活动回顾", "市科协在茂名科技馆举办青少年机器人竞赛，全市二十余所学校参加，活动现场气氛热烈。")
# Each is a date that does not exist; none may become an event.
IMPOSSIBLE = news("异常日期", "2月30日，市科协召开常委会。13月5日，专家组赴信宜调研。0年举办首届科技节。"
                              "99999年召开代表大会。2023年2月29日开展科普讲座。4月31日举行座谈会。2024年2月30日召开年会。")
# A year followed by a month or day out of range: the year (or year and month) survives as a mention.
IMPOSSIBLE_AFTER_YEAR = news("异常日期", "2024年13月5日，专家组赴信宜调研。2024年4月32日开展科普讲座。"
                                         "2024年0月5日举行座谈会。")
ACTIVITIES = ("举办科普讲座", "召开学术年会", "开展科技下乡活动", "举行院士专家座谈会")
FILLER = "活动现场，专家们围绕科技成果转化、青年人才培养等话题作了交流，并解答了群众提出的问题。"


def one_mb_line() -> tuple[bytes, set[str]]:
    """About 1 MB of news sentences and no line break: a dated report every 3 days from 2000, then fillers."""
    parts: list[str] = []
    starts: set[str] = set()
    size, day = 0, dt.date(2000, 1, 1)
    while size < 1_000_000:
        sentence = (f"{day.year}年{day.month}月{day.day}日，茂名市科协在市科技馆{ACTIVITIES[len(parts) % 4]}，"
                    f"三百余名市民参加。{FILLER * 6}")
        parts.append(sentence)
        starts.add(day.isoformat())
        size += len(sentence.encode())
        day += dt.timedelta(days=3)
    return "".join(parts).encode(), starts


BIG, BIG_STARTS = one_mb_line()


@dataclass(frozen=True)
class Setup:
    """What a case's maker returns: extra arguments, the path its message names, and the --out folder."""

    args: list[str] = field(default_factory=list)
    named: str = "bad.txt"
    out: Path | None = None  # None: tmp_path / "out"


def bad_file(data: bytes, name: str = "bad.txt") -> Callable[[Path, Path], Setup]:
    def make(folder: Path, tmp: Path) -> Setup:
        write(folder / name, data)
        return Setup(named=name)

    return make


def broken_toml(folder: Path, tmp: Path) -> Setup:
    toml = write(folder / "kxtimeline.toml", '["good.txt"]\ndate "2024-04-16"\n')
    return Setup(named=toml.as_posix())


def symlink_loop(folder: Path, tmp: Path) -> Setup:
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    return Setup(named=(folder / "sub" / "up").as_posix())


def out_is_a_file(folder: Path, tmp: Path) -> Setup:
    blocker = write(tmp / "out.txt", "not a folder")
    return Setup(["--out", str(blocker)], named=str(blocker), out=blocker)


def out_not_writable(folder: Path, tmp: Path) -> Setup:
    out = tmp / "locked"
    out.mkdir()
    out.chmod(0o555)
    return Setup(named=str(out), out=out)


def ref_not_a_date(folder: Path, tmp: Path) -> Setup:
    return Setup(["--ref", "x.txt=notadate"], named="x.txt=notadate")


def missing_input(folder: Path, tmp: Path) -> Setup:
    missing = tmp / "no-such-folder"
    return Setup([str(missing)], named=str(missing))


def strict_binary(folder: Path, tmp: Path) -> Setup:
    write(folder / "bad.txt", PNG + b"\x00" * 32)
    return Setup(["--strict"])


SKIPPED = "kxtimeline build: skipped {path}: "
WARNING = "kxtimeline build: warning: {path}: "
USAGE = "Error: {path}: "
_RNG = random.Random(7)
NOISE = bytes(_RNG.randrange(0x80, 0x100) for _ in range(300))


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, Path], Setup]
    exit_code: int
    message: str | None  # the line naming the bad input starts with this ({path}: Setup.named); None: no such line
    bad_starts: set[str] = field(default_factory=set)  # the start of every event citing bad.txt, exactly
    bad_read: bool = False  # bad.txt is read: among the articles, not among the skipped


CASES = [
    pytest.param(Case(bad_file(PNG + b"\x00" * 64), 1, SKIPPED + "binary file (contains NUL bytes)"), id="binary-png"),
    # Neither UTF-8 nor GB: charset_normalizer's guess decides. Random high bytes get no guess and are skipped …
    pytest.param(Case(bad_file(NOISE), 1, SKIPPED + "not text (binary or unknown encoding)"),
                 id="not-utf8-not-gb-noise-skipped"),
    # … and so is UTF-8 Chinese with one byte of a character cut out (no guess for it either) …
    pytest.param(Case(bad_file(OWN.encode()[:40] + OWN.encode()[41:]), 1, SKIPPED + "not text (binary or unknown "
                      "encoding)"), id="utf8-with-a-cut-character-skipped"),
    # … while Latin-1 text is decoded with the guess (cp1252) and read: no message, no dates in it.
    pytest.param(Case(bad_file("Le 10 avril, l'association a tenu une réunion à Maoming. Élèves présents: vingt "
                               "écoles.".encode("latin-1")), 0, None, bad_read=True),
                 id="not-utf8-not-gb-latin1-guessed"),
    pytest.param(Case(bad_file(OWN.encode("gb18030")), 0, None, {OWN_START}, True), id="gb18030"),
    pytest.param(Case(bad_file(OWN.encode("gbk")), 0, None, {OWN_START}, True), id="gbk"),
    pytest.param(Case(bad_file(codecs.BOM_UTF16_LE + OWN.encode("utf-16-le")), 0, None, {OWN_START}, True),
                 id="utf16-le-bom"),
    pytest.param(Case(bad_file(codecs.BOM_UTF16_BE + OWN.encode("utf-16-be")), 0, None, {OWN_START}, True),
                 id="utf16-be-bom"),
    pytest.param(Case(bad_file(codecs.BOM_UTF8 + OWN.encode()), 0, None, {OWN_START}, True), id="utf8-bom"),
    pytest.param(Case(bad_file(b""), 1, SKIPPED + "empty file"), id="empty"),
    pytest.param(Case(bad_file(" \n\t\r\n \u3000\n".encode()), 1,
                      SKIPPED + "empty file"), id="whitespace-only"),
    pytest.param(Case(bad_file(OWN.encode()[:30] + b"\x00" + OWN.encode()[30:]), 1,
                      SKIPPED + "binary file (contains NUL bytes)"), id="nul-in-utf8"),
    pytest.param(Case(bad_file(BIG), 0, None, BIG_STARTS, True), id="one-mb-without-a-line-break"),
    pytest.param(Case(bad_file(NO_DATES.encode()), 0, None, bad_read=True), id="no-dates"),
    pytest.param(Case(bad_file(IMPOSSIBLE.encode()), 0, None, bad_read=True), id="impossible-dates"),
    pytest.param(Case(bad_file(IMPOSSIBLE_AFTER_YEAR.encode()), 0, None, bad_read=True),
                 id="impossible-month-or-day-after-a-year"),
    pytest.param(Case(bad_file(("---\ntitle: [unclosed\ndate: 2023-06-18\n---\n" + OWN).encode(), "bad.md"), 0,
                      WARNING + "front matter is not valid YAML: ", {OWN_START}, True), id="broken-yaml-front-matter"),
    pytest.param(Case(broken_toml, 0, WARNING + "not valid TOML: "), id="broken-toml"),
    pytest.param(Case(symlink_loop, 1, SKIPPED + "symlink loop: links back to a folder above it; not followed"),
                 id="symlink-loop"),
    pytest.param(Case(out_is_a_file, 2, "kxtimeline build: cannot write {path}: a file stands where a folder is "
                      "needed"), id="out-is-a-regular-file"),
    pytest.param(Case(out_not_writable, 2, "kxtimeline build: cannot write {path}/timeline.json: Permission denied"),
                 id="out-not-writable",
                 marks=pytest.mark.skipif(os.geteuid() == 0, reason=(
                     "running as root: root bypasses file permissions, so a mode 0555 --out folder is writable"))),
    pytest.param(Case(ref_not_a_date, 2, "Error: --ref {path}: cannot read 'notadate' as a date (try YYYY-MM-DD "
                      "or YYYY)"), id="ref-not-a-date"),
    pytest.param(Case(missing_input, 2, USAGE + "no such file or folder"), id="missing-input-path"),
    pytest.param(Case(strict_binary, 1, SKIPPED + "binary file (contains NUL bytes)"), id="strict-with-binary"),
]


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a symlink loop followed forever would never return)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"build still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("case", CASES)
def test_one_bad_input_beside_a_good_article(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / GOOD_NAME, GOOD)
    setup = case.make(folder, tmp_path)
    out = setup.out or tmp_path / "out"
    before = out.read_bytes() if out.is_file() else None
    try:
        with deadline(60):
            result = run_build([folder, "--out", out, *setup.args])
    finally:
        if out.is_dir():
            out.chmod(0o755)
    lines = result.stderr.splitlines()
    assert result.exit_code == case.exit_code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    # Messages start at the left margin; the summary's indented lines may name the file again (see below).
    messages = [line for line in lines if setup.named in line and not line.startswith("  ")]
    if case.message is None:
        assert messages == [], result.stderr
    else:
        assert len(messages) == 1, result.stderr
        assert messages[0].startswith(case.message.format(path=setup.named)), result.stderr
    outputs = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    if case.exit_code == 2 or "--strict" in setup.args:
        assert not set(outputs) & set(OUTPUT_NAMES)
        if before is not None:
            assert out.read_bytes() == before
        return
    assert set(OUTPUT_NAMES) <= set(outputs)
    document = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert any(e["start"] == GOOD_START and e["sources"][0]["file"] == GOOD_NAME for e in document["events"])
    citing_bad = [e for e in document["events"] if any(s["file"] == setup.named for s in e["sources"])]
    assert {e["start"] for e in citing_bad} == case.bad_starts
    if case.bad_starts == BIG_STARTS:
        assert len(citing_bad) == len(BIG_STARTS)
    read = {a["file"] for a in document["articles"]}
    skipped = {s["path"] for s in document["skipped"]}
    assert (setup.named in read) == case.bad_read
    assert (setup.named in skipped) == (case.exit_code == 1)


def test_a_skipped_file_is_named_on_one_line_only(tmp_path: Path) -> None:
    write(tmp_path / "in" / GOOD_NAME, GOOD)
    write(tmp_path / "in" / "bad.txt", b"")
    result = run_build([tmp_path / "in", "--out", tmp_path / "out"])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "bad.txt" in line] == [
        "kxtimeline build: skipped bad.txt: empty file"]


def test_a_report_repeated_65_times_is_one_event(tmp_path: Path) -> None:
    sentence = "2024年5月20日，茂名市科协在市科技馆举办科普讲座，三百余名市民参加。"
    write(tmp_path / "in" / "repeat.txt", "科普讲座\n\n" + sentence * 65 + "\n")
    result = run_build([tmp_path / "in", "--out", tmp_path / "out", "--format", "json"])
    assert result.exit_code == 0
    events = json.loads((tmp_path / "out" / "timeline.json").read_text(encoding="utf-8"))["events"]
    assert [e["start"] for e in events] == ["2024-05-20"]
