"""The job benchmarks of the performance issue: the national måltall PDF, the checkpoint sweep and
the half-year forms for every office, each timed over several runs on a reset state.

    .venv/bin/python -m bench.jobs --database-url URL [--runs 3] [--only sweep,halfyear,pdf]

The database is one made by ``bench.generate`` (``--as-of 2026-11-23``); the jobs run as of that
date. Every run is a fresh child process (``--one JOB``), so no run inherits a warm cache, an
imported template or a grown heap from the one before. The child times the job alone (not Django's
start-up) and reports the RSS it had after ``django.setup()`` and its imports; the parent takes the
child's peak RSS from ``os.wait4`` (ru_maxrss), so the figure covers the whole child, C libraries
(WeasyPrint's) included.

Before each run the parent resets the state with SQL:

- sweep: every due open checkpoint is marked notified and escalated, then the marks are cleared
  on a deterministic choice (by ``md5(id)``) of 10,000 of them at scale 1 (in proportion to the
  number of offices below it: 1,000 at scale 0.1), and the notifications, e-mails and sweep runs
  of earlier runs are deleted. The sweep then notifies exactly those and escalates those of them
  that are a week overdue.
- halfyear: the forms of 2026 H1 (the half-year just ended on 23 November 2026) are deleted with
  their rows and events; a signed one stops the bench (the database refuses to delete it, and it
  is not the bench's to delete).
- pdf: the bench's earlier ReportPdf rows are deleted, a new one is made (national måltall, the
  year of the as-of date, all programmes), and the suppression answers cached in Redis are
  deleted, so that protecting the national table is part of every run, as on a changed table.

The children use their own Redis database (``--redis-url``, db 14 by default) for the cache and
the broker, so that clearing the suppression cache and the queued ``send_outbox`` messages the
sweep leaves never touches anyone else's keys.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

AS_OF = datetime.date(2026, 11, 23)
JOBS = ("pdf", "sweep", "halfyear")
DUE_AT_FULL_SCALE = 10_000
NATIONAL_OFFICES = 250
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class JobResult:
    name: str
    seconds: list[float]
    median: float
    peak_rss_mb: float  # the highest of the runs' peaks (ru_maxrss of the child)
    baseline_rss_mb: float  # RSS after django.setup() and the imports, before the job
    detail: str
    peaks_mb: list[float] = field(default_factory=list)
    # The child's own CPU time in the job (the database's work is not in it): steadier than the
    # wall clock on a shared machine, and the whole story for the PDF.
    cpu_seconds: list[float] = field(default_factory=list)

    @property
    def growth_mb(self) -> float:
        return self.peak_rss_mb - self.baseline_rss_mb


# --- The parent: reset, run a child, collect -------------------------------------------------


def _half_year(as_of: datetime.date) -> tuple[int, int]:
    """The half-year just ended on ``as_of`` (apps.halfyear.periods.HalfYear.just_ended)."""
    return (as_of.year, 1) if as_of.month > 6 else (as_of.year - 1, 2)


def _due_count(conn: psycopg.Connection) -> int:
    offices = conn.execute("SELECT count(*) FROM organisation_office").fetchone()
    scale = (offices[0] if offices else 0) / NATIONAL_OFFICES
    return max(1, round(DUE_AT_FULL_SCALE * min(scale, 1.0)))


def reset_sweep(conn: psycopg.Connection, as_of: datetime.date) -> dict[str, int]:
    due = _due_count(conn)
    with conn.transaction():
        conn.execute("DELETE FROM followups_notification")
        conn.execute("DELETE FROM followups_outboxemail")
        conn.execute("DELETE FROM followups_sweeprun")
        conn.execute(
            """UPDATE followups_checkpoint
               SET notified_at = coalesce(notified_at, now()),
                   escalated_at = coalesce(escalated_at, now())
               WHERE status = 'open' AND due_on <= %s
                 AND (notified_at IS NULL OR escalated_at IS NULL)""",
            [as_of],
        )
        cleared = conn.execute(
            """UPDATE followups_checkpoint SET notified_at = NULL, escalated_at = NULL
               WHERE id IN (SELECT id FROM followups_checkpoint
                            WHERE status = 'open' AND due_on <= %s
                            ORDER BY md5(id::text) LIMIT %s)""",
            [as_of, due],
        ).rowcount
        total = conn.execute("SELECT count(*) FROM followups_checkpoint").fetchone()
    conn.execute("VACUUM ANALYZE followups_checkpoint")
    return {"due": cleared, "checkpoints": total[0] if total else 0}


def reset_halfyear(conn: psycopg.Connection, as_of: datetime.date) -> dict[str, int]:
    year, half = _half_year(as_of)
    with conn.transaction():
        signed = conn.execute(
            "SELECT count(*) FROM halfyear_halfyearform WHERE year = %s AND half = %s"
            " AND status <> 'draft'",
            [year, half],
        ).fetchone()
        if signed and signed[0]:
            raise SystemExit(
                f"{signed[0]} forms of {year}-{half} are submitted or signed: not the bench's to "
                "delete. Use a database made by bench.generate."
            )
        forms = "SELECT id FROM halfyear_halfyearform WHERE year = %s AND half = %s"
        conn.execute(f"DELETE FROM halfyear_halfyearevent WHERE form_id IN ({forms})", [year, half])
        conn.execute(f"DELETE FROM halfyear_halfyearrow WHERE form_id IN ({forms})", [year, half])
        conn.execute(
            "DELETE FROM halfyear_halfyearform WHERE year = %s AND half = %s", [year, half]
        )
    return {"year": year, "half": half}


def _pdf_user(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "SELECT id FROM organisation_user ORDER BY (role = 'directorate') DESC, id LIMIT 1"
    ).fetchone()
    if row is None:
        raise SystemExit("The database has no staff: make it with bench.generate.")
    return int(row[0])


def _clear_suppression_cache(redis_url: str) -> int:
    """Delete every cached suppression answer in the children's Redis database.

    The key is ``suppress_cached``'s own: the cache's ``make_key`` of
    ``SUPPRESSION_CACHE_PREFIX + sha256(cells)``; the table's numbers are not known here, so
    every answer under the prefix goes (only the bench's children use this database)."""
    import redis

    out = subprocess.run(
        [sys.executable, "-m", "bench.jobs", "--suppression-key-pattern"],
        env=_child_env("", redis_url, ""),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    pattern = out.stdout.strip().splitlines()[-1]
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)
    # The sweep queues send_outbox after each batch; nobody consumes this database's queue.
    client.delete("celery")
    return len(keys)


def reset_pdf(conn: psycopg.Connection, as_of: datetime.date, redis_url: str) -> dict[str, int]:
    user = _pdf_user(conn)
    with conn.transaction():
        conn.execute(
            "DELETE FROM reporting_reportpdf WHERE kind = 'maaltall' AND requested_by_id = %s"
            " AND programme_id IS NULL AND county_id IS NULL",
            [user],
        )
        row = conn.execute(
            """INSERT INTO reporting_reportpdf
                   (kind, year, requested_by_id, requested_at, file, error)
               VALUES ('maaltall', %s, %s, now(), '', '') RETURNING id""",
            [as_of.year, user],
        ).fetchone()
    assert row is not None
    return {"pdf_id": int(row[0]), "cleared": _clear_suppression_cache(redis_url)}


def _child_env(database_url: str, redis_url: str, media_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if database_url:
        env["DATABASE_URL"] = database_url
    env["REDIS_URL"] = redis_url
    if media_root:
        env["JOBBSPOR_TEST_MEDIA_ROOT"] = media_root
    return env


def run_child(
    job: str, database_url: str, redis_url: str, media_root: str, extra: list[str]
) -> dict:
    """One run in a fresh process; returns the child's report plus its peak RSS."""
    command = [sys.executable, "-m", "bench.jobs", "--one", job, "--database-url", database_url]
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            [*command, *extra],
            env=_child_env(database_url, redis_url, media_root),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert process.stdout is not None
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read()[-5000:])
            raise SystemExit(f"The {job} run failed ({process.returncode}).")
    report = json.loads(output.strip().splitlines()[-1])
    report["peak_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return report


def run_jobs(
    database_url: str,
    runs: int = 3,
    *,
    only: tuple[str, ...] = JOBS,
    as_of: datetime.date = AS_OF,
    redis_url: str = DEFAULT_REDIS_URL,
    progress: bool = False,
    profile: str | None = None,
) -> list[JobResult]:
    results = []
    media_root = tempfile.mkdtemp(prefix="jobbspor-bench-jobs-")
    try:
        with psycopg.connect(database_url, autocommit=True) as conn:
            for job in only:
                reports = []
                for run in range(runs):
                    extra = ["--as-of", as_of.isoformat()]
                    if profile:
                        extra += ["--profile", f"{profile}.{job}"]
                    if job == "sweep":
                        state = reset_sweep(conn, as_of)
                    elif job == "halfyear":
                        state = reset_halfyear(conn, as_of)
                    else:
                        state = reset_pdf(conn, as_of, redis_url)
                        extra += ["--pdf-id", str(state["pdf_id"])]
                    report = run_child(job, database_url, redis_url, media_root, extra)
                    report["state"] = state
                    if job == "sweep":
                        report["detail"] = (
                            f"{state['due']:,} due of {state['checkpoints']:,} checkpoints: "
                            + report["detail"]
                        )
                    reports.append(report)
                    if progress:
                        print(
                            f"  {job} run {run + 1}: {report['seconds']:.2f} s "
                            f"(CPU {report['cpu_seconds']:.2f} s), "
                            f"peak {report['peak_rss_mb']:.0f} MB "
                            f"(baseline {report['baseline_rss_mb']:.0f} MB); {report['detail']}",
                            file=sys.stderr,
                            flush=True,
                        )
                seconds = [r["seconds"] for r in reports]
                peaks = [r["peak_rss_mb"] for r in reports]
                results.append(
                    JobResult(
                        name=job,
                        seconds=seconds,
                        median=statistics.median(seconds),
                        peak_rss_mb=max(peaks),
                        baseline_rss_mb=statistics.median(r["baseline_rss_mb"] for r in reports),
                        detail=reports[-1]["detail"],
                        peaks_mb=peaks,
                        cpu_seconds=[r["cpu_seconds"] for r in reports],
                    )
                )
    finally:
        shutil.rmtree(media_root, ignore_errors=True)
    return results


def table(results: list[JobResult]) -> str:
    lines = [
        f"{'job':<9} {'runs (s)':<24} {'median':>8} {'CPU med':>8} {'peak RSS':>9} {'baseline':>9}"
        f" {'growth':>7}  detail",
    ]
    for r in results:
        runs = ", ".join(f"{s:.2f}" for s in r.seconds)
        lines.append(
            f"{r.name:<9} {runs:<24} {r.median:>7.2f}s {statistics.median(r.cpu_seconds):>7.2f}s"
            f" {r.peak_rss_mb:>6.0f} MB"
            f" {r.baseline_rss_mb:>6.0f} MB {r.growth_mb:>4.0f} MB  {r.detail}"
        )
    return "\n".join(lines)


# --- The child: one job, timed --------------------------------------------------------------


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _one(job: str, as_of: datetime.date, pdf_id: int | None, profile: str | None) -> dict:
    import django

    django.setup()

    import time_machine

    # The data are generated as of ``as_of``; the jobs that read today's date read that one.
    traveller = None
    if datetime.datetime.now(ZoneInfo("Europe/Oslo")).date() != as_of:
        traveller = time_machine.travel(
            datetime.datetime.combine(as_of, datetime.time(12), datetime.UTC), tick=True
        )
        traveller.start()

    from django.db import connection

    if job == "sweep":
        from apps.followups.models import Notification
        from apps.followups.tasks import sweep_checkpoints

        def work() -> str:
            handled = sweep_checkpoints()
            return f"{handled:,} notified or escalated"

    elif job == "halfyear":
        from apps.halfyear.models import HalfYearForm, HalfYearRow
        from apps.halfyear.tasks import create_halfyear_forms

        def work() -> str:
            forms = create_halfyear_forms()
            rows = HalfYearRow.objects.filter(
                form__in=HalfYearForm.objects.filter(year=year, half=half)
            ).count()
            return f"{forms} forms, {rows:,} rows, {year} H{half}"

        year, half = _half_year(as_of)
    else:
        from apps.reporting.models import ReportPdf
        from apps.reporting.tasks import render_report

        def work() -> str:
            render_report(pdf_id)
            pdf = ReportPdf.objects.get(pk=pdf_id)
            if pdf.error or not pdf.file:
                raise RuntimeError(f"The PDF failed: {pdf.error}")
            return f"national måltall {pdf.year}, {pdf.file.size / 1024:,.0f} KB"

    # Before the clock starts, what a worker does once in its life, not once per job: open the
    # connection, and import the URLconf (every view module) that the first reverse() would.
    from django.urls import get_resolver

    connection.ensure_connection()
    get_resolver().url_patterns  # noqa: B018 - the import is the point
    baseline = _rss_mb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu_start = time.perf_counter(), time.process_time()
    detail = work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    if job == "sweep":
        detail = f"{detail}, {Notification.objects.count():,} notifications"
    if traveller is not None:
        traveller.stop()
    return {
        "job": job,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "baseline_rss_mb": baseline,
        "detail": detail,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only", default=",".join(JOBS), help="comma-separated: " + ", ".join(JOBS)
    )
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=AS_OF)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--one", choices=JOBS, help=argparse.SUPPRESS)
    parser.add_argument("--pdf-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile each run's job into FILE (the last run wins)"
    )
    parser.add_argument("--suppression-key-pattern", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if args.suppression_key_pattern:
        import django

        django.setup()
        from django.core.cache import cache

        from apps.reporting.reports import SUPPRESSION_CACHE_PREFIX

        print(cache.make_key(SUPPRESSION_CACHE_PREFIX) + "*")  # type: ignore[attr-defined]
        return
    if not args.database_url:
        parser.error("--database-url is required")
    if args.database_url.rstrip("/").rsplit("/", 1)[-1] == "jobbspor":
        parser.error("that is the development database, not one made by bench.generate")
    if args.one:
        os.environ["DATABASE_URL"] = args.database_url
        print(json.dumps(_one(args.one, args.as_of, args.pdf_id, args.profile)))
        return
    only = tuple(job.strip() for job in args.only.split(",") if job.strip())
    unknown = set(only) - set(JOBS)
    if unknown:
        parser.error(f"unknown jobs: {', '.join(sorted(unknown))}")
    results = run_jobs(
        args.database_url,
        args.runs,
        only=only,
        as_of=args.as_of,
        redis_url=args.redis_url,
        progress=True,
        profile=args.profile,
    )
    if args.json:
        print(json.dumps([r.__dict__ | {"growth_mb": r.growth_mb} for r in results], indent=2))
    else:
        print(table(results))


if __name__ == "__main__":
    main()
