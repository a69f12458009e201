"""Build the seeds timeline as HTML and photograph it with headless Chromium into ``docs/timeline.png``.

Run from anywhere: ``.venv/bin/python benchmarks/screenshot_html.py [--width 1200 --height 1600 --out PATH]``.
Needs a ``chromium`` (or ``chromium-browser`` / ``google-chrome``) binary on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timeline.build import build_timeline
from timeline.export.html import render_html
from timeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def seeds_html() -> bytes:
    """The HTML page of the timeline built from ``seeds/``, exactly as ``kxtimeline build`` would write it."""
    loaded = load_sources([ROOT / "seeds"])
    return render_html(build_timeline(loaded.files, name="seeds", skipped=loaded.skipped))


def screenshot(html: Path, png: Path, width: int, height: int) -> None:
    """Render ``html`` in headless Chromium at ``width``×``height`` CSS pixels and save the view as ``png``."""
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        raise SystemExit("no Chromium found: install it (apt-get install chromium) and try again")
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={width},{height}", f"--screenshot={png}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)


def main() -> None:
    """Write the seeds page to a temporary folder, photograph it, print the PNG's path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "timeline.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "timeline.html"
        page.write_bytes(seeds_html())
        screenshot(page, args.out.resolve(), args.width, args.height)
    print(args.out.resolve(), file=sys.stdout)


if __name__ == "__main__":
    main()
