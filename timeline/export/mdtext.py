"""Make user text safe inside generated Markdown: it can show any character but never open a structure."""

from __future__ import annotations

import re

from timeline.export.common import character_escaper, one_line, safe_url

# Characters that open emphasis, code, links, HTML, headings, tables, strikethrough or entities anywhere.
_escape_openers = character_escaper({c: "\\" + c for c in "\\`*[]<>#|~&!"})
# An underscore between two letters or digits (001_a.txt) can neither open nor close emphasis: left readable.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# What only matters at the start of a line: list items, setext underlines, ordered lists.
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def escape(text: str) -> str:
    """``text`` on one line, backslash-escaped so that Markdown shows it literally wherever it stands."""
    escaped = _escape_openers(one_line(text))
    if "_" in escaped:
        escaped = _UNDERSCORE.sub(r"\\_", escaped)
    if escaped[:1] in ("-", "+", "=") or escaped[:1].isdigit():
        escaped = _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
    return escaped


def link_target(url: str) -> str:
    """``url`` as a Markdown link destination in ``<…>`` form, which allows parentheses."""
    return f"<{safe_url(url)}>"


def slug(heading: str) -> str:
    """The anchor GitHub and most renderers give a heading: lower case, punctuation dropped, spaces to ``-``."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
