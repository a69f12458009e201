"""The ``kxtimeline`` command line: wires the stages together, nothing more."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

import click

from timeline.build import failure_reason
from timeline.cache import CACHE_NAME
from timeline.dask_runner import DaskRunner, DaskUnavailable
from timeline.dates import Mention, find_dates
from timeline.export import FORMATS, OutputError
from timeline.model import Skipped
from timeline.runner import default_jobs
from timeline.session import BuildOutcome, BuildSession, BuildSettings
from timeline.show import ShowError, display_width, load_events, render_table, select
from timeline.sources import LoadResult, SourceError, SourceSession, load_sources, parse_ref_option
from timeline.summary import printable, summary_text, up_to_date_text
from timeline.userdates import UserDateError, parse_user_date, today
from timeline.watch import FileChanges, Rebuild, run_watch


class RefType(click.ParamType):
    """A reference date as users write it (any form dateparser reads, or a bare year)."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date | int:
        try:
            return parse_user_date(value)  # type: ignore[arg-type]
        except UserDateError as exc:
            self.fail(str(exc), param, ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kxtimeline")
def main() -> None:
    """Turn Chinese news articles into a dated chronology.

    \b
    Examples:
      kxtimeline build                       # seeds/ → out/timeline.{json,md,csv,ics,html}
      kxtimeline build news/ --out site/ --jobs 2
      kxtimeline show --year 2024
      kxtimeline parse --ref 2024-05-30 '今年3月4日至5日，专家组到防城港调研'
    """


def _output_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that say what a build writes and where (shared by ``build`` and ``watch``)."""
    options = [
        click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
                     show_default=True, help="Folder the outputs are written to."),
        click.option("--ref", "refs", multiple=True, metavar="FILE=DATE",
                     help="Reference date for one file (any form dateparser reads); repeatable."),
        click.option("--name", default=None, help="Name of the chronology (default: the first input folder's name)."),
        click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
                     help=f"Comma-separated outputs to write: {', '.join(FORMATS)}."),
        click.option("--ics-precision", type=click.Choice(["day", "month", "year"]), default="year",
                     show_default=True, help="Coarsest events the ICS keeps: day (only dated days), month (days and "
                                             "months) or year (all)."),
        click.option("--excel", is_flag=True,
                     help="Write the CSV with a UTF-8 byte-order mark so Excel shows Chinese."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@click.argument("text", required=False)
@click.option("--ref", type=RefType(), default=None,
              help="Reference date (YYYY-MM-DD, YYYY, or any form dateparser reads). Default: today in Asia/Shanghai.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of mentions.")
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"), default=None,
              help='Batch: read lines {"id","text","ref"} from FILE (- for stdin), write {"id","mentions"} lines.')
@click.option("--vague", is_flag=True, help="Also report vague words with no calendar value (目前, 近年来).")
def parse(text: str | None, ref: date | int | None, as_json: bool, jsonl: TextIO | None, vague: bool) -> None:
    """Find and resolve the date expressions in TEXT.

    \b
    Examples:
      kxtimeline parse --ref 2024-05-30 '今年3月4日至5日，专家组到防城港调研'
      kxtimeline parse --json --ref 2026 '3月11日至13日，2026年培训班在深圳举办'
      kxtimeline parse --jsonl cases.jsonl > mentions.jsonl
    """
    if jsonl is not None:
        _parse_batch(jsonl, sys.stdout, vague)
        return
    if text is None:
        raise click.UsageError("give TEXT to parse, or --jsonl FILE")
    mentions = find_dates(text, ref if ref is not None else today(), include_vague=vague)
    if as_json:
        click.echo(json.dumps([m.to_dict() for m in mentions], ensure_ascii=False, indent=2))
    else:
        click.echo(_table(mentions))


def _parse_batch(lines: TextIO, out: TextIO, vague: bool) -> None:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        case_id: object = None
        try:
            case = json.loads(line)
            case_id = case.get("id")
            ref = parse_user_date(case.get("ref") or today())
            text = str(case["text"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # a malformed case
            record = _failed_case(number, case_id, str(exc))
        else:
            try:
                record = {"id": case_id, "mentions": [m.to_dict() for m in find_dates(text, ref, include_vague=vague)]}
            except Exception as exc:  # an engine bug costs this case, not the batch
                record = _failed_case(number, case_id, failure_reason(exc))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _failed_case(number: int, case_id: object, reason: str) -> dict[str, object]:
    click.echo(f"kxtimeline parse: line {number}: {reason}", err=True)
    return {"id": case_id, "mentions": [], "error": reason}


def _table(mentions: list[Mention]) -> str:
    if not mentions:
        return "(no dates found)"
    rows = [("offsets", "text", "value", "precision", "kind", "basis")]
    for m in mentions:
        value = m.start_date or "?"
        if m.end_date and m.end_date != m.start_date:
            value += f"..{m.end_date}"
        if m.time:
            value += f" {m.time}"
        if m.recurrence:
            value += f" ({m.recurrence})"
        rows.append((f"{m.start}-{m.end}", m.text.replace("\n", "⏎"), value, m.precision or "-", m.kind, m.basis))
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c + " " * (w - display_width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_output_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes to read, merge and render with (default: the number of cores). Outputs do not "
                   "depend on it.")
@click.option("--no-cache", is_flag=True,
              help=f"Read every file and write every output again instead of reusing OUT/{CACHE_NAME} (with it, a "
                   "build whose inputs, options and outputs are unchanged writes nothing).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the per-file work in local processes or as Dask tasks.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler (tcp://HOST:PORT) for --engine dask; default: start a local cluster.")
@click.option("--strict", is_flag=True, help="Write nothing and exit 1 if any input is skipped.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also list each article with its reference date.")
def build(paths: tuple[Path, ...], out_dir: Path, refs: tuple[str, ...], name: str | None, formats: str,
          ics_precision: str, excel: bool, jobs: int | None, no_cache: bool, engine: str, scheduler: str | None,
          strict: bool, quiet: bool, verbose: bool) -> None:
    """Build the merged chronology of the articles in PATHS (files or folders; default: seeds/).

    Writes timeline.json, .md, .csv, .ics and .html into --out (see --format). Exit status: 0 when every
    input was read, 1 when some were skipped (their paths and reasons are printed), 2 for usage errors.

    \b
    Examples:
      kxtimeline build
      kxtimeline build news/ extra.txt --out site/ --name 茂名科协
      kxtimeline build news/ --ref 001.txt=2024-04-16 --format md,ics
    """
    inputs = list(paths) or [Path("seeds")]
    settings = _settings(inputs, out_dir, name, formats, ics_precision, excel, jobs, not no_cache, quiet, strict)
    started = time.perf_counter()
    try:
        loaded = load_sources(inputs, parse_ref_option(refs), exclude=[out_dir])
    except (SourceError, UserDateError) as exc:
        raise click.UsageError(str(exc)) from exc
    timings = {"load": time.perf_counter() - started}
    _report_inputs(loaded, "build")
    if strict and loaded.skipped:
        click.echo(f"kxtimeline build: --strict: {len(loaded.skipped)} input(s) skipped; nothing written", err=True)
        sys.exit(1)
    external = None
    if engine == "dask":
        try:
            external = DaskRunner(scheduler, workers=settings.jobs)
        except DaskUnavailable as exc:
            click.echo(f"kxtimeline build: {printable(exc)}", err=True)
            sys.exit(2)
    session = BuildSession(settings, runner=external)
    try:
        outcome = session.build(loaded, timings)
    except OutputError as exc:
        click.echo(f"kxtimeline build: {printable(exc)}", err=True)
        sys.exit(2)
    finally:
        session.close()
    _report_skipped(outcome.failed, "build")
    if strict and outcome.failed:
        click.echo(f"kxtimeline build: --strict: {len(outcome.failed)} input(s) skipped; nothing written", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(_outcome_text(outcome, verbose), err=True)
    sys.exit(1 if loaded.skipped or outcome.failed else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_output_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for the first build (default: the number of cores).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors and skipped inputs.")
@click.option("--verbose", "-v", is_flag=True, help="Also print the wall time of each stage of every build.")
def watch(paths: tuple[Path, ...], out_dir: Path, refs: tuple[str, ...], name: str | None, formats: str,
          ics_precision: str, excel: bool, jobs: int | None, quiet: bool, verbose: bool) -> None:
    """Build, then build again whenever a file under PATHS changes, until interrupted (Ctrl-C).

    Takes the options of `build`. The first build is a `build` with the cache; each later one keeps in memory
    what the last one worked out, so after one article changes it reads, merges and renders only what that
    article touched, and writes the same bytes a new `build` would. One line per build tells what it did.

    \b
    Examples:
      kxtimeline watch news/ --out site/
    """
    inputs = list(paths) or [Path("seeds")]
    settings = _settings(inputs, out_dir, name, formats, ics_precision, excel, jobs, True, quiet)
    try:
        sources = SourceSession(inputs, parse_ref_option(refs), exclude=[out_dir])
    except (SourceError, UserDateError) as exc:
        raise click.UsageError(str(exc)) from exc
    session = BuildSession(settings, remember=True)
    printed: list[tuple[Skipped, ...]] = [(), ()]

    def report(rebuild: Rebuild) -> None:
        if rebuild.loaded is not None and (rebuild.loaded.warnings, rebuild.loaded.skipped) != tuple(printed):
            _report_inputs(rebuild.loaded, "watch")  # only when they differ from the last build's
            printed[:] = [rebuild.loaded.warnings, rebuild.loaded.skipped]
        if rebuild.outcome is not None:
            _report_skipped(rebuild.outcome.failed, "watch")  # tried again by every build, so named every time
        if rebuild.error is not None:
            click.echo(f"kxtimeline watch: {printable(rebuild.error)}; still watching", err=True)
        elif not quiet:
            click.echo(_rebuild_text(rebuild, verbose), err=True)
        if rebuild.changed is None and not quiet:
            click.echo(f"kxtimeline watch: watching {', '.join(printable(p) for p in inputs)} (Ctrl-C stops)",
                       err=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a service manager's stop: finish the build under way
    changes = FileChanges(inputs, out_dir, stop)
    try:
        run_watch(sources, session, changes, report, ready=changes.ready)
    except (OSError, RuntimeError) as exc:  # the watcher failed (a limit on watches, a file system without them)
        click.echo(f"kxtimeline watch: cannot watch: {printable(exc)}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        pass  # Ctrl-C: the outputs are written atomically, so a build cut short leaves the last ones whole
    finally:
        session.close()


def _rebuild_text(rebuild: Rebuild, verbose: bool) -> str:
    outcome = rebuild.outcome
    assert outcome is not None
    if rebuild.changed is None:  # the first build: its summary, without the list of articles
        if outcome.timeline is None:
            return _outcome_text(outcome, False)
        return summary_text(outcome.timeline, outcome.written, timings=outcome.timings if verbose else None)
    clock = time.strftime("%H:%M:%S")
    changes = f"{len(rebuild.changed)} change{'s' if len(rebuild.changed) != 1 else ''}"
    if outcome.timeline is None:
        return f"kxtimeline watch: {clock} {changes}; the outputs are up to date ({rebuild.seconds:.2f} s)"
    timeline = outcome.timeline
    text = (f"kxtimeline watch: {clock} {changes}; rebuilt in {rebuild.seconds:.2f} s: {timeline.files} files, "
            f"{len(timeline.articles)} articles, {len(timeline.events)} events, {len(timeline.skipped)} skipped")
    if verbose:
        text += "\n  time: " + ", ".join(f"{stage} {seconds:.3f} s" for stage, seconds in outcome.timings.items())
    return text


def _settings(inputs: list[Path], out_dir: Path, name: str | None, formats: str, ics_precision: str, excel: bool,
              jobs: int | None, use_cache: bool, quiet: bool, strict: bool = False) -> BuildSettings:
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    if unknown := [f for f in chosen if f not in FORMATS]:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    return BuildSettings(out_dir, name or _default_name(inputs), tuple(chosen), ics_precision, excel,
                         jobs or default_jobs(), use_cache, quiet, strict)


def _report_inputs(loaded: LoadResult, command: str) -> None:
    for warning in loaded.warnings:
        click.echo(f"kxtimeline {command}: warning: {printable(warning.path)}: {printable(warning.reason)}", err=True)
    _report_skipped(loaded.skipped, command)


def _report_skipped(skipped: tuple[Skipped, ...], command: str) -> None:
    for skip in skipped:
        click.echo(f"kxtimeline {command}: skipped {printable(skip.path)}: {printable(skip.reason)}", err=True)


def _outcome_text(outcome: BuildOutcome, verbose: bool) -> str:
    if outcome.timeline is None:
        record = outcome.record
        assert record is not None
        return up_to_date_text(record.verbose_summary if verbose else record.summary)
    return summary_text(outcome.timeline, outcome.written, verbose=verbose,
                        timings=outcome.timings if verbose else None)


def _default_name(inputs: list[Path]) -> str:
    first = inputs[0].resolve()
    return first.stem if first.is_file() else first.name or "kxtimeline"


@main.command()
@click.argument("out_dir", required=False, type=click.Path(path_type=Path), default=Path("out"))
@click.option("--year", type=int, default=None, help="Only events that touch this year.")
@click.option("--search", default=None, help="Only events whose title, place or quotes contain this text.")
def show(out_dir: Path, year: int | None, search: str | None) -> None:
    """Print the chronology of a finished build (OUT_DIR/timeline.json, default out/) as a table.

    \b
    Examples:
      kxtimeline show
      kxtimeline show site/ --year 2024 --search 调研
    """
    try:
        events = load_events(out_dir)
    except ShowError as exc:
        click.echo(f"kxtimeline show: {exc}", err=True)
        sys.exit(2)
    click.echo(render_table(select(events, year=year, search=search)))
