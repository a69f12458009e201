"""Hostile file and folder names, ``kxtimeline.toml`` keys that point outside the input folder, and a ``--name``
that looks like a path: the build writes the five outputs (and its cache) inside ``--out`` and nothing anywhere
else, reads no file it was not given, and every output shows the names as text (escaped in HTML and Markdown,
neutralised in CSV where a spreadsheet would run them as a formula).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from pathlib import Path

import pytest
from build_fixtures import OUTPUT_NAMES, news, run_build, write
from html_fixtures import parse_html
from icalendar import Calendar
from markdown_it import MarkdownIt

from timeline.cache import CACHE_NAME

# One article each, on a day of its own, so that each event has exactly one source file.
NAMES = (
    "a;b.txt",
    "x'\"<y>.txt",
    "中文 名.txt",
    "a..b.txt",
    "<script>alert(1)<.txt",
    "$(touch pwned).txt",
    "&amp;.txt",
    "=HYPERLINK(1).txt",
    "+SUM(1).txt",
    "-1+2.txt",
    "@cmd.txt",
)
FORMULA_STARTS = ("=", "+", "-", "@")
FOLDER = "news <b>'\";$(touch pwned)"
TOML = (
    '["../../etc/passwd"]\ntitle = "passwd"\n'
    '["/etc/passwd"]\ndate = "2024"\n'
    '["../outside.txt"]\ntitle = "outside"\n'
    '["../../../../../../../../tmp/kx-evil.txt"]\nurl = "https://example.org/evil"\n'
)
OUTSIDE = news("外部文件", "2020年1月1日，这篇报道不在输入文件夹里，不应被读取。")


def article(number: int) -> str:
    return news(f"科普讲座第{number}场", f"2024年3月{number}日，市科协在市科技馆举办第{number}场科普讲座。")


def start(number: int) -> str:
    return f"2024-03-{number:02d}"


def listing(root: Path, leave_out: Path | None = None) -> dict[str, tuple[str, str]]:
    """Every entry below ``root`` (not below ``leave_out``): its kind and, for a file, a digest of its bytes."""
    entries: dict[str, tuple[str, str]] = {}
    for path in sorted(root.rglob("*")):
        if leave_out is not None and (path == leave_out or leave_out in path.parents):
            continue
        if path.is_symlink():
            entries[str(path.relative_to(root))] = ("link", str(path.readlink()))
        elif path.is_file():
            entries[str(path.relative_to(root))] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            entries[str(path.relative_to(root))] = ("dir", "")
    return entries


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a hostile name holding the hostile files and toml; the working folder is deep inside
    tmp_path, so a name used as a path relative to it or to --out would still land where the listing sees it."""
    folder = tmp_path / "cwd" / "deep" / FOLDER
    for number, name in enumerate(NAMES, 1):
        write(folder / name, article(number))
    write(folder / "kxtimeline.toml", TOML)
    write(tmp_path / "cwd" / "outside.txt", OUTSIDE)
    monkeypatch.chdir(tmp_path / "cwd" / "deep")
    return folder


def build_and_check_confinement(tmp_path: Path, folder: Path, *extra: str) -> tuple[Path, str]:
    """Build ``folder`` into ./out; check nothing changed outside it and it holds only the outputs and cache."""
    out = Path.cwd() / "out"
    before = listing(tmp_path, out)
    siblings = sorted(p.name for p in tmp_path.parent.iterdir())
    result = run_build([folder.name, "--out", "out", *extra])
    assert result.exit_code == 0, result.stderr
    assert listing(tmp_path, out) == before
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == siblings
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_NAMES, CACHE_NAME])
    assert all((out / name).is_file() and not (out / name).is_symlink() for name in OUTPUT_NAMES)
    assert not Path("/tmp/kx-evil.txt").exists()
    return out, result.stderr


