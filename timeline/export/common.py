"""Small pieces every exporter shares: the UTC build time, how a citation is named, text on one line,
character escapes."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote

from timeline.model import Citation, Timeline

# Everything a URL may hold literally; white space, quotes, angle brackets, backslashes and non-ASCII get %XX.
URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
RECURRENCE_WORDS = {"YEARLY": "每年", "MONTHLY": "每月", "WEEKLY": "每周", "DAILY": "每天"}


def generated_utc(timeline: Timeline) -> datetime:
    """The build time in UTC; a naive ``generated`` is taken to be UTC already (as from SOURCE_DATE_EPOCH)."""
    generated = timeline.generated
    if generated.tzinfo is None:
        return generated.replace(tzinfo=UTC)
    return generated.astimezone(UTC)


def citation_source(citation: Citation) -> str:
    """``file · article_title``: where a quoted sentence comes from."""
    return f"{citation.file} · {citation.article_title}"


def reference_notes(timeline: Timeline) -> dict[tuple[str, int], str]:
    """For each article ``(file, index)``: its reference date, how it was found and the confidence, in one line
    (``参考日期 2024（year stated in the title (2024年4月)；可信度 0.85）``), so every output carries them."""
    return {(a.file, a.index): f"参考日期 {a.reference_date or '无'}（{a.reference_basis}；可信度 {a.confidence:.2f}）"
            for a in timeline.articles}


def recurrence_word(recurrence: str) -> str:
    """A Chinese word for an RRULE such as ``FREQ=YEARLY`` (``每年``); ``重复`` for anything else."""
    for part in recurrence.upper().split(";"):
        key, _, value = part.partition("=")
        if key == "FREQ":
            return RECURRENCE_WORDS.get(value, "重复")
    return "重复"


def safe_url(url: str) -> str:
    """``url`` trimmed, with characters a URI cannot hold (spaces, ``<>``, non-ASCII …) percent-encoded."""
    return quote(url.strip(), safe=URL_SAFE)


def one_line(text: str) -> str:
    """``text`` with every run of white space (newlines included) folded to one space, trimmed."""
    # str.split finds the white space ``\s`` does (every character isspace() calls space), in a third of the time.
    return " ".join(text.split())


def character_escaper(escapes: Mapping[str, str]) -> Callable[[str], str]:
    """A function writing each character of ``escapes`` in a text as its value, the rest as they are."""
    table = str.maketrans(dict(escapes))
    # str.translate looks every character up in its table: ten times the cost of this search over text that, as
    # most does, holds none of them.
    present = re.compile(f"[{''.join(map(re.escape, escapes))}]")

    def escape(text: str) -> str:
        return text.translate(table) if present.search(text) else text

    return escape
