"""Load stage of ``kxtimeline build``: find the input files, decode them and read what the user said about them.

Every input file ends up either as a ``SourceFile`` (text decoded exactly, so offsets into it stay valid) or as
one ``Skipped`` with a one-line reason. Metadata comes from YAML front matter, ``kxtimeline.toml`` files in the
folders given, and ``--ref FILE=DATE`` options; precedence is ``--ref`` > front matter > toml. Problems with that
metadata never drop a file: they become warnings.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from timeline.memo import Memo
from timeline.model import FileMeta, Skipped, SourceFile
from timeline.userdates import UserDateError, parse_user_date

__all__ = ["TOML_NAME", "LoadResult", "SourceError", "load_sources", "normalise_user_date", "parse_ref_option"]

SUFFIXES = frozenset({".txt", ".md"})
TOML_NAME = "kxtimeline.toml"
META_KEYS = ("title", "date", "url", "source")
ORIGIN_FRONT_MATTER = "front matter"
ORIGIN_TOML = "kxtimeline.toml"
ORIGIN_REF = "--ref"

# Checked in this order: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "cp936", "gb18030", "euc_cn", "hz"})
_MIN_CHINESE_SHARE = 0.9
_MAX_CONTROL_SHARE = 0.1
# What Chinese news text is made of: ASCII, CJK ideographs and the punctuation and symbols it uses.
_NOT_CHINESE_TEXT = re.compile(
    "[^\t\n\r\x20-\x7e\u00b7\u00d7\u2000-\u206f\u2160-\u217f\u2460-\u24ff\u25a0-\u25ff\u3000-\u303f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

_FM_OPEN = re.compile(r"---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)

Warn = Callable[[str], None]


@cache
def _front_matter_loader() -> type:
    """yaml.safe_load's loader, except that dates stay text so a bad one is reported as a date, not as bad YAML.
    Made on first use: most inputs have no front matter, and importing yaml is a tenth of the start-up."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        pass

    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return FrontMatterLoader


