"""Dates typed by users (``--ref``, front matter): read with dateparser, in the Asia/Shanghai calendar."""

from __future__ import annotations

import re
from datetime import date

import arrow

TIMEZONE = "Asia/Shanghai"
_YEAR = re.compile(r"\s*(\d{4})\s*年?\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")
_SETTINGS = {
    "TIMEZONE": TIMEZONE,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "YMD",
}


class UserDateError(ValueError):
    """A date given by the user could not be read."""


def today() -> date:
    """Today's date in Asia/Shanghai."""
    return arrow.now(TIMEZONE).date()


def parse_user_date(value: str | int | date) -> date | int:
    """Read a user's date: a bare year gives an int; anything dateparser reads gives a date.

    Accepts ``2024``, ``2024-05-30``, ``2024年5月30日``, ``May 30, 2024``, ``30/05/2024`` …
    Raises UserDateError with the offending text when it cannot be read.
    """
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    if m := _YEAR.fullmatch(text):
        return int(m.group(1))
    if m := _ISO.fullmatch(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise UserDateError(f"not a calendar date: {text!r}") from exc
    import dateparser  # on first use: a tenth of the start-up, and most dates typed are ISO or bare years

    parsed = dateparser.parse(text, languages=["zh", "en"], settings=_SETTINGS)
    if parsed is None:
        raise UserDateError(f"cannot read {text!r} as a date (try YYYY-MM-DD or YYYY)")
    return parsed.date()
