"""The load stage: finding, decoding and describing input files (timeline/sources.py)."""

from __future__ import annotations

import codecs
import os
import random
from datetime import date, datetime
from pathlib import Path

import pytest
from build_fixtures import write

from timeline.model import FileMeta, Skipped
from timeline.sources import LoadResult, SourceError, load_sources, normalise_user_date, parse_ref_option
from timeline.userdates import UserDateError

ROOT = Path(__file__).resolve().parent.parent
NEWS = (
    "2024年4月16日，茂名市科协召开全市科协工作会议，总结2023年工作，部署今年重点任务。\n"
    "会议强调，要团结带领全市科技工作者，奋力开创茂名科技创新强市建设新局面。\n"
)
NEWS_TRADITIONAL = "2024年4月16日，茂名市科學技術協會召開全市工作會議，部署今年重點工作。會議強調要加強科普宣傳。\n"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def load_one(path: Path, **kwargs: object) -> LoadResult:
    result = load_sources([path], **kwargs)  # type: ignore[arg-type]
    assert len(result.files) + len(result.skipped) == 1
    return result


def reason_of(result: LoadResult) -> str:
    assert not result.files
    (skipped,) = result.skipped
    return skipped.reason


# --- seeds and finding files -------------------------------------------------------------------------------------


def test_seeds_load_as_four_utf8_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = load_sources([Path("seeds")])
    assert [f.path for f in result.files] == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert len(result.files) == 4
    assert {f.encoding for f in result.files} == {"utf-8"}
    assert result.skipped == () and result.warnings == ()
    assert all(f.body_start == 0 and f.meta == FileMeta() for f in result.files)


def test_missing_path_raises_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        load_sources([tmp_path / "nope"])


def test_order_is_sorted_whatever_the_creation_order(tmp_path: Path) -> None:
    names = ["b/a.txt", "a.txt", "a/z.md", "c.TXT", "B.Md", "a/b/c.txt"]
    listings = []
    for attempt, order in enumerate([names, names[::-1], random.Random(3).sample(names, len(names))]):
        folder = tmp_path / f"run{attempt}" / "news"
        for name in order:
            write(folder / name, NEWS)
        listings.append([f.path for f in load_sources([folder]).files])
    assert listings[0] == listings[1] == listings[2]
    assert listings[0] == sorted(names)


def test_hidden_entries_and_other_extensions_are_left_out_silently(tmp_path: Path) -> None:
    write(tmp_path / "keep.txt", NEWS)
    write(tmp_path / ".hidden.txt", NEWS)
    write(tmp_path / ".git" / "notes.txt", NEWS)
    write(tmp_path / "page.html", NEWS)
    write(tmp_path / "picture.png", PNG_HEADER)
    result = load_sources([tmp_path])
    assert [f.path for f in result.files] == ["keep.txt"]
    assert result.skipped == () and result.warnings == ()


def test_a_file_given_directly_is_read_whatever_its_extension(tmp_path: Path) -> None:
    page = write(tmp_path / "sub" / "page.html", NEWS)
    result = load_one(page)
    assert result.files[0].path == "page.html"
    assert result.files[0].text == NEWS


def test_clashing_display_paths_get_their_folder_name(tmp_path: Path) -> None:
    write(tmp_path / "one" / "news" / "a.txt", NEWS)
    write(tmp_path / "two" / "news" / "a.txt", NEWS)
    write(tmp_path / "two" / "news" / "b.txt", NEWS)
    result = load_sources([tmp_path / "two" / "news", tmp_path / "one" / "news"])
    assert [f.path for f in result.files] == ["b.txt", "one/news/a.txt", "two/news/a.txt"]


def test_the_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    article = write(tmp_path / "news" / "a.txt", NEWS)
    result = load_sources([tmp_path / "news", article])
    assert [f.path for f in result.files] == ["a.txt"]
    assert [w.reason for w in result.warnings] == [f"same file as {article.as_posix()}; read once"]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", NEWS)
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a", target_is_directory=True)
    result = load_sources([tmp_path])
    assert [f.path for f in result.files] == ["a/x.txt"]
    assert sorted(s.path.removeprefix(tmp_path.as_posix()) for s in result.skipped) == ["/a/self", "/a/up"]
    assert {s.reason for s in result.skipped} == {"symlink loop: links back to a folder above it; not followed"}


def test_linked_folders_are_followed_once(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "y.txt", NEWS)
    write(tmp_path / "news" / "real" / "x.txt", NEWS)
    (tmp_path / "news" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "news" / "again").symlink_to(tmp_path / "news" / "real", target_is_directory=True)
    result = load_sources([tmp_path / "news"])
    assert [f.path for f in result.files] == ["linked/y.txt", "real/x.txt"]
    assert [w.reason for w in result.warnings] == ["links to a folder that is read already; not followed"]