class SourceError(Exception):
    """An input path given on the command line cannot be used at all (it does not exist)."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The decoded files (sorted by ``path``), the inputs that could not be used, and metadata warnings."""

    files: tuple[SourceFile, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[Skipped, ...] = ()


class _Unusable(Exception):
    """Internal: this file cannot be used; the message is the one-line reason."""


@dataclass(slots=True)
class _Candidate:
    """A file found among the inputs, before it is read."""

    rel: str  # POSIX path relative to its root folder (a file given directly: its name)
    root_parts: tuple[str, ...]  # the root folder's absolute path, to disambiguate display names
    fs_path: Path
    given: str  # the path as the user would type it
    walk: int = 0  # which folder walk found it; 0 for a file given directly
    toml: dict[str, str] = field(default_factory=dict)
    display: str = ""
    state: os.stat_result | None = None  # as the walk (or a session's last load) found it
    absolute: str = ""


# A file as a session of builds last read it: by (absolute path, name, size, mtime, ctime, inode, toml fields,
# --ref date), the SourceFile and the warnings its reading gave.
FileMemo = Memo[tuple[object, ...], tuple[SourceFile, tuple[Skipped, ...]]]


def load_sources(paths: Sequence[Path], ref_overrides: Mapping[str, str] | None = None, *,
                 exclude: Sequence[Path] = ()) -> LoadResult:
    """Find, decode and describe every input file.

    Folders are walked recursively for ``.txt``/``.md`` files (hidden entries skipped, symlink loops reported);
    files given directly are read whatever their extension. Never raises for a bad input file: each becomes one
    ``Skipped``. Raises ``SourceError`` when a given path does not exist and ``UserDateError`` when a ``--ref``
    date cannot be read. The result does not depend on the order the file system lists entries in. Folder
    walks do not enter the folders ``exclude`` names (the output folder, when it lies among the inputs).
    """
    return _read_found(_find(paths, exclude), _parse_refs(ref_overrides), None)


class SourceSession:
    """The inputs of a session of builds (``kxtimeline watch``), loaded again after each change.

    A file is read again only when its absolute path is among the changes reported or its size, times or
    inode differ from the last load; the folders are walked again only when a change names a path that was
    not a file read last time (a file added, a folder, a ``kxtimeline.toml``) or a file read last time is gone.
    ``load`` gives what ``load_sources`` would give for the same paths. Raises ``SourceError`` when a path
    given does not exist and ``UserDateError`` when a ``--ref`` date cannot be read.
    """

    def __init__(self, paths: Sequence[Path], ref_overrides: Mapping[str, str] | None = None, *,
                 exclude: Sequence[Path] = ()) -> None:
        _require(paths)
        self.paths = list(paths)
        self.exclude = list(exclude)
        self.refs = _parse_refs(ref_overrides)
        self.memo: FileMemo = Memo()
        self._found: _Found | None = None

    def load(self, changed: Collection[str] | None = None) -> LoadResult:
        """The inputs now, knowing that the files at the absolute paths ``changed`` have changed (None: anything
        may have). Raises ``SourceError`` when a path given no longer exists."""
        found = self._found
        if (found is None or changed is None or not found.absolute.issuperset(changed)
                or not _restat(found.candidates)):
            found = self._found = _find(self.paths, self.exclude)
        if changed:
            self.memo.forget(lambda key: key[0] in changed)
        result = _read_found(found, self.refs, self.memo)
        self.memo.sweep()
        return result


@dataclass(slots=True)
class _Found:
    """The files found among the inputs (sorted by name), what the search skipped and warned of, and the
    absolute path of every file found."""

    candidates: list[_Candidate]
    skipped: list[Skipped]
    warnings: list[Skipped]
    absolute: set[str]


def _parse_refs(ref_overrides: Mapping[str, str] | None) -> dict[str, str]:
    return {_norm_key(k): normalise_user_date(v, f"--ref {k}={v}: ") for k, v in (ref_overrides or {}).items()}


def _require(paths: Sequence[Path]) -> None:
    for path in paths:
        if not Path(path).exists():
            raise SourceError(f"{path}: no such file or folder")


def _find(paths: Sequence[Path], exclude: Sequence[Path]) -> _Found:
    _require(paths)
    finder = _Finder({os.path.realpath(folder) for folder in exclude})
    for path in paths:
        finder.add(Path(path))
    candidates = finder.unique()
    _assign_display(candidates)
    candidates.sort(key=lambda c: c.display)
    return _Found(candidates, finder.skipped, finder.warnings, {c.absolute for c in candidates})


def _restat(candidates: Iterable[_Candidate]) -> bool:
    """Take each file's state again; False when one is no longer a regular file."""
    for cand in candidates:
        try:
            cand.state = os.stat(cand.fs_path)
        except OSError:
            return False
        if not stat.S_ISREG(cand.state.st_mode):
            return False
    return True


def _read_found(found: _Found, refs: Mapping[str, str], memo: FileMemo | None) -> LoadResult:
    files: list[SourceFile] = []
    skipped = list(found.skipped)
    warnings = list(found.warnings)
    for cand in found.candidates:
        try:
            files.append(_load_one(cand, refs, _warner(warnings, cand.display)) if memo is None
                         else _load_remembered(cand, refs, warnings, memo))
        except _Unusable as exc:
            skipped.append(Skipped(cand.display, str(exc)))
    warnings.extend(_unused_refs(refs, found.candidates))
    return LoadResult(tuple(files), tuple(sorted(skipped, key=lambda s: s.path)), tuple(dict.fromkeys(warnings)))


def parse_ref_option(values: Sequence[str]) -> dict[str, str]:
    """Split ``--ref FILE=DATE`` values into ``{FILE: DATE}``; a later value for the same FILE wins.

    Raises ``UserDateError`` for a value without ``=`` or with an empty FILE or DATE. The dates themselves are
    read by ``load_sources``.
    """
    refs: dict[str, str] = {}
    for value in values:
        name, sep, when = value.rpartition("=")
        if not sep or not name.strip() or not when.strip():
            raise UserDateError(f"--ref wants FILE=DATE (e.g. 001.txt=2024-04-16), got {value!r}")
        refs[name.strip()] = when.strip()
    return refs


def normalise_user_date(value: object, context: str = "") -> str:
    """Read a date a user wrote (text, an int year, a ``date``/``datetime``) as ``YYYY-MM-DD`` or ``YYYY``.

    Raises ``UserDateError`` (its message prefixed with ``context``) when it cannot be read.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, bool) or not isinstance(value, str | int | date):
        raise UserDateError(f"{context}not a date: {value!r}")
    if isinstance(value, int) and not 1000 <= value <= 9999:
        value = str(value)  # e.g. an unquoted 20240416 in YAML: let the text reader try
    try:
        parsed = parse_user_date(value)
    except UserDateError as exc:
        raise UserDateError(f"{context}{exc}") from exc
    if isinstance(parsed, int):
        if not 1000 <= parsed <= 9999:
            raise UserDateError(f"{context}year out of range: {value!r}")
        return f"{parsed:04d}"
    return parsed.isoformat()


# --- finding the files -------------------------------------------------------------------------------------------


class _Finder:
    """Collects candidate files, skipped inputs, warnings and toml metadata from the paths given."""

    def __init__(self, exclude: set[str]) -> None:
        self.exclude = exclude  # real paths of folders walks do not enter
        self.candidates: list[_Candidate] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[Skipped] = []
        self._toml_targets: list[tuple[str, str, int, str]] = []  # (toml path, key, walk, target rel path)
        self._walks = 0

    def add(self, path: Path) -> None:
        """Take one command-line path: a folder is walked, a file is a candidate whatever its extension."""
        if path.is_dir():
            self._walks += 1
            self._walk(path, self._walks)
        elif path.is_file():
            toml = self._toml_entries(path.parent / TOML_NAME).get(path.name, {})
            self.candidates.append(_Candidate(path.name, path.absolute().parent.parts[1:], path, path.as_posix(),
                                              toml=toml))
        else:
            self.skipped.append(Skipped(path.as_posix(), "not a regular file or folder"))

    def unique(self) -> list[_Candidate]:
        """The candidates with each real file kept once (the first found), each with its absolute path set; warns
        of toml names that match none."""
        known = {(c.walk, c.rel) for c in self.candidates}
        for toml_path, key, walk, target in self._toml_targets:
            if (walk, target) not in known:
                self.warnings.append(Skipped(toml_path, f"names {key!r}, which is not among the files read"))
        first: dict[str, _Candidate] = {}
        real_dirs: dict[str, str] = {}
        for cand in self.candidates:
            cand.absolute = os.path.abspath(cand.fs_path)
            real = _real_path(cand.absolute, real_dirs)
            if real in first:
                self.warnings.append(Skipped(cand.given, f"same file as {first[real].given}; read once"))
            else:
                first[real] = cand
        return list(first.values())

    def _walk(self, root: Path, walk: int) -> None:
        root_parts = root.absolute().parts[1:]
        toml_by_rel: dict[str, dict[str, str]] = {}
        seen = {os.path.realpath(root)}

        def on_error(exc: OSError) -> None:
            where = Path(exc.filename).as_posix() if exc.filename else root.as_posix()
            self.skipped.append(Skipped(where, f"cannot read folder: {_os_reason(exc)}"))

        # Links are followed so linked folders are read; `seen` (real paths) stops loops and double reads.
        for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
            here = Path(dirpath)
            rel_dir = here.relative_to(root).as_posix()
            dirnames[:] = self._enter(here, dirnames, seen)
            if TOML_NAME in filenames:
                for key, fields in self._toml_entries(here / TOML_NAME).items():
                    target = posixpath.normpath(posixpath.join(rel_dir, key))
                    toml_by_rel.setdefault(target, {}).update(fields)  # top-down walk: a deeper toml wins
                    self._toml_targets.append(((here / TOML_NAME).as_posix(), key, walk, target))
            for name in sorted(n for n in filenames if not n.startswith(".")):
                if os.path.splitext(name)[1].lower() in SUFFIXES:
                    rel = posixpath.normpath(posixpath.join(rel_dir, name))
                    path = here / name
                    self._take(_Candidate(rel, root_parts, path, path.as_posix(), walk,
                                          dict(toml_by_rel.get(rel, {}))))

    def _take(self, cand: _Candidate) -> None:
        try:
            cand.state = os.stat(cand.fs_path)
            regular = stat.S_ISREG(cand.state.st_mode)
        except FileNotFoundError:
            self.skipped.append(Skipped(cand.given, "broken symbolic link"))
            return
        except OSError:
            regular = False
        if regular:
            self.candidates.append(cand)
        else:
            self.skipped.append(Skipped(cand.given, "not a regular file"))

    def _enter(self, here: Path, dirnames: Iterable[str], seen: set[str]) -> list[str]:
        """The subfolders to walk into: not hidden, and no link back up or to a folder read already."""
        names = sorted(d for d in dirnames if not d.startswith("."))
        if self.exclude:
            names = [d for d in names if os.path.realpath(here / d) not in self.exclude]
        plain = [d for d in names if not (here / d).is_symlink()]
        seen.update(os.path.realpath(here / d) for d in plain)
        keep = list(plain)
        real_here = os.path.realpath(here)
        for name in names:
            if name in plain:
                continue
            target = os.path.realpath(here / name)
            if os.path.commonpath([target, real_here]) == target:
                self.skipped.append(Skipped((here / name).as_posix(),
                                            "symlink loop: links back to a folder above it; not followed"))
            elif target in seen:
                self.warnings.append(Skipped((here / name).as_posix(),
                                             "links to a folder that is read already; not followed"))
            else:
                seen.add(target)
                keep.append(name)
        return sorted(keep)

    def _toml_entries(self, toml_path: Path) -> dict[str, dict[str, str]]:
        """The valid per-file tables of a kxtimeline.toml ({} if there is none); problems become warnings."""
        if not toml_path.is_file():
            return {}
        where = toml_path.as_posix()
        try:
            with toml_path.open("rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            self.warnings.append(Skipped(where, f"cannot read: {_os_reason(exc)}; its settings are ignored"))
            return {}
        except ValueError as exc:  # TOMLDecodeError, or UnicodeDecodeError for a file that is not UTF-8
            self.warnings.append(Skipped(where, f"not valid TOML: {exc}; its settings are ignored"))
            return {}
        entries: dict[str, dict[str, str]] = {}
        for key, table in data.items():
            warn = _warner(self.warnings, where, f"entry {key!r}: ")
            if isinstance(table, dict):
                entries[key] = _meta_fields(table, warn, strict_keys=True)
            else:
                warn(f'is not a table (write ["{key}"] on a line above its keys); ignored')
        return entries


def _real_path(absolute: str, real_dirs: dict[str, str]) -> str:
    """``os.path.realpath(absolute)``, resolving each folder once (``real_dirs`` caches them): a file that is
    not a link itself lies in its folder's real path."""
    if os.path.islink(absolute):
        return os.path.realpath(absolute)
    folder, name = os.path.split(absolute)
    real_folder = real_dirs.get(folder)
    if real_folder is None:
        real_folder = real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real_folder, name)


