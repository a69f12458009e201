"""Write a file so that readers see either the old content or the new, never a half-written file."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


class OutputError(Exception):
    """An output file could not be written; ``path`` is what failed and ``reason`` says why in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "a file stands where a folder is needed"
    return exc.strerror or str(exc)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, creating its folder if needed.

    The bytes go to a temporary file in the same folder, are flushed to disk and then renamed over ``path``,
    so an existing file is untouched until the new one is complete. Any failure removes the temporary file
    and raises :class:`OutputError` naming the path and the reason.
    """
    commit_all([stage_atomic(path, data)])


class Staged:
    """A file's new content written in full to a temporary file beside it, not yet in its place: ``commit_all``
    renames it over the file, ``discard`` removes it."""

    def __init__(self, path: Path, temporary: str) -> None:
        self.path = path
        self.temporary = temporary

    def rename(self) -> None:
        """Put the new content in place (one rename), not yet durable (``commit_all`` makes it so); raises
        :class:`OutputError`."""
        try:
            # mkstemp makes the file owner-only; give it the mode a plain open() would have.
            os.chmod(self.temporary, 0o666 & ~_current_umask())
            os.replace(self.temporary, self.path)
        except BaseException as exc:
            self.discard()
            if isinstance(exc, OSError):
                raise OutputError(self.path, _reason(exc)) from exc
            raise

    def discard(self) -> None:
        """Remove the temporary file; the file at ``path`` stays as it was."""
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def commit_all(staged: Sequence[Staged]) -> None:
    """Put each of ``staged`` in place, in order, and make the renames durable (once per folder); raises
    :class:`OutputError` at the first that fails (those before it are in place)."""
    done: list[Staged] = []
    try:
        for file in staged:
            file.rename()
            done.append(file)
    finally:
        for folder in dict.fromkeys(file.path.parent for file in done):
            _sync_folder(folder)
    for file in staged:
        _remove_stale_temporaries(file.path)


def stage_atomic(path: Path, data: bytes) -> Staged:
    """Write ``data`` to a temporary file beside ``path`` (creating the folder if needed), flushed to disk, and
    return it staged: several files can be staged one by one, so each one's bytes can be freed, and put in
    place together once all are written. Any failure removes the temporary file and raises
    :class:`OutputError` naming the path and the reason."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(folder, _reason(exc)) from exc
    if path.is_dir():
        raise OutputError(path, "a folder stands where the output file should go")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(path, _reason(exc)) from exc
        raise
    return Staged(path, tmp_name)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files a killed earlier build left for ``path`` (``.timeline.json.x8k2.tmp``)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder, and that is not an error.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
