"""Run the build's per-file phases as Dask tasks, on a cluster or a local one (``--engine dask``).

Loading stays with the client (it reads the user's paths); ``read_file`` and ``finish_file`` run per file as
tasks on the workers; the corpus-wide step (series points) and the merge run on the client. The results come
back in input order, so the outputs are byte-identical to the local engine's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from timeline import build, series
from timeline.model import SourceFile


class DaskUnavailable(RuntimeError):
    """dask.distributed is not installed or the scheduler cannot be reached."""


class DaskRunner:
    """Maps the phases over a dask.distributed Client; ``scheduler`` None starts a LocalCluster."""

    def __init__(self, scheduler: str | None = None, *, workers: int = 2) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise DaskUnavailable("the dask engine needs dask.distributed: pip install 'kxtimeline[dask]'") from exc
        self.cluster = None
        try:
            if scheduler is None:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                                            dashboard_address=None, processes=True)
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise DaskUnavailable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc

    def _map(self, function: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
        if not args:
            return []
        columns = [list(column) for column in zip(*args, strict=True)]
        futures = self.client.map(function, *columns, pure=False)
        return self.client.gather(futures)

    def read(self, sources: Sequence[SourceFile]) -> list[build.FileReading]:
        """Phase 1 for every file as Dask tasks, results in input order."""
        return self._map(build.read_file, [(s,) for s in sources])

    def finish(self, sources: Sequence[SourceFile], readings: Sequence[build.FileReading],
               points: Sequence[Sequence[series.SeriesPoint]]) -> list[build.FileResult]:
        """Phase 2 for every file as Dask tasks, results in input order."""
        return self._map(build.finish_file, [(s, r, tuple(p)) for s, r, p in zip(sources, readings, points,
                                                                                   strict=True)])

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this runner started one."""
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