def _assign_display(candidates: list[_Candidate]) -> None:
    """Name each file by its path under its root; names that clash get the root's folder names in front."""
    depth = [0] * len(candidates)
    while True:
        names = [_display(c, d) for c, d in zip(candidates, depth, strict=True)]
        counts = Counter(names)
        grown = False
        for i, cand in enumerate(candidates):
            if counts[names[i]] > 1 and depth[i] < len(cand.root_parts):
                depth[i] += 1
                grown = True
        if not grown:
            break
    for cand, name in zip(candidates, names, strict=True):
        cand.display = name


def _display(cand: _Candidate, depth: int) -> str:
    return "/".join((*cand.root_parts[len(cand.root_parts) - depth:], cand.rel))


# --- reading one file --------------------------------------------------------------------------------------------


def _load_one(cand: _Candidate, refs: Mapping[str, str], warn: Warn) -> SourceFile:
    try:
        data = cand.fs_path.read_bytes()
    except OSError as exc:
        raise _Unusable(f"cannot read: {_os_reason(exc)}") from exc
    text, encoding = _decode_bytes(data)
    body_start, front = _front_matter(text, warn)
    meta = _merge_meta(cand.toml, front, _ref_for(cand, refs))
    return SourceFile(cand.display, text, encoding, body_start, meta)


