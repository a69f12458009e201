"""An embedded SQLite cache of per-file build results, so a rebuild only re-reads the files that changed.

Entries are keyed by a hash of everything a result depends on: the file's path, text and metadata, the
series points that apply to it (second phase), and the engine's version, a hash of the package's own source
code, so any change to the grammar or the code invalidates every entry. Values are JSON, never pickles: a
cache file cannot run code. A cache that is corrupt, from another schema or unreadable is discarded and the
build falls back to reading everything; it never gives a wrong result.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, fields
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from timeline import build, series
from timeline.dates.model import Mention
from timeline.events import Draft
from timeline.model import Article, ArticleSpan, Citation, SourceFile, Unresolved

CACHE_NAME = ".kxtimeline-cache.sqlite"
_SCHEMA = 1
_KEYS_PER_QUERY = 900  # below SQLite's oldest limit on bound parameters (999)


# Libraries whose behaviour is in the cached results and blocks: the lunar calendar and arrow (dates), icalendar
# (VEVENT blocks); Python's own json and csv modules come with its version.
_DEPENDENCIES = ("kxtimeline", "lunar-python", "arrow", "icalendar")


@cache
def engine_version() -> str:
    """A digest of every source file of ``timeline/`` (code and grammar data), the package's version and the
    versions of Python and of the libraries whose output the cache keeps, so an upgrade of any of them
    invalidates the cache."""
    digest = hashlib.sha256(platform.python_version().encode())
    for name in _DEPENDENCIES:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=unknown;".encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_key(source: SourceFile) -> str:
    """The cache key of a file's first phase."""
    meta = json.dumps(_fields(source.meta), ensure_ascii=False, sort_keys=True)
    payload = "\0".join([engine_version(), "read", source.path, str(source.body_start), meta, source.text])
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def series_key(first: str) -> str:
    """The cache key of the series facts (points, editions) of a file's first phase, kept apart from the
    whole reading so that a rebuild reads only these for the files whose second phase is cached too."""
    return first + ":series"


