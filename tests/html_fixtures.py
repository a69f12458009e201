"""Helpers for the HTML page tests: a small element tree read with the stdlib parser, a hostile timeline whose
every text field tries to break out of its element, and how to find headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from export_fixtures import citation, event, make_timeline

from timeline.model import Article, Timeline

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
REQUIRE_CHROMIUM = "KXTIMELINE_REQUIRE_CHROMIUM"

SCRIPT = "<script>alert(1)</script>"
ATTR_BREAK = '"onerror=alert(2) x="'
CLOSE = "</script><script>alert(3)</script>"
SEPARATORS = "\u2028行\u2029段"


@dataclass(eq=False)
class Element:
    """One parsed element: tag, attributes (a bare attribute maps to ``""``) and children in order."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """All text inside, concatenated as written (entities already decoded)."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def classes(self) -> set[str]:
        """The names in the ``class`` attribute."""
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        """Every element below (and including) this one with the tag and class given."""
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes())]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        """The first element :meth:`find_all` gives; fails the test when there is none."""
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls!r}> under <{self.tag}>"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element; a stray end tag is ignored, as a browser would.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    """The document's element tree (its root is a ``#document`` element)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def elements_by_id(root: Element) -> dict[str, Element]:
    """Every element with an ``id``, keyed by it; fails on a duplicate id."""
    found: dict[str, Element] = {}
    for e in root.iter():
        if "id" in e.attrs:
            assert e.attrs["id"] not in found, f"duplicate id {e.attrs['id']!r}"
            found[e.attrs["id"]] = e
    return found


def hostile_timeline() -> Timeline:
    """The shared fixture plus an event and an article whose every text field carries markup, an attribute
    break-out, a ``</script>`` and the two line separators JavaScript once treated as line ends."""
    file = f"evil/<b>{ATTR_BREAK}.md"
    quote = f"引文{CLOSE}{SCRIPT}{SEPARATORS}&amp;"
    hostile = event("ev-hostile\"x", "2025-02-03", title=f"标题{SCRIPT}{ATTR_BREAK}", place=f"地点{ATTR_BREAK}</li>",
                    summary=f"摘要{CLOSE}", recurrence=f"FREQ=YEARLY;X={ATTR_BREAK}",
                    url=f"javascript:alert(4)//{ATTR_BREAK}",
                    sources=(citation(quote, file=file, article=7, title=f"文章{CLOSE}{ATTR_BREAK}"),))
    article = Article(file=file, index=7, title=f"文章{CLOSE}{ATTR_BREAK}", start=0, end=10,
                      reference_date=None, reference_basis=f"basis{SCRIPT}", confidence=0.5)
    base = make_timeline()
    return replace(base, name=f"名称{SCRIPT}{CLOSE}", events=(*base.events, hostile),
                   articles=(*base.articles, article))


def chromium_binary() -> str | None:
    """The first headless-capable Chromium on PATH, or ``None``."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def chromium_required() -> bool:
    """Whether the environment demands the Chromium tests run rather than skip (CI sets it)."""
    return os.environ.get(REQUIRE_CHROMIUM, "") == "1"
