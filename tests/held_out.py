"""The checks of a held-out news set: its rates must not fall below their floors, nor the spans it reports
outside the key grow. Each set's test module makes its own with ``floor_tests``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_seeds_key import score_key


def floor_tests(key: Path, floors: dict[str, float], most_unlisted: int) -> tuple[Callable[..., Any], ...]:
    """A module-scoped ``figures`` fixture scoring the engine on ``key``, and the two tests over it: each rate in
    ``floors`` at least its floor, at most ``most_unlisted`` spans outside the key. Assign all three to
    module-level names (``figures``, ``test_…``) so pytest finds them."""

    @pytest.fixture(scope="module")
    def figures() -> dict[str, object]:
        return score_key(key)

    @pytest.mark.parametrize("figure", sorted(floors))
    def test_rate_does_not_fall(figures: dict, figure: str) -> None:
        assert figures[figure] >= floors[figure], "\n".join(figures["misses"])

    def test_unlisted_spans_do_not_grow(figures: dict) -> None:
        assert figures["unlisted"] <= most_unlisted, "\n".join(figures["misses"])

    return figures, test_rate_does_not_fall, test_unlisted_spans_do_not_grow
