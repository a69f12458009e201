"""Process pools whose workers are forked with the caller's data, so large inputs are shared, not pickled.

A caller puts what its tasks read into the pool (``forked_pool(jobs, texts=...)``); the tasks, module-level
functions, read it back with ``shared("texts")`` and receive only small arguments (an index) over the pipe.
Forking is only available on POSIX; callers check ``can_fork()`` and otherwise work in their own process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

# Set before the pool forks, so every worker starts with it; cleared when the pool is done.
_SHARED: dict[str, Any] = {}


def can_fork() -> bool:
    """Whether this platform can fork worker processes."""
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def sharing(**data: Any) -> Iterator[None]:
    """``data`` readable with ``shared`` in this process (and in processes forked meanwhile), until leaving."""
    _SHARED.update(data)
    try:
        yield
    finally:
        _SHARED.clear()


@contextmanager
def forked_pool(jobs: int, **data: Any) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` forked processes that start with ``data`` (read with ``shared``). On leaving, tasks
    not yet started are cancelled (the caller stopped reading results) and the data is released."""
    with sharing(**data):
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
        try:
            yield pool
        finally:
            pool.shutdown(cancel_futures=True)


def shared(name: str) -> Any:
    """The value ``name`` given to the ``forked_pool`` this process was forked from."""
    return _SHARED[name]