def test_broken_link_and_fifo_in_a_folder_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    result = load_sources([tmp_path])
    assert {(Path(s.path).name, s.reason) for s in result.skipped} == {
        ("gone.txt", "broken symbolic link"),
        ("pipe.txt", "not a regular file"),
    }
    assert reason_of(load_sources([tmp_path / "pipe.txt"])) == "not a regular file or folder"


# --- decoding ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NEWS.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NEWS.encode("utf-8"), "utf-8-sig"),
        (NEWS.encode("gb18030"), "gb18030"),
        (NEWS.encode("gbk"), "gb18030"),
        (NEWS.encode("gb2312"), "gb18030"),
        (codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + NEWS.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + NEWS.encode("utf-32-le"), "utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "gb2312", "utf-16-le", "utf-16-be", "utf-32-le"],
)
def test_text_is_decoded_exactly(tmp_path: Path, data: bytes, encoding: str) -> None:
    result = load_one(write(tmp_path / "a.txt", data))
    (loaded,) = result.files
    assert loaded.encoding == encoding
    assert loaded.text == NEWS


def test_short_gbk_line_is_gb18030(tmp_path: Path) -> None:
    (loaded,) = load_one(write(tmp_path / "a.txt", "茂名市科协召开会议".encode("gbk"))).files
    assert (loaded.text, loaded.encoding) == ("茂名市科协召开会议", "gb18030")


def test_big5_is_left_to_charset_normalizer(tmp_path: Path) -> None:
    (loaded,) = load_one(write(tmp_path / "a.txt", NEWS_TRADITIONAL.encode("big5"))).files
    assert (loaded.text, loaded.encoding) == (NEWS_TRADITIONAL, "big5")


def test_crlf_is_kept(tmp_path: Path) -> None:
    text = NEWS.replace("\n", "\r\n")
    (loaded,) = load_one(write(tmp_path / "a.txt", text.encode("gb18030"))).files
    assert loaded.text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        ("\u3000\n".encode(), "empty file"),
        (PNG_HEADER, "binary file (contains NUL bytes)"),
        (NEWS.encode("utf-8") + b"\x00", "binary file (contains NUL bytes)"),
        (bytes(range(1, 9)) * 20 + b"abc", "binary file (mostly control characters)"),
        (codecs.BOM_UTF16_LE + b"\x41\x00\x42", "not text: starts with a utf-16 byte-order mark but is not utf-16"),
    ],
    ids=["zero-bytes", "whitespace", "bom-only", "ideographic-space", "png", "nul", "controls", "bad-utf-16"],
)
def test_unusable_files_are_skipped_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    assert reason_of(load_one(write(tmp_path / "a.txt", data))) == reason


def test_bytes_that_are_neither_utf8_nor_gb_are_skipped(tmp_path: Path) -> None:
    # The choice: such bytes get charset_normalizer's best guess (Big5 above); with no guess the file is skipped.
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(300))
    assert reason_of(load_one(write(tmp_path / "a.txt", noise))) == "not text (binary or unknown encoding)"


