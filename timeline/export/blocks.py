"""Per-event blocks: each format renders every event to one block of bytes, which a rebuild takes from the
blocks an earlier build kept (by a key digesting everything the block's bytes depend on) instead of rendering
it again, and which slices rendered on several processes hand to the format's join."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import pairwise
from typing import NamedTuple

from timeline.memo import IdentityMemo, Memo
from timeline.model import Event, Timeline


class Slice(NamedTuple):
    """A run of a format's per-event blocks rendered on its own: the blocks in order, the key of each (empty
    when they were not keyed), and the blocks rendered now by key (to keep for the next build); the other keys
    name blocks taken from an earlier build."""

    blocks: list[bytes]
    keys: tuple[str, ...]
    fragments: dict[str, bytes]

    def reused(self) -> list[str]:
        """The keys of the blocks taken from an earlier build."""
        return [k for k in self.keys if k not in self.fragments]

    def sendable(self) -> Slice:
        """This slice without the blocks taken from an earlier build, which the receiver has: ``restored``
        puts them back."""
        return self._replace(blocks=[]) if self.keys else self

    def restored(self, known: Mapping[str, bytes]) -> Slice:
        """A slice from ``sendable`` with its blocks again, taken from ``fragments`` or else ``known``."""
        if self.blocks or not self.keys:
            return self
        return self._replace(blocks=[self.fragments[k] if k in self.fragments else known[k] for k in self.keys])


def event_digest(event: Event) -> bytes:
    """The sha256 of every field of ``event`` (its citations included): equal digests, equal events."""
    return hashlib.sha256(repr(event).encode("utf-8", "surrogatepass")).digest()


class BlockMemo:
    """What one build of a session keeps for the next about its blocks: each event's digest, by the event
    object, and each block's key, by the event's digest and the block's extras."""

    def __init__(self) -> None:
        self.digests: IdentityMemo[Event, bytes] = IdentityMemo()
        self.keys: Memo[tuple[bytes, object], str] = Memo()

    def sweep(self) -> None:
        """Drop what the build just finished did not use."""
        self.digests.sweep()
        self.keys.sweep()


class EventDigests(list[bytes]):
    """The digests of a build's events in order, with the session's memo of block keys when there is one."""

    def __init__(self, digests: Iterable[bytes], keys: Memo[tuple[bytes, object], str] | None = None) -> None:
        super().__init__(digests)
        self.keys = keys


def event_digests(events: Sequence[Event], memo: BlockMemo | None = None) -> EventDigests:
    """``event_digest`` of each event, in order: computed once per build and shared by every format (with a
    ``memo``, once per event object in a session of builds, and each block key once per digest and extras)."""
    if memo is None:
        return EventDigests(event_digest(e) for e in events)
    return EventDigests((memo.digests.remember(e, partial(event_digest, e)) for e in events), memo.keys)


def block_key(digest: bytes, extras: object = None) -> str:
    """The key of a block that depends on the event of ``digest`` and on ``extras`` (what the format reads
    from elsewhere: reference notes, a parent's title …, made of str, int, None and tuples of them, whose repr
    is unambiguous). The code that renders the block is versioned by the store, not by the key."""
    if extras is None:
        return digest.hex()
    return hashlib.sha256(digest + repr(extras).encode("utf-8", "surrogatepass")).hexdigest()


def cited_notes(event: Event, notes: Mapping[tuple[str, int], str]) -> tuple[str | None, ...]:
    """The reference note of each article ``event`` cites, in citation order (None for an unknown article)."""
    sources = event.sources
    if len(sources) == 1:  # most events: no generator to set up, for each event of every build
        return (notes.get((sources[0].file, sources[0].article)),)
    return tuple([notes.get((c.file, c.article)) for c in sources])


def slice_bounds(total: int, parts: int) -> list[tuple[int, int]]:
    """``(first, stop)`` of ``parts`` runs of about equal size covering ``range(total)`` in order (fewer runs
    when there are fewer items, one empty run when there are none)."""
    parts = max(1, min(parts, total))
    return list(pairwise(total * k // parts for k in range(parts + 1)))


def render_blocks(events: Sequence[Event], positions: Sequence[int], render: Callable[[Event], bytes], *,
                  known: Mapping[str, bytes] | None = None, digests: Sequence[bytes] | None = None,
                  extras: Callable[[Event], object] | None = None) -> Slice:
    """The blocks of ``events[i]`` for each ``i`` in ``positions``, in that order, each ``render(event)``.

    Without ``known`` nothing is keyed. With it (blocks of an earlier build by key), a block whose key is there
    is taken as it is, and the others are rendered and reported by key; the key is ``block_key`` of the event's
    digest (``digests[i]`` when given, which must be ``event_digests(events)``) and ``extras(event)``.
    """
    if known is None:
        return Slice([render(events[i]) for i in positions], (), {})
    blocks: list[bytes] = []
    keys: list[str] = []
    rendered: dict[str, bytes] = {}
    kept_keys = digests.keys if isinstance(digests, EventDigests) else None
    for i in positions:
        event = events[i]
        digest = digests[i] if digests is not None else event_digest(event)
        extra = extras(event) if extras else None
        key = (block_key(digest, extra) if kept_keys is None
               else kept_keys.remember((digest, extra), partial(block_key, digest, extra)))
        block = known.get(key)
        if block is None:
            block = rendered[key] = render(event)
        blocks.append(block)
        keys.append(key)
    return Slice(blocks, tuple(keys), rendered)


def every_event(timeline: Timeline) -> range:
    """The positions of all of ``timeline``'s events: each has a block, in the timeline's order."""
    return range(len(timeline.events))
