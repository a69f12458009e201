"""The memos a watch keeps between builds: a value is found only under what it was worked out from, and each
build's ``sweep`` keeps exactly the values that build used."""

from __future__ import annotations

import gc
import weakref
from dataclasses import dataclass

from timeline.memo import IdentityMemo, Memo, SameObjectsMemo


@dataclass(frozen=True)
class Thing:
    """An object equal to any other with the same name (and hashable), so equal and identical differ."""

    name: str


def _two_builds(memo: Memo[str, int]) -> None:
    """A first build keeps a, b and c; the next one finds a, works out d, and does not ask for b or c."""
    for key, value in (("a", 1), ("b", 2), ("c", 3)):
        memo.put(key, value)
    memo.sweep()
    assert memo.get("a") == 1
    memo.put("d", 4)
    memo.sweep()


def test_memo_sweep_keeps_what_the_build_got_or_put_and_drops_the_rest() -> None:
    memo: Memo[str, int] = Memo()
    _two_builds(memo)
    assert len(memo) == 2
    assert (memo.get("a"), memo.get("b"), memo.get("c"), memo.get("d")) == (1, None, None, 4)


def test_memo_a_sweep_after_a_build_that_used_nothing_empties_it() -> None:
    memo: Memo[str, int] = Memo()
    _two_builds(memo)
    memo.sweep()
    assert len(memo) == 0
    assert memo.get("a") is None


def test_memo_a_missed_get_keeps_nothing_alive() -> None:
    memo: Memo[str, int] = Memo()
    memo.put("a", 1)
    memo.sweep()
    assert memo.get("b") is None
    memo.sweep()
    assert len(memo) == 0


def test_memo_keys_by_equality() -> None:
    memo: Memo[Thing, str] = Memo()
    memo.put(Thing("x"), "value")
    assert memo.get(Thing("x")) == "value"
    assert memo.get(Thing("y")) is None


def test_memo_forget_drops_the_stale_keys_only() -> None:
    memo: Memo[str, int] = Memo()
    for key, value in (("/in/a.txt", 1), ("/in/b.txt", 2), ("/other/a.txt", 3)):
        memo.put(key, value)
    memo.forget(lambda key: key.startswith("/in/"))
    assert len(memo) == 1
    assert (memo.get("/in/a.txt"), memo.get("/in/b.txt"), memo.get("/other/a.txt")) == (None, None, 3)


def test_memo_sweep_after_forgetting_a_used_key_still_drops_the_unused() -> None:
    memo: Memo[str, int] = Memo()
    memo.put("a", 1)
    memo.put("b", 2)
    memo.sweep()
    assert memo.get("a") == 1  # this build uses a, not b ...
    memo.forget(lambda key: key == "a")  # ... then a goes stale
    memo.sweep()
    assert len(memo) == 0  # b was not used by the build: the sweep must drop it


# ---- by identity -----------------------------------------------------------------------------------------------


def test_same_objects_memo_finds_the_very_same_run_only() -> None:
    x, y = Thing("x"), Thing("y")
    memo: SameObjectsMemo[Thing, str] = SameObjectsMemo()
    memo.put((x, y), "xy")
    assert memo.get((x, y)) == "xy"
    assert memo.get((Thing("x"), y)) is None  # equal, not the same object
    assert memo.get((x, Thing("y"))) is None
    assert memo.get((y, x)) is None
    assert memo.get((x,)) is None
    assert memo.get((x, y, x)) is None


def test_same_objects_memo_sweep_keeps_the_runs_used() -> None:
    x, y, z = Thing("x"), Thing("y"), Thing("z")
    memo: SameObjectsMemo[Thing, str] = SameObjectsMemo()
    memo.put((x, y), "xy")
    memo.put((y, z), "yz")
    memo.sweep()
    assert memo.get((y, z)) == "yz"
    assert memo.get((Thing("x"), Thing("y"))) is None  # an equal run is no use of (x, y)
    memo.sweep()
    assert len(memo) == 1
    assert (memo.get((x, y)), memo.get((y, z))) == (None, "yz")


def test_same_objects_memo_forget_takes_the_keys_of_ids() -> None:
    x, y = Thing("x"), Thing("y")
    memo: SameObjectsMemo[Thing, str] = SameObjectsMemo()
    memo.put((x,), "x")
    memo.put((y,), "y")
    memo.forget(lambda ids: id(x) in ids)
    assert (memo.get((x,)), memo.get((y,))) == (None, "y")


def test_identity_memo_does_not_answer_for_an_equal_object() -> None:
    first, twin = Thing("x"), Thing("x")
    memo: IdentityMemo[Thing, int] = IdentityMemo()
    memo.put(first, 1)
    assert first == twin
    assert memo.get(twin) is None
    assert memo.get(first) == 1
    memo.put(twin, 2)
    assert (memo.get(first), memo.get(twin), len(memo)) == (1, 2, 2)


def test_identity_memo_works_for_unhashable_objects() -> None:
    kept, equal = [1, 2], [1, 2]
    memo: IdentityMemo[list[int], str] = IdentityMemo()
    memo.put(kept, "kept")
    assert (memo.get(kept), memo.get(equal)) == ("kept", None)


def test_identity_memo_holds_its_objects_until_a_sweep_drops_them() -> None:
    """An entry keeps its object alive, so no other object can take its id and be answered for it; a sweep
    that drops the entry lets it go."""

    class Node:
        pass

    memo: IdentityMemo[Node, str] = IdentityMemo()
    node = Node()
    alive = weakref.ref(node)
    memo.put(node, "kept")
    memo.sweep()
    del node
    gc.collect()
    assert alive() is not None
    assert memo.get(Node()) is None
    memo.sweep()  # the build did not ask for it
    gc.collect()
    assert alive() is None
    assert len(memo) == 0


def test_identity_memo_forget_and_sweep() -> None:
    a, b, c = Thing("a"), Thing("b"), Thing("c")
    memo: IdentityMemo[Thing, str] = IdentityMemo()
    for thing in (a, b, c):
        memo.put(thing, thing.name)
    memo.sweep()
    memo.forget(lambda ids: ids == (id(b),))
    assert (memo.get(a), memo.get(b)) == ("a", None)
    memo.sweep()
    assert (len(memo), memo.get(a), memo.get(c)) == (1, "a", None)