def test_unreadable_file_is_skipped_with_the_os_reason(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read a file whatever its mode")
    path = write(tmp_path / "a.txt", NEWS)
    path.chmod(0)
    try:
        assert reason_of(load_sources([tmp_path])) == "cannot read: Permission denied"
    finally:
        path.chmod(0o644)


def test_read_error_becomes_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt", NEWS)
    write(tmp_path / "b.txt", NEWS)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = load_sources([tmp_path])
    assert [f.path for f in result.files] == ["b.txt"]
    assert result.skipped == (Skipped("a.txt", "cannot read: Permission denied"),)


def test_unreadable_folder_is_skipped_with_the_os_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt", NEWS)
    write(tmp_path / "locked" / "b.txt", NEWS)
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load_sources([tmp_path])
    assert [f.path for f in result.files] == ["a.txt"]
    assert result.skipped == (Skipped((tmp_path / "locked").as_posix(), "cannot read folder: Permission denied"),)


# --- front matter ------------------------------------------------------------------------------------------------


def test_front_matter_is_read_and_body_start_points_past_it(tmp_path: Path) -> None:
    head = ("---\ntitle: 汇聚科技力量\ndate: 2024-04-16\nurl: https://example.org/a\nsource: 茂名日报\n"
            "tags: [科协]\n---\n")
    (loaded,) = load_one(write(tmp_path / "a.md", head + NEWS)).files
    assert loaded.text == head + NEWS
    assert loaded.text[loaded.body_start:] == NEWS
    assert loaded.meta == FileMeta("汇聚科技力量", "2024-04-16", "https://example.org/a", "茂名日报", "front matter")


@pytest.mark.parametrize(
    ("head", "when"),
    [
        ("---\r\ndate: 2024年4月16日\r\n---\r\n", "2024-04-16"),
        ("---\ndate: 2024\n...\n", "2024"),
        ("---  \ndate: '2024'\n---", "2024"),
        ("---\ndate: 2024-04-16 09:30:00\n---\n", "2024-04-16"),
    ],
    ids=["crlf-chinese-date", "dots-close-int-year", "no-newline-after-close", "datetime"],
)
def test_front_matter_dates_and_delimiters(tmp_path: Path, head: str, when: str) -> None:
    body = NEWS.replace("\n", "\r\n") if "\r\n" in head else NEWS
    text = head + body if head.endswith("\n") else head
    (loaded,) = load_one(write(tmp_path / "a.txt", text.encode("gb18030"))).files
    assert loaded.meta.date == when and loaded.meta.date_origin == "front matter"
    assert loaded.text[loaded.body_start:] == (body if head.endswith("\n") else "")


def test_empty_front_matter_is_no_metadata(tmp_path: Path) -> None:
    result = load_one(write(tmp_path / "a.txt", "---\n---\n" + NEWS))
    assert result.files[0].body_start == len("---\n---\n")
    assert result.files[0].meta == FileMeta() and result.warnings == ()


@pytest.mark.parametrize(
    ("head", "warning"),
    [
        ("---\ntitle: [unclosed\n---\n", "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"),
        ("---\ntitle: a\n\tdate: b\n---\n", "front matter is not valid YAML: found character '\\t' that cannot"),
        ("---\n- 一\n- 二\n---\n", "front matter is not a YAML mapping (found list); ignored"),
    ],
    ids=["flow", "tab", "list"],
)
def test_broken_front_matter_keeps_the_file_with_a_warning(tmp_path: Path, head: str, warning: str) -> None:
    result = load_one(write(tmp_path / "a.txt", head + NEWS))
    (loaded,) = result.files
    assert loaded.text[loaded.body_start:] == NEWS
    assert loaded.meta == FileMeta()
    (warned,) = result.warnings
    assert warned.path == "a.txt" and warned.reason.startswith(warning)


def test_unreadable_front_matter_date_is_a_warning(tmp_path: Path) -> None:
    result = load_one(write(tmp_path / "a.txt", "---\ntitle: 科协会议\ndate: 2024-13-45\n---\n" + NEWS))
    assert result.files[0].meta == FileMeta(title="科协会议")
    (warned,) = result.warnings
    assert warned.reason == "front matter date cannot be read (not a calendar date: '2024-13-45'); no date set"


def test_unclosed_front_matter_is_read_as_text(tmp_path: Path) -> None:
    result = load_one(write(tmp_path / "a.txt", "---\ntitle: x\n" + NEWS))
    assert result.files[0].body_start == 0
    assert [w.reason for w in result.warnings] == ["front matter has no closing '---' line; read as plain text"]


# --- kxtimeline.toml and --ref -----------------------------------------------------------------------------------


def test_toml_applies_to_files_in_its_folder_and_below(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NEWS)
    write(tmp_path / "sub" / "b.txt", NEWS)
    write(tmp_path / "sub" / "c.txt", NEWS)
    write(tmp_path / "kxtimeline.toml", '["a.txt"]\ndate = 2024-04-16\ntitle = "甲"\nsource = "茂名日报"\n'
                                        '["sub/b.txt"]\ndate = "2023"\nurl = "https://example.org/b"\n')
    write(tmp_path / "sub" / "kxtimeline.toml", '["b.txt"]\ndate = "2024年5月1日"\n["c.txt"]\ntitle = "丙"\n')
    result = load_sources([tmp_path])
    assert result.warnings == () and result.skipped == ()
    meta = {f.path: f.meta for f in result.files}
    assert meta == {
        "a.txt": FileMeta("甲", "2024-04-16", None, "茂名日报", "kxtimeline.toml"),
        "sub/b.txt": FileMeta(None, "2024-05-01", "https://example.org/b", None, "kxtimeline.toml"),
        "sub/c.txt": FileMeta(title="丙"),
    }


def test_toml_beside_a_file_given_directly_applies(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", NEWS)
    write(tmp_path / "kxtimeline.toml", '["a.txt"]\ndate = "2024-04-16"\n["other.txt"]\ntitle = "x"\n')
    result = load_one(article)
    assert result.files[0].meta.date == "2024-04-16"
    assert result.warnings == ()


def test_broken_toml_is_a_warning_and_the_folder_still_loads(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NEWS)
    toml = write(tmp_path / "kxtimeline.toml", '["a.txt"]\ndate "2024-04-16"\n')
    result = load_sources([tmp_path])
    assert [f.meta for f in result.files] == [FileMeta()]
    (warned,) = result.warnings
    assert warned.path == toml.as_posix()
    assert warned.reason.startswith("not valid TOML: ") and warned.reason.endswith("; its settings are ignored")


def test_toml_mistakes_are_warnings(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NEWS)
    toml = write(tmp_path / "kxtimeline.toml",
                 'date = "2024"\n["a.txt"]\ndat = "2024"\ndate = "someday"\n["nope.txt"]\ntitle = "x"\n')
    result = load_sources([tmp_path])
    assert result.files[0].meta == FileMeta()
    assert {w.path for w in result.warnings} == {toml.as_posix()}
    assert [w.reason for w in result.warnings] == [
        "entry 'date': is not a table (write [\"date\"] on a line above its keys); ignored",
        "entry 'a.txt': date cannot be read (cannot read 'someday' as a date (try YYYY-MM-DD or YYYY)); no date set",
        "entry 'a.txt': unknown key 'dat' (expected title, date, url, source); ignored",
        "names 'nope.txt', which is not among the files read",
    ]


def test_precedence_is_ref_then_front_matter_then_toml(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "---\ndate: 2024-04-16\ntitle: 前言标题\n---\n" + NEWS)
    write(tmp_path / "b.txt", NEWS)
    write(tmp_path / "kxtimeline.toml", '["a.txt"]\ndate = "2020-01-01"\ntitle = "配置标题"\nurl = "https://e.org/a"\n'
                                        '["b.txt"]\ndate = "2021"\n')
    plain = {f.path: f.meta for f in load_sources([tmp_path]).files}
    assert plain["a.txt"] == FileMeta("前言标题", "2024-04-16", "https://e.org/a", None, "front matter")
    assert plain["b.txt"] == FileMeta(date="2021", date_origin="kxtimeline.toml")
    refs = {"a.txt": "2024年5月30日", "b.txt": "2019"}
    overridden = {f.path: f.meta for f in load_sources([tmp_path], refs).files}
    assert overridden["a.txt"] == FileMeta("前言标题", "2024-05-30", "https://e.org/a", None, "--ref")
    assert overridden["b.txt"] == FileMeta(date="2019", date_origin="--ref")


def test_ref_matches_display_path_typed_path_or_bare_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news" / "sub" / "a.txt", NEWS)
    write(tmp_path / "news" / "b.txt", NEWS)
    write(tmp_path / "news" / "c.txt", NEWS)
    refs = {"sub/a.txt": "2024", "news/b.txt": "2023", "c.txt": "2022", "missing.txt": "2021"}
    result = load_sources([Path("news")], refs)
    assert [(f.path, f.meta.date) for f in result.files] == [("b.txt", "2023"), ("c.txt", "2022"),
                                                             ("sub/a.txt", "2024")]
    assert result.warnings == (Skipped("missing.txt", "--ref names no input file; ignored"),)


def test_unreadable_ref_date_raises(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NEWS)
    with pytest.raises(UserDateError, match=r"--ref a\.txt=someday: cannot read 'someday'"):
        load_sources([tmp_path], {"a.txt": "someday"})


def test_parse_ref_option() -> None:
    assert parse_ref_option(["a.txt=2024-04-16", "sub/b=c.md = 2024 ", "a.txt=2023"]) == {
        "a.txt": "2023",
        "sub/b=c.md": "2024",
    }
    for bad in ["a.txt", "=2024", "a.txt="]:
        with pytest.raises(UserDateError, match="--ref wants FILE=DATE"):
            parse_ref_option([bad])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 4, 16), "2024-04-16"),
        (datetime(2024, 4, 16, 9, 30), "2024-04-16"),
        (2024, "2024"),
        ("2024年", "2024"),
        ("2024年4月16日", "2024-04-16"),
        ("2024-04-16", "2024-04-16"),
    ],
)
def test_normalise_user_date(value: object, expected: str) -> None:
    assert normalise_user_date(value) == expected


@pytest.mark.parametrize("value", [True, 3.5, ["2024"], "someday", "2024-02-30"])
def test_normalise_user_date_rejects(value: object) -> None:
    with pytest.raises(UserDateError):
        normalise_user_date(value)
