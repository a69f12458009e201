"""The engine's records: ``make_mention`` builds the same frozen Mention as ``Mention(...)``."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from timeline.dates.model import Mention, make_mention

FIELDS = ("2024年4月16日", 3, 13, "date", "2024-04-16", "2024-04-16", "day", "explicit", "FREQ=YEARLY", True, "09:30",
          None)


def test_make_mention_is_mention() -> None:
    made, built = make_mention(*FIELDS), Mention(*FIELDS)
    assert type(made) is Mention
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert made.to_dict() == built.to_dict()
    assert pickle.loads(pickle.dumps(made)) == built
    assert dataclasses.replace(made, start=4) == dataclasses.replace(built, start=4)


def test_made_mention_is_frozen() -> None:
    made = make_mention(*FIELDS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0  # type: ignore[misc]
