"""What a session of builds (``kxtimeline watch``) keeps in memory from one build to the next.

A rebuild in a new process reads every unchanged file's results back from the build cache and decodes them;
a session keeps the decoded objects instead, so a rebuild after one file changed only computes what that
file touched. Values are kept by a digest of all they depend on (``Memo``), or by the very objects they were
worked out from (``IdentityMemo``, ``SameObjectsMemo``): objects a session keeps alive from one build to the
next, whose identity stands for their content. Either way a kept value is never stale: a change makes a new
key, and each build's ``sweep`` drops the values it did not use.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")  # what a memo keeps per key


class _Kept(Generic[K, T]):
    """Entries by key, and the keys the current build has used."""

    def __init__(self) -> None:
        self._kept: dict[K, T] = {}
        self._used: set[K] = set()

    def get(self, key: Any) -> Any:
        """The value kept for ``key`` (marked as used by this build), or None."""
        raise NotImplementedError

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key`` (used by this build)."""
        raise NotImplementedError

    def remember(self, key: Any, make: Callable[[], Any]) -> Any:
        """The value kept for ``key``, or else ``make()``, kept for it (used by this build either way)."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def sweep(self) -> None:
        """Drop the values the build just finished did not use, and start counting for the next one."""
        if len(self._used) != len(self._kept):
            self._kept = {key: entry for key, entry in self._kept.items() if key in self._used}
        self._used = set()

    def forget(self, stale: Callable[[K], bool]) -> None:
        """Drop every value whose key is ``stale``."""
        self._kept = {key: entry for key, entry in self._kept.items() if not stale(key)}
        self._used = {key for key in self._used if key in self._kept}

    def __len__(self) -> int:
        return len(self._kept)


class Memo(_Kept[K, V]):
    """Values by key (a digest, or any hashable value that stands for all the value depends on)."""

    def get(self, key: K) -> V | None:
        """The value kept under ``key`` (marked as used by this build), or None."""
        value = self._kept.get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` under ``key`` (used by this build)."""
        self._kept[key] = value
        self._used.add(key)


class SameObjectsMemo(_Kept[tuple[int, ...], tuple[tuple[K, ...], V]], Generic[K, V]):
    """Values by a run of objects, each taken by its identity: a run of the very same objects needs no
    comparing field by field. Each entry holds its objects, so their ids cannot pass to others meanwhile."""

    def get(self, objects: tuple[K, ...]) -> V | None:
        """The value kept for this very run of objects (marked as used by this build), or None."""
        key = tuple(map(id, objects))
        entry = self._kept.get(key)
        if entry is None or not all(map(operator.is_, entry[0], objects)):
            return None
        self._used.add(key)
        return entry[1]

    def put(self, objects: tuple[K, ...], value: V) -> None:
        """Keep ``value`` for this very run of objects (used by this build)."""
        key = tuple(map(id, objects))
        self._kept[key] = (objects, value)
        self._used.add(key)


class IdentityMemo(SameObjectsMemo[K, V]):
    """Values by one object, taken by its identity."""

    def get(self, key: K) -> V | None:  # type: ignore[override]
        """The value kept for this very object (marked as used by this build), or None."""
        return super().get((key,))

    def put(self, key: K, value: V) -> None:  # type: ignore[override]
        """Keep ``value`` for this very object (used by this build)."""
        super().put((key,), value)
