"""Import speed: 10,000 synthetic rows checked and imported, as the worker would do it.

    .venv/bin/python -m bench.bench_import [--rows 10000]

Runs in-process against a throwaway PostgreSQL database (the test settings' server, its own
name), with the demo organisation: the participant file (each row a person and a referral)
imported by the specialist, then a case file referring the same people to a second programme,
moved on to active, then an employer file. Each is timed in two parts: the dry run (read the
file, check every row) and the import (check again, write in one transaction). The target is
under a minute for 10,000 participant rows, dry run and import together. Every number in the
files is a synthetic Tenor number (month + 80).
"""

from __future__ import annotations

import argparse
import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# Its own database, so a benchmark never drops the one a test run is using.
os.environ.setdefault("JOBBSPOR_TEST_DB_SUFFIX", "_bench_import")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402

TARGET_SECONDS = 60.0


def timed(label: str, kind: str, data: bytes, actor: object, rows: int) -> float:
    from apps.imports.models import ImportStatus
    from apps.imports.services import import_check, import_job_create, import_start

    start = time.perf_counter()
    job = import_job_create(actor=actor, kind=kind, name="bench.csv", data=data)  # type: ignore[arg-type]
    job = import_check(job=job)
    checked = time.perf_counter()
    assert job.error_count == 0, list(job.errors.values_list("row", "column", "message")[:5])
    job = import_start(job=job, actor=actor, inline=True)  # type: ignore[arg-type]
    done = time.perf_counter()
    assert job.status == ImportStatus.IMPORTED, job.status
    assert job.imported_rows == rows, job.imported_rows
    total = done - start
    print(
        f"{label:44} {rows:7d} {checked - start:9.1f} {done - checked:9.1f} {total:9.1f} "
        f"{total / rows * 1000:8.2f}"
    )
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    count = parser.parse_args().rows

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from apps.imports import demo
        from apps.organisation.demo import load_organisation

        users = load_organisation()
        rng = random.Random(1)
        people = demo.participant_rows(count, rng)
        cases = [
            {
                "fødselsnummer": row["fødselsnummer"],
                "program": "ips",
                "henvisningsdato": "05.01.2026",
                "inntak fra": "08.01.2026",
                "inntakssamtale": "12.01.2026",
                "deltaker fra": "15.01.2026",
            }
            for row in people
        ]
        employers = demo.employer_rows(count, rng)

        print(f"\nImport benchmark, database {settings.DATABASES['default']['NAME']}\n")
        print(
            f"{'file':44} {'rows':>7} {'check s':>9} {'import s':>9} {'total s':>9} {'ms/row':>8}"
        )
        headline = timed(
            "participants + referral (CSV)",
            "participants",
            demo.as_csv(people),
            users["spesialist"],
            count,
        )
        timed(
            "cases, moved on to active (CSV)",
            "cases",
            demo.as_csv(cases),
            users["spesialist"],
            count,
        )
        timed("employers (XLSX)", "employers", demo.as_xlsx(employers), users["spesialist"], count)
        verdict = "under" if headline < TARGET_SECONDS else "OVER"
        print(
            f"\n{count} participant rows: {headline:.1f} s, {verdict} the target of "
            f"{TARGET_SECONDS:.0f} s"
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
