"""``kxtimeline build`` end to end: outputs, exit codes, messages, reproducibility, user reference dates."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from build_fixtures import OUTPUT_NAMES, ROOT, SEEDS, news, run_build, snapshot, write

from timeline.cache import CACHE_NAME

KXTIMELINE = ROOT / ".venv" / "bin" / "kxtimeline"
SUMMARY = re.compile(r"(\d+) files, (\d+) articles, (\d+) date mentions, (\d+) events, (\d+) unresolved, (\d+) skipped")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
GB_TEXT = news("市科协召开九届二次全委会", "2024年4月10日，市科协在市委党校召开九届二次全委会，审议通过年度工作报告。")
UNDATED = news("科普活动回顾", "今年3月，市科协在茂名科技馆举办青少年机器人竞赛，全市二十余所学校参加。")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder with one binary file and one GB18030 article."""
    folder = tmp_path / "mixed"
    write(folder / "scan.txt", PNG)
    write(folder / "gb.txt", GB_TEXT.encode("gb18030"))
    return folder


def load_json(out: Path) -> dict:
    return json.loads((out / "timeline.json").read_text(encoding="utf-8"))


def test_build_of_the_seeds_writes_every_output_and_a_summary(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_build([seeds, "--out", out])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.name != CACHE_NAME) == sorted(OUTPUT_NAMES)
    assert result.stdout == ""
    counts = SUMMARY.search(result.stderr)
    assert counts is not None, result.stderr
    summary = load_json(out)["summary"]
    assert summary["files"] == 4
    assert [int(n) for n in counts.groups()] == [summary[k] for k in
                                                  ("files", "articles", "mentions", "events", "unresolved", "skipped")]
    assert summary["events"] > 0
    assert summary["name"] == "seeds"
    for name in OUTPUT_NAMES:
        assert str(out / name) in result.stderr


def test_quiet_prints_nothing(seeds: Path, tmp_path: Path) -> None:
    result = run_build([seeds, "--out", tmp_path / "out", "-q"])
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""


def outputs(out: Path) -> dict[str, bytes]:
    """The outputs of a build in ``out``: every file but the cache (which records the outputs' file times)."""
    found = {name: data for name, data in snapshot(out).items() if name != CACHE_NAME}
    assert sorted(found) == sorted(OUTPUT_NAMES)
    return found


