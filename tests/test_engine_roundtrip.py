"""Round trip: dates rendered in every Chinese form the engine reads, planted in news text, must come back.

``tests/roundtrip_render.py`` writes seeded random texts with planted dates whose values it computes on its
own; here ``find_dates`` must recover each planted expression (one mention overlapping it, with exactly its
start_date, end_date and precision) and report nothing outside them. Forms the engine does not read yet are
listed in KNOWN_FAILING, each with its reason, and tested on their own as strict expected failures, so the
day one of them is fixed the suite says so. Counts per form and the pass rates are printed after the module.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from roundtrip_render import (
    FILLER_SENTENCES,
    FORM_LABELS,
    Failure,
    check_case,
    fill,
    print_past_capture,
    render_cases,
)

from timeline.dates import find_dates

SEED = 20240416
N_CASES = 5000
N_CASES_PER_FAILING_FORM = 150
SHOW = 20

# Forms the engine misses, by label (form[script]), with what goes wrong. None at present: pytest then reports
# test_round_trip_known_failing_form as skipped (an empty parameter set).
KNOWN_FAILING: dict[str, str] = {}
PASSING = tuple(label for label in FORM_LABELS if label not in KNOWN_FAILING)

PLANTED: Counter[str] = Counter()
RECOVERED: Counter[str] = Counter()
TOTALS: Counter[str] = Counter()


def run(n_cases: int, seed: int, labels: tuple[str, ...]) -> list[Failure]:
    """Render and check ``n_cases`` cases of ``labels``; count per label; return every failure."""
    started = time.perf_counter()
    failures: list[Failure] = []
    for case in render_cases(n_cases, seed, labels):
        results, case_failures = check_case(case)
        for planted, ok in results:
            PLANTED[planted.form] += 1
            RECOVERED[planted.form] += ok
        failures += case_failures
        TOTALS["stray"] += sum(f.form == "stray" for f in case_failures)
    TOTALS["cases"] += n_cases
    TOTALS["seconds x1000"] += round((time.perf_counter() - started) * 1000)
    return failures


def failure_message(failures: list[Failure], what: str) -> str:
    shown = "\n".join(str(f) for f in failures[:SHOW])
    return f"{len(failures)} failures {what}; the first {min(SHOW, len(failures))}:\n{shown}"


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest):
    yield
    lines = [f"engine round trip: {TOTALS['cases']} cases in {TOTALS['seconds x1000'] / 1000:.2f} s, "
             f"{sum(PLANTED.values())} planted dates, {TOTALS['stray']} stray mentions"]
    for label in sorted(PLANTED):
        mark = "  (known failing)" if label in KNOWN_FAILING else ""
        lines.append(f"  {label:40} {RECOVERED[label]:5}/{PLANTED[label]:<5} "
                     f"{100 * RECOVERED[label] / PLANTED[label]:6.1f}%{mark}")
    strict = [label for label in PLANTED if label not in KNOWN_FAILING]
    ok, total = sum(RECOVERED[k] for k in strict), sum(PLANTED[k] for k in strict)
    if total:
        lines.append(f"  strict forms: {ok}/{total} recovered ({100 * ok / total:.2f}%)")
    print_past_capture(request, lines)


def test_filler_has_no_dates() -> None:
    """The news filler (with its traps: 200余人, 2019余份, 12.5万元, 第41届, phone numbers) holds no date."""
    rng = random.Random(SEED)
    texts = [fill(rng.choice(FILLER_SENTENCES), rng)[0] for _ in range(2000)]
    found = [(text, m.text) for text in texts for m in find_dates(text, 2024)]
    assert not found, f"{len(found)} mentions in filler text, e.g. {found[:SHOW]}"


def test_round_trip_every_read_form() -> None:
    failures = run(N_CASES, SEED, PASSING)
    assert not failures, failure_message(failures, f"in {N_CASES} cases")


@pytest.mark.parametrize("label", [
    pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=reason)) for label, reason in KNOWN_FAILING.items()
])
def test_round_trip_known_failing_form(label: str) -> None:
    failures = run(N_CASES_PER_FAILING_FORM, SEED, (label,))
    assert not failures, failure_message(failures, f"for {label}")
