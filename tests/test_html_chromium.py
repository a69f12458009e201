"""The seeds page in a real browser: headless Chromium loads it from disk, runs its script and dumps the DOM.

Skipped when no Chromium is installed, unless ``KXTIMELINE_REQUIRE_CHROMIUM=1`` (CI) demands it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from build_fixtures import GENERATED, SEEDS
from html_fixtures import REQUIRE_CHROMIUM, Element, chromium_binary, chromium_required, elements_by_id, parse_html

from timeline.build import build_timeline
from timeline.export.html import render_html
from timeline.model import Timeline
from timeline.sources import load_sources

SEARCH = "沙龙"


@pytest.fixture(scope="module")
def browser() -> str:
    found = chromium_binary()
    if found is None:
        if chromium_required():
            pytest.fail(f"{REQUIRE_CHROMIUM}=1 but no chromium, chromium-browser or google-chrome is on PATH; "
                        "install one (apt-get install chromium) or unset the variable")
        pytest.skip("no Chromium on PATH (set KXTIMELINE_REQUIRE_CHROMIUM=1 to make this a failure)")
    return found


@pytest.fixture(scope="module")
def seeds_timeline() -> Timeline:
    loaded = load_sources([SEEDS])
    return build_timeline(loaded.files, name="seeds", generated=GENERATED, skipped=loaded.skipped)


@pytest.fixture(scope="module")
def page(seeds_timeline: Timeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "timeline.html"
    path.write_bytes(render_html(seeds_timeline))
    return path


def _dump_dom(browser: str, url: str, profile: Path) -> Element:
    """The DOM after the page loaded and its script ran, as Chromium serialises it."""
    result = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             f"--user-data-dir={profile}", "--dump-dom", url],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip(), f"Chromium printed no DOM: {result.stderr[-2000:]}"
    return parse_html(result.stdout)


def _root_attrs(dom: Element) -> dict[str, str]:
    return dom.find("html").attrs


def test_every_event_is_rendered_and_the_script_ran(browser: str, page: Path, seeds_timeline: Timeline,
                                                    tmp_path: Path) -> None:
    dom = _dump_dom(browser, page.as_uri(), tmp_path / "profile")
    assert _root_attrs(dom).get("data-ready") == "1", "the inline script threw before its last line"
    ids = elements_by_id(dom)
    assert seeds_timeline.events
    for e in seeds_timeline.events:
        assert ids[e.id].tag == "li", e.id
        assert ids[e.id].find(cls="title").text() == e.title
        assert "hidden" not in ids[e.id].attrs
    assert ids["kx-count"].text() == f"共 {len(seeds_timeline.events)} 个事件"
    assert "hidden" in ids["kx-empty"].attrs


def test_a_search_in_the_address_filters_the_events(browser: str, page: Path, seeds_timeline: Timeline,
                                                    tmp_path: Path) -> None:
    dom = _dump_dom(browser, f"{page.as_uri()}?q={SEARCH}", tmp_path / "profile")
    assert _root_attrs(dom).get("data-ready") == "1"
    ids = elements_by_id(dom)
    expected = {e.id for e in seeds_timeline.events
                if any(SEARCH in text for text in [e.title, e.place or "", e.summary, *(c.quote for c in e.sources)])}
    assert expected and len(expected) < len(seeds_timeline.events)
    shown = {e.id for e in seeds_timeline.events if "hidden" not in ids[e.id].attrs}
    assert shown == expected
    assert ids["kx-count"].text() == f"显示 {len(expected)} / {len(seeds_timeline.events)} 个事件"


def test_the_article_filter_keeps_only_that_articles_events(browser: str, page: Path, seeds_timeline: Timeline,
                                                            tmp_path: Path) -> None:
    article = seeds_timeline.articles[0]
    key = f"{article.file}#{article.index}"
    dom = _dump_dom(browser, f"{page.as_uri()}?article={key.replace('#', '%23')}", tmp_path / "profile")
    ids = elements_by_id(dom)
    expected = {e.id for e in seeds_timeline.events
                if any((c.file, c.article) == (article.file, article.index) for c in e.sources)}
    assert expected
    assert {e.id for e in seeds_timeline.events if "hidden" not in ids[e.id].attrs} == expected
    # A year with none of the article's events is hidden along with its events.
    for section in dom.find_all("section", "year"):
        visible = [li for li in section.find_all("li", "event") if "hidden" not in li.attrs]
        assert ("hidden" in section.attrs) == (not visible)
        assert section.find("h2").find("small").text() == f"{len(visible)} 个事件"