def test_two_builds_are_byte_identical(seeds: Path, tmp_path: Path) -> None:
    assert run_build([seeds, "--out", tmp_path / "a"]).exit_code == 0
    assert run_build([seeds, "--out", tmp_path / "b"]).exit_code == 0
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_builds_are_byte_identical_across_hash_seeds(seeds: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for seed in ("1", "4242"):
        done = subprocess.run([str(KXTIMELINE), "build", str(seeds), "--out", str(tmp_path / seed), "-q"],
                              env={**env, "PYTHONHASHSEED": seed}, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    assert outputs(tmp_path / "1") == outputs(tmp_path / "4242")


def test_source_date_epoch_stamps_ics_and_json(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_build([seeds, "--out", out, "--format", "json,ics"],
                     env={"SOURCE_DATE_EPOCH": "1700000000"}).exit_code == 0
    assert load_json(out)["summary"]["generated"] == "2023-11-14T22:13:20Z"
    stamps = set(re.findall(r"^DTSTAMP:(\S+)\r?$", (out / "timeline.ics").read_text(encoding="utf-8"), re.M))
    assert stamps == {"20231114T221320Z"}


def test_without_source_date_epoch_the_stamp_comes_from_the_content(tmp_path: Path) -> None:
    write(tmp_path / "in" / "news.txt", GB_TEXT)
    out = tmp_path / "out"
    assert run_build([tmp_path / "in", "--out", out]).exit_code == 0
    assert load_json(out)["summary"]["generated"] == "2024-01-01T00:00:00Z"


def test_a_binary_file_is_skipped_and_a_gb18030_article_is_read(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_build([mixed, "--out", out])
    assert result.exit_code == 1
    skipped_line = next(line for line in result.stderr.splitlines() if "scan.txt" in line)
    assert "binary" in skipped_line
    document = load_json(out)
    assert document["skipped"] == [{"path": "scan.txt", "reason": document["skipped"][0]["reason"]}]
    [event] = document["events"]
    assert event["start"] == "2024-04-10"
    assert "九届二次全委会" in event["title"]
    assert event["sources"][0]["file"] == "gb.txt"


def test_strict_with_a_bad_file_writes_nothing_and_keeps_old_outputs(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    fresh = tmp_path / "fresh"
    strict = run_build([mixed, "--out", fresh, "--strict"])
    assert strict.exit_code == 1
    assert not fresh.exists()
    assert "scan.txt" in strict.stderr
    assert run_build([mixed, "--out", out]).exit_code == 1
    before = snapshot(out)
    write(mixed / "more.txt", UNDATED)
    assert run_build([mixed, "--out", out, "--strict"]).exit_code == 1
    assert snapshot(out) == before


def test_a_ref_that_is_not_a_date_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "in" / "x.txt", UNDATED)
    result = run_build([tmp_path / "in", "--out", tmp_path / "out", "--ref", "x.txt=notadate"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "notadate" in errors[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_out_pointing_at_a_regular_file_is_exit_2_naming_it(tmp_path: Path) -> None:
    write(tmp_path / "in" / "news.txt", GB_TEXT)
    blocker = write(tmp_path / "blocker.txt", "not a folder")
    result = run_build([tmp_path / "in", "--out", blocker])
    assert result.exit_code == 2
    assert str(blocker) in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_missing_input_path_is_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = run_build([missing, "--out", tmp_path / "out"])
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert not (tmp_path / "out").exists()


def test_format_chooses_the_outputs(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_build([seeds, "--out", out, "--format", "md,ics"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name != CACHE_NAME) == ["timeline.ics", "timeline.md"]
    assert run_build([seeds, "--out", tmp_path / "bad", "--format", "md,pdf"]).exit_code == 2


def test_ref_sets_a_files_reference_date(tmp_path: Path) -> None:
    write(tmp_path / "in" / "review.txt", UNDATED)
    out = tmp_path / "out"
    plain = run_build([tmp_path / "in", "--out", out])
    assert plain.exit_code == 0
    assert load_json(out)["articles"][0]["reference_date"] is None
    assert run_build([tmp_path / "in", "--out", out, "--ref", "review.txt=2023-06-01"]).exit_code == 0
    document = load_json(out)
    [article] = document["articles"]
    assert article["reference_date"] == "2023-06-01"
    assert "--ref" in article["reference_basis"]
    assert [e["start"] for e in document["events"]] == ["2023-03"]
    assert document["unresolved"] == []


def test_front_matter_date_is_the_reference(tmp_path: Path) -> None:
    write(tmp_path / "in" / "review.md", "---\ntitle: 科普活动回顾\ndate: 2022-12-20\n---\n" + UNDATED)
    out = tmp_path / "out"
    assert run_build([tmp_path / "in", "--out", out]).exit_code == 0
    document = load_json(out)
    [article] = document["articles"]
    assert article["reference_date"] == "2022-12-20"
    assert "front matter" in article["reference_basis"]
    assert [e["start"] for e in document["events"]] == ["2022-03"]
    assert article["start"] >= len("---\ntitle: 科普活动回顾\ndate: 2022-12-20\n---\n")


def test_ref_wins_over_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "in" / "review.md", "---\ndate: 2022-12-20\n---\n" + UNDATED)
    out = tmp_path / "out"
    assert run_build([tmp_path / "in", "--out", out, "--ref", "review.md=2021"]).exit_code == 0
    document = load_json(out)
    assert document["articles"][0]["reference_date"] == "2021"
    assert [e["start"] for e in document["events"]] == ["2021-03"]


def test_ics_precision_and_excel_flags(seeds: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from timeline.cli import main

    runner = CliRunner()
    every = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "all"), "-q", "--format", "ics,csv"])
    days = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "day"), "-q", "--format", "ics,csv",
                                "--ics-precision", "day", "--excel"])
    assert every.exit_code == days.exit_code == 0
    all_ics = (tmp_path / "all" / "timeline.ics").read_text(encoding="utf-8")
    day_ics = (tmp_path / "day" / "timeline.ics").read_text(encoding="utf-8")
    assert 0 < day_ics.count("BEGIN:VEVENT") < all_ics.count("BEGIN:VEVENT")
    assert "［" in all_ics and "［" not in day_ics  # month and year events carry a ［…］ label; day events do not
    assert (tmp_path / "day" / "timeline.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "all" / "timeline.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_output_folder_inside_the_inputs_is_not_read_back_as_input(seeds: Path, tmp_path: Path) -> None:
    inside = run_build([seeds, "--out", seeds / "out", "--no-cache"])
    again = run_build([seeds, "--out", seeds / "out", "--no-cache"])  # out/timeline.md now lies among the inputs
    clean = Path(shutil.copytree(SEEDS, tmp_path / "clean" / "seeds"))
    apart = run_build([clean, "--out", tmp_path / "apart", "--no-cache"])
    assert inside.exit_code == again.exit_code == apart.exit_code == 0, again.stderr
    assert load_json(seeds / "out")["summary"]["files"] == 4
    assert (seeds / "out" / "timeline.json").read_bytes() == (tmp_path / "apart" / "timeline.json").read_bytes()