def _load_remembered(cand: _Candidate, refs: Mapping[str, str], warnings: list[Skipped],
                     memo: FileMemo) -> SourceFile:
    """``_load_one``, taken from ``memo`` when the file's state is as a build of the session read it."""
    try:
        state = cand.state or os.stat(cand.fs_path)
    except OSError:
        return _load_one(cand, refs, _warner(warnings, cand.display))  # reports why it cannot be read
    key = (cand.absolute, cand.display, state.st_size, state.st_mtime_ns, state.st_ctime_ns, state.st_ino,
           tuple(sorted(cand.toml.items())), _ref_for(cand, refs))

    def load() -> tuple[SourceFile, tuple[Skipped, ...]]:
        own: list[Skipped] = []
        return _load_one(cand, refs, _warner(own, cand.display)), tuple(own)

    source, own_warnings = memo.remember(key, load)
    warnings.extend(own_warnings)
    return source


def _decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes exactly, returning ``(text, encoding)``; raises ``_Unusable`` with the reason.

    Order: byte-order mark → strict UTF-8 → strict GB18030 when the result reads as Chinese text →
    charset_normalizer's best guess (GB family decoded as GB18030).
    """
    if not data.strip():
        raise _Unusable("empty file")
    text, encoding = _decode_text(data)
    if not text.strip():
        raise _Unusable("empty file")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise _Unusable("binary file (mostly control characters)")
    return text, encoding


def _decode_text(data: bytes) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise _Unusable(f"not text: starts with a {codec} byte-order mark but is not {codec}") from exc
    if b"\x00" in data:
        raise _Unusable("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # charset_normalizer can misjudge short GB text, so GB18030 is tried first when it yields Chinese text.
    try:
        text = data.decode("gb18030")
        if len(_NOT_CHINESE_TEXT.findall(text)) <= (1 - _MIN_CHINESE_SHARE) * len(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for bytes neither UTF-8 nor Chinese GB18030: rare

    best = from_bytes(data).best()
    if best is None:
        raise _Unusable("not text (binary or unknown encoding)")
    encoding = best.encoding.lower()
    if encoding in _GB_FAMILY:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    return str(best), encoding.replace("_", "-")


def _front_matter(text: str, warn: Warn) -> tuple[int, dict[str, str]]:
    """``(body_start, fields)`` from a leading ``---`` … ``---`` YAML block; ``(0, {})`` when there is none."""
    opening = _FM_OPEN.match(text)
    if opening is None:
        return 0, {}
    closing = _FM_CLOSE.search(text, opening.end())
    if closing is None:
        warn("front matter has no closing '---' line; read as plain text")
        return 0, {}
    import yaml

    try:
        data = yaml.load(text[opening.end():closing.start()], Loader=_front_matter_loader())  # a SafeLoader
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        warn(f"front matter is not valid YAML: {_yaml_reason(exc)}")
        return closing.end(), {}
    if data is None:
        return closing.end(), {}
    if not isinstance(data, dict):
        warn(f"front matter is not a YAML mapping (found {type(data).__name__}); ignored")
        return closing.end(), {}
    return closing.end(), _meta_fields(data, lambda reason: warn(f"front matter {reason}"), strict_keys=False)


def _meta_fields(raw: Mapping[object, object], warn: Warn, *, strict_keys: bool) -> dict[str, str]:
    """The usable title/date/url/source values of a mapping; each unusable one is a warning."""
    fields: dict[str, str] = {}
    for key in META_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if key == "date":
            try:
                fields[key] = normalise_user_date(value)
            except UserDateError as exc:
                warn(f"date cannot be read ({exc}); no date set")
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            if str(value).strip():
                fields[key] = str(value).strip()
        else:
            warn(f"{key} is not text; ignored")
    if strict_keys:
        for key in raw:
            if key not in META_KEYS:
                warn(f"unknown key {key!r} (expected {', '.join(META_KEYS)}); ignored")
    return fields


def _merge_meta(toml: Mapping[str, str], front: Mapping[str, str], ref: str | None) -> FileMeta:
    fields = {**toml, **front}
    if ref is not None:
        origin: str | None = ORIGIN_REF
    elif "date" in front:
        origin = ORIGIN_FRONT_MATTER
    elif "date" in toml:
        origin = ORIGIN_TOML
    else:
        origin = None
    return FileMeta(title=fields.get("title"), date=ref or fields.get("date"), url=fields.get("url"),
                    source=fields.get("source"), date_origin=origin)


# --- --ref ------------------------------------------------------------------------------------------------------


def _ref_keys(cand: _Candidate) -> tuple[str, ...]:
    """The names a --ref may use for a file, most specific first: display path, path as typed, file name."""
    return cand.display, _norm_key(cand.given), posixpath.basename(cand.display)


def _ref_for(cand: _Candidate, refs: Mapping[str, str]) -> str | None:
    if not refs:
        return None
    return next((refs[key] for key in _ref_keys(cand) if key in refs), None)


def _unused_refs(refs: Mapping[str, str], candidates: Iterable[_Candidate]) -> list[Skipped]:
    if not refs:
        return []
    used = {key for cand in candidates for key in _ref_keys(cand)}
    return [Skipped(key, "--ref names no input file; ignored") for key in refs if key not in used]


# --- small helpers ----------------------------------------------------------------------------------------------


def _norm_key(name: str) -> str:
    return posixpath.normpath(name.strip())


def _warner(sink: list[Skipped], path: str, prefix: str = "") -> Warn:
    return lambda reason: sink.append(Skipped(path, prefix + reason))


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _yaml_reason(exc: BaseException) -> str:
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"{exc.problem} (line {exc.problem_mark.line + 2})"  # +1 for 1-based, +1 for the opening ---
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