def finish_key(first: str, points: Iterable[series.SeriesPoint]) -> str:
    """The cache key of a file's second phase: its first-phase key and the series points that apply to it."""
    payload = json.dumps([first, [asdict(p) for p in points]], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


class BuildCache:
    """Results by key in one SQLite file. Every failure to read or write degrades to a miss, never an error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.used: set[str] = set()
        self.used_fragments: set[str] = set()
        self.fragment_kinds: set[str] = set()
        self.connection = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path)
                connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                connection.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT)")
                connection.execute("CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value BLOB)")
                row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    connection.execute("INSERT INTO meta VALUES ('schema', ?)", (str(_SCHEMA),))
                elif row[0] != str(_SCHEMA):
                    raise sqlite3.DatabaseError(f"cache schema {row[0]}")
                connection.commit()
                return connection
            except (sqlite3.Error, OSError):
                if attempt == 0:
                    with contextlib.suppress(OSError):
                        self.path.unlink(missing_ok=True)  # corrupt or foreign: start afresh
        return None

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The JSON values stored under those of ``keys`` the cache holds, by key (one query per thousand keys:
        a query per key costs as much again as decoding the value)."""
        found: dict[str, Any] = {}
        if self.connection is None:
            return found
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[start : start + _KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self.connection.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})",
                                               chunk).fetchall()
            except sqlite3.Error:
                return found
            for key, text in rows:
                with contextlib.suppress(ValueError, TypeError):
                    found[key] = json.loads(text)
        self.used.update(found)
        return found

    def keep(self, keys: Iterable[str]) -> None:
        """Mark ``keys`` as still wanted without reading them, so closing does not drop their entries."""
        self.used.update(keys)

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``."""
        self.put_json(key, json.dumps(value, ensure_ascii=False))

    def put_json(self, key: str, text: str) -> None:
        """Store the JSON ``text`` of a value under ``key``."""
        if self.connection is None:
            return
        self.used.add(key)
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, text))

    def get_meta(self, key: str) -> Any:
        """The JSON value kept under ``key`` beside the entries (None when there is none or it cannot be read)."""
        if self.connection is None:
            return None
        try:
            row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (f"json:{key}",)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def put_meta(self, key: str, value: Any) -> None:
        """Keep the JSON-serialisable ``value`` under ``key`` beside the entries (saved on closing)."""
        if self.connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                    (f"json:{key}", json.dumps(value, ensure_ascii=False)))

    def fragment_keys(self, kind: str) -> set[str]:
        """The keys of the blocks of format ``kind`` kept by a build of this engine version."""
        return {key for key, _ in self._fragment_rows(kind, "key, NULL")}

    def load_fragments(self, kind: str) -> dict[str, bytes]:
        """The rendered blocks of format ``kind`` kept by a build of this engine version, by key."""
        return {key: bytes(value) for key, value in self._fragment_rows(kind, "key, value")
                if isinstance(value, bytes | memoryview)}

    def _fragment_rows(self, kind: str, columns: str) -> list[tuple[str, Any]]:
        if self.connection is None:
            return []
        prefix = _fragment_prefix(kind)
        try:
            rows = self.connection.execute(f"SELECT {columns} FROM fragments WHERE key >= ? AND key < ?",
                                           (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))).fetchall()
        except sqlite3.Error:
            return []
        return [(key[len(prefix):], value) for key, value in rows]

    def store_fragments(self, kind: str, rendered: Mapping[str, bytes], reused: Iterable[str]) -> None:
        """Keep the blocks of ``kind`` rendered now and mark the reused ones; on closing, the other blocks of
        ``kind`` (events gone, old versions) are dropped."""
        self.fragment_kinds.add(kind)
        prefix = _fragment_prefix(kind)
        self.used_fragments.update(prefix + key for key in reused)
        self.used_fragments.update(prefix + key for key in rendered)
        if self.connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            self.connection.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?)",
                                        ((prefix + key, value) for key, value in rendered.items()))

    def checkpoint(self, *, prune: bool = True) -> None:
        """Save, keeping the cache open for the next build of a session. With ``prune``, first drop the entries
        no build since the last prune used (files gone, old versions); without it (a build that found its
        outputs up to date and used nothing, or a session that prunes once, when it closes), keep them all."""
        if self.connection is None:
            return
        try:
            if prune:
                self._prune(self.connection)
            self.connection.commit()
        except sqlite3.Error:
            pass
        if prune:
            self.used, self.used_fragments, self.fragment_kinds = set(), set(), set()

    def close(self, *, prune: bool = True) -> None:
        """``checkpoint`` and close the file."""
        if self.connection is None:
            return
        self.checkpoint(prune=prune)
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()
        self.connection = None

    def _prune(self, connection: sqlite3.Connection) -> None:
        keys = [row[0] for row in connection.execute("SELECT key FROM entries")]
        connection.executemany("DELETE FROM entries WHERE key = ?", [(k,) for k in keys if k not in self.used])
        if self.fragment_kinds:
            # Unused blocks of the formats written now, and every block of another version of the code.
            written = tuple(_fragment_prefix(kind) for kind in self.fragment_kinds)
            kept = [row[0] for row in connection.execute("SELECT key FROM fragments")]
            connection.executemany("DELETE FROM fragments WHERE key = ?", [
                (k,) for k in kept if k not in self.used_fragments
                and (k.startswith(written) or not k.startswith(engine_version()))])


def _fragment_prefix(kind: str) -> str:
    return f"{engine_version()}:{kind}:"


# ---- JSON forms of the per-file results

def reading_to_json(reading: build.FileReading) -> dict[str, Any]:
    """A FileReading as plain JSON data."""
    return {
        "path": reading.path,
        "articles": [{"span": _fields(a.span), "ref": a.ref.isoformat() if not isinstance(a.ref, int) else a.ref,
                      "mentions": [_fields(m) for m in a.mentions]} for a in reading.articles],
        "points": [_fields(p) for p in reading.points],
        "editions": list(reading.editions),
        "failure": reading.failure,
    }


def reading_from_json(data: dict[str, Any]) -> build.FileReading:
    """The FileReading that ``reading_to_json`` stored."""
    articles = tuple(build.ArticleReading(
        ArticleSpan(**a["span"]), a["ref"] if isinstance(a["ref"], int) else date.fromisoformat(a["ref"]),
        tuple(Mention(**m) for m in a["mentions"])) for a in data["articles"])
    return build.FileReading(data["path"], articles, tuple(series.SeriesPoint(**p) for p in data["points"]),
                             tuple(data["editions"]), data.get("failure"))


def series_to_json(reading: build.FileReading) -> dict[str, Any]:
    """The series facts of a FileReading (what the corpus-wide step reads of it) as plain JSON data."""
    return {"points": [_fields(p) for p in reading.points], "editions": list(reading.editions),
            "failure": reading.failure}


def series_from_json(path: str, data: dict[str, Any]) -> build.FileReading:
    """A FileReading holding only the series facts ``series_to_json`` stored: no articles."""
    return build.FileReading(path, (), tuple(series.SeriesPoint(**p) for p in data["points"]),
                             tuple(data["editions"]), data.get("failure"))


def result_to_json(result: build.FileResult) -> dict[str, Any]:
    """A FileResult as plain JSON data."""
    return {
        "path": result.path,
        "articles": [_fields(a) for a in result.articles],
        "drafts": [{**_fields(d), "citation": _fields(d.citation)} for d in result.drafts],
        "unresolved": [_fields(u) for u in result.unresolved],
        "mentions": result.mentions,
        "failure": result.failure,
    }


def _fields(record: Any) -> dict[str, Any]:
    # The fields one level deep: dataclasses.asdict copies every value recursively, three times slower.
    return {name: getattr(record, name) for name in _field_names(type(record))}


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def result_from_json(data: dict[str, Any]) -> build.FileResult:
    """The FileResult that ``result_to_json`` stored."""
    drafts = []
    for d in data["drafts"]:
        d = dict(d)
        d["citation"] = Citation(**d["citation"])
        d["sentence"] = tuple(d["sentence"])
        drafts.append(Draft(**d))
    return build.FileResult(data["path"], tuple(Article(**a) for a in data["articles"]), tuple(drafts),
                            tuple(Unresolved(**u) for u in data["unresolved"]), data["mentions"], data.get("failure"))
