"""A fault put into the engine for the tests of how a build survives it: the date finder (phase 1) or the event
maker (phase 2) raises on any text holding ``MARKER``, as a bug in the engine would on one unlucky input.

``install`` patches this process; forked worker processes inherit the patch, and a Dask worker takes it through
``client.run(install)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from timeline import build

MARKER = "触发故障"
_ORIGINAL = {"find_dates_repaired": build.find_dates_repaired, "make_drafts": build.make_drafts}


def failing(original: Callable[..., Any]) -> Callable[..., Any]:
    """``original``, except that it raises KeyError when a text argument (or a RepairedText's) holds MARKER."""

    def fails_on_marker(*args: Any, **kwargs: Any) -> Any:
        if any(MARKER in getattr(a, "raw", a) for a in args if isinstance(a, str) or hasattr(a, "raw")):
            raise KeyError("注入的故障")
        return original(*args, **kwargs)

    return fails_on_marker


def install(phase: int = 1) -> None:
    """Make phase 1 (``find_dates_repaired``) or phase 2 (``make_drafts``) raise on a text with ``MARKER``."""
    name = "find_dates_repaired" if phase == 1 else "make_drafts"
    setattr(build, name, failing(_ORIGINAL[name]))


def remove() -> None:
    """Undo ``install``."""
    for name, original in _ORIGINAL.items():
        setattr(build, name, original)
