"""Write short excerpts of every output format of the seeds build into ``docs/samples/`` for the README.

Run from anywhere: ``.venv/bin/python benchmarks/make_samples.py [--out DIR]``. It runs ``kxtimeline build seeds``
into a temporary folder with ``SOURCE_DATE_EPOCH=1767225600`` (2026-01-01T00:00:00Z), so the excerpts only change
when the build's output does. Excerpts are cut from the real files, with line endings turned into ``\\n``:

- ``timeline.md.txt``: the first lines of timeline.md, up to the last blank line within ``MD_LINES``;
- ``timeline.csv.txt``: the header and the first ``CSV_ROWS`` records of timeline.csv;
- ``timeline.ics.txt``: the calendar header, one all-day range and one recurring VEVENT, and the closing line;
- ``timeline.json.txt``: timeline.json with one event (the range above) and the article it cites, indented.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from icalendar import Event as VEvent

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1767225600"
MD_LINES = 30
CSV_ROWS = 3


def build_seeds(out: Path) -> None:
    """Run ``kxtimeline build seeds --out OUT`` from the repository root, reproducibly dated."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run([sys.executable, "-c", "from timeline.cli import main; main()", "build", "seeds",
                    "--out", str(out), "--quiet"], cwd=ROOT, env=env, check=True, timeout=300)


def markdown_excerpt(text: str, limit: int = MD_LINES) -> str:
    """At most ``limit`` first lines, cut back to a blank line so no entry is split and no heading is left
    without its entries."""
    lines = text.splitlines()
    if len(lines) > limit:
        lines = lines[:limit]
        while lines and lines[-1].strip():
            lines.pop()
    while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
        lines.pop()
    return "\n".join(lines) + "\n"


def csv_excerpt(text: str, rows: int = CSV_ROWS) -> str:
    """The header and the first ``rows`` records, as written (a quoted field may span lines)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    end = len(lines)
    for count, _ in enumerate(reader):
        if count == rows:
            end = reader.line_num
            break
    return "".join(lines[:end]).replace("\r\n", "\n")


def _is_range(vevent: VEvent) -> bool:
    start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
    # A day-precision range: an all-day span of a few days, not a month or year shown as one.
    return (type(start) is date and "RRULE" not in vevent and "day" in str(vevent.get("CATEGORIES").to_ical())
            and end - start > timedelta(days=1))


def ics_excerpt(text: str) -> tuple[str, str]:
    """The calendar header, the first all-day range VEVENT, the first VEVENT with an RRULE and END:VCALENDAR;
    also the range's UID, for the JSON excerpt."""
    lines = text.replace("\r\n", "\n").splitlines()
    first = lines.index("BEGIN:VEVENT")
    blocks: list[list[str]] = []
    for line in lines[first:]:
        if line == "BEGIN:VEVENT":
            blocks.append([])
        if blocks and (not blocks[-1] or blocks[-1][-1] != "END:VEVENT"):
            blocks[-1].append(line)
    parsed = [(block, VEvent.from_ical("\r\n".join(block) + "\r\n")) for block in blocks]
    ranged = next((b, v) for b, v in parsed if _is_range(v))
    recurring = next(b for b, v in parsed if "RRULE" in v)
    kept = [*lines[:first], *ranged[0], *recurring, "END:VCALENDAR"]
    return "\n".join(kept) + "\n", str(ranged[1]["UID"]).removesuffix("@kxtimeline")


def json_excerpt(text: str, event_id: str) -> str:
    """The JSON document with its lists cut to the event ``event_id`` and the article it first cites."""
    data = json.loads(text)
    event = next(e for e in data["events"] if e["id"] == event_id)
    cited = event["sources"][0]
    article = next(a for a in data["articles"] if (a["file"], a["index"]) == (cited["file"], cited["article"]))
    data["articles"], data["events"] = [article], [event]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_samples(build: Path, out: Path) -> list[Path]:
    """Write the four excerpts of the build in ``build`` into ``out``; return their paths."""
    ics, event_id = ics_excerpt((build / "timeline.ics").read_text(encoding="utf-8"))
    samples = {
        "timeline.md.txt": markdown_excerpt((build / "timeline.md").read_text(encoding="utf-8")),
        "timeline.csv.txt": csv_excerpt((build / "timeline.csv").read_text(encoding="utf-8-sig")),
        "timeline.ics.txt": ics,
        "timeline.json.txt": json_excerpt((build / "timeline.json").read_text(encoding="utf-8"), event_id),
    }
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in samples.items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Build the seeds and write the excerpts (default: ``docs/samples/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples", help="folder for the excerpts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kxsamples-") as tmp:
        build_seeds(Path(tmp))
        for path in write_samples(Path(tmp), args.out):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