def test_hostile_names_stay_inside_out_and_show_as_text(hostile: Path, tmp_path: Path) -> None:
    out, stderr = build_and_check_confinement(tmp_path, hostile)

    # The toml keys that point outside the folder are warnings naming the toml; nothing outside is read.
    toml = f"{hostile.name}/kxtimeline.toml"
    for key in ("../../etc/passwd", "/etc/passwd", "../outside.txt", "../../../../../../../../tmp/kx-evil.txt"):
        assert f"kxtimeline build: warning: {toml}: names {key!r}, which is not among the files read" in stderr
    document = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert sorted(a["file"] for a in document["articles"]) == sorted(NAMES)
    assert all(a["title"] not in ("passwd", "outside") and a["url"] is None for a in document["articles"])
    assert not any("root:" in e["summary"] or e["start"] == "2020-01-01" for e in document["events"])
    assert document["summary"]["name"] == FOLDER

    # JSON: each name exactly, on the event of its own day.
    files_by_start = {e["start"]: [s["file"] for s in e["sources"]] for e in document["events"]}
    assert files_by_start == {start(n): [name] for n, name in enumerate(NAMES, 1)}

    # HTML: no name adds markup; each shows as text where the page names its source file.
    page = (out / "timeline.html").read_text(encoding="utf-8")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    for name in NAMES:
        if "<" in name:
            assert name not in page
        assert html.escape(name, quote=True) in page
    root = parse_html(page)
    assert sorted({span.text() for span in root.find_all("span", "file")}) == sorted(NAMES)
    assert root.find("h1").text() == FOLDER
    assert not root.find_all("b") and not any(e.tag == "y" for e in root.iter())

    # CSV: the articles cell starts with the file name, neutralised when a spreadsheet would run it.
    header, *rows = csv.reader(io.StringIO((out / "timeline.csv").read_text(encoding="utf-8"), newline=""))
    cells = {row[header.index("start")]: row[header.index("articles")] for row in rows}
    for number, name in enumerate(NAMES, 1):
        prefix = "'" + name if name.startswith(FORMULA_STARTS) else name
        assert cells[start(number)].startswith(prefix + "#1 "), cells[start(number)]
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)

    # Markdown: rendered, the names are text, never tags.
    rendered = MarkdownIt("commonmark").enable("table").render((out / "timeline.md").read_text(encoding="utf-8"))
    assert "<y>" not in rendered and "<script" not in rendered and "<b>" not in rendered
    text = parse_html(rendered).text()
    assert all(name in text for name in NAMES)
    assert text.startswith(FOLDER)

    # ICS: each event's description names its file, unescaped back to the exact name.
    calendar = Calendar.from_ical((out / "timeline.ics").read_bytes())
    descriptions = {str(e.decoded("DTSTART")): str(e.get("DESCRIPTION")) for e in calendar.walk("VEVENT")}
    for number, name in enumerate(NAMES, 1):
        assert name in descriptions[start(number)]


@pytest.mark.parametrize("name", ["../../evil", "/tmp/kx-evil", "..", "out/../../evil"])
def test_a_name_that_looks_like_a_path_is_only_a_title(hostile: Path, tmp_path: Path, name: str) -> None:
    out, _ = build_and_check_confinement(tmp_path, hostile, "--name", name)
    assert not Path("/tmp/kx-evil").exists()
    assert json.loads((out / "timeline.json").read_text(encoding="utf-8"))["summary"]["name"] == name
    assert parse_html((out / "timeline.html").read_text(encoding="utf-8")).find("h1").text() == name


def test_a_newline_in_a_skipped_name_cannot_forge_a_message(tmp_path: Path) -> None:
    write(tmp_path / "in" / "good.txt", article(1))
    write(tmp_path / "in" / "evil\nkxtimeline build: skipped good.txt: forged.txt", b"")
    result = run_build([tmp_path / "in", "--out", tmp_path / "out"])
    assert result.exit_code == 1
    [message] = [line for line in result.stderr.splitlines() if line.startswith("kxtimeline build: skipped")]
    assert "evil" in message and "forged.txt" in message
