"""The load test of the performance issue: simulated staff against gunicorn on this machine.

    .venv/bin/python -m bench.loadtest [--database-url URL] [--users 50] [--duration 120]
                                       [--workers N] [--json PATH]

Starts gunicorn with the Procfile's ``web`` command line (config.wsgi) on a free loopback port,
with the test settings (DEBUG off, no secure-cookie requirement) against ``--database-url``, a
database filled by ``bench.generate``; runs locust headless in a separate process with
bench/locustfile.py; samples once a second with psutil the resident memory of every gunicorn
worker, the locust process's memory and the machine's load; then stops everything and prints one
table per request kind, the peak worker memory and where the load generator ran. Everything lands
in ``--out`` (gunicorn's and locust's logs, locust's CSV, the raw timings) and, with ``--json``,
the figures in one file.

The run writes to the database as people would (contacts, drafts, sessions, the access log):
use a generated database you can throw away, never a shared one.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime
import http.client
import json
import math
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SETTINGS = "config.settings.test"
# bench.generate gives every generated member of staff this password.
PASSWORD = "jobbspor-bench"  # noqa: S105 - synthetic staff only
OPEN_STATUSES = ("referred", "intake", "active", "paused")
# Locust's weights (bench/locustfile.py): four specialists to a team lead.
SPECIALIST_SHARE = 4 / 5
# The request kinds in the order a day goes; anything else follows.
KINDS = (
    "login page",
    "login",
    "worklist",
    "case page",
    "contact draft",
    "log contact",
    "follow-ups",
    "unread count",
    "dashboard",
    "drill list",
)
TARGET_P95_MS = 500
TARGET_WORKER_RSS_MB = 300
MB = 1024 * 1024


def default_database_url() -> str:
    """make bench's database (bench/data.py: BENCH_DATABASE_URL, else jobbspor_bench)."""
    from bench.data import bench_url

    return bench_url()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def procfile_web() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise SystemExit("Procfile has no web: line")


# --- Accounts -------------------------------------------------------------------------------


def spread(items: list[str], n: int) -> list[str]:
    """n items evenly spaced through the list (all of them when there are no more than n)."""
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]


def accounts(database_url: str, users: int) -> dict[str, Any]:
    """Generated specialists with open cases and team leads, spread over the offices' order."""
    with psycopg.connect(database_url) as conn:
        specialists = [
            row[0]
            for row in conn.execute(
                """
                SELECT u.username FROM organisation_user u
                WHERE u.role = 'specialist' AND u.is_active AND u.username LIKE 'specialist%%'
                  AND EXISTS (SELECT 1 FROM cases_case c
                              WHERE c.owner_id = u.id AND c.status = ANY(%s))
                ORDER BY u.id
                """,
                [list(OPEN_STATUSES)],
            )
        ]
        leads = [
            row[0]
            for row in conn.execute(
                """
                SELECT u.username FROM organisation_user u
                WHERE u.role = 'team_lead' AND u.is_active AND u.username LIKE 'teamlead%%'
                ORDER BY u.id
                """
            )
        ]
    if not specialists or not leads:
        raise SystemExit(
            "The database has no generated staff: run `python -m bench.generate` on it first "
            "(bench/README.md)."
        )
    n_specialists = math.ceil(users * SPECIALIST_SHARE)
    n_leads = math.ceil(users * (1 - SPECIALIST_SHARE))
    return {
        "password": PASSWORD,
        "specialist": spread(specialists, n_specialists),
        "team_lead": spread(leads, n_leads),
    }


# --- Sampling -------------------------------------------------------------------------------


@dataclass
class CpuSeconds:
    """CPU seconds per process between the first and the last time it was seen."""

    first: dict[int, float] = field(default_factory=dict)
    last: dict[int, float] = field(default_factory=dict)

    def see(self, process: psutil.Process) -> None:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            self.first.setdefault(process.pid, times.user + times.system)
            self.last[process.pid] = times.user + times.system

    @property
    def total(self) -> float:
        return sum(cpu - self.first[pid] for pid, cpu in self.last.items())


@dataclass
class Samples:
    database_url: str
    worker_peak: dict[int, int] = field(default_factory=dict)  # pid -> peak RSS
    worker_cpu: CpuSeconds = field(default_factory=CpuSeconds)
    # The PostgreSQL backends serving the bench database (the workers keep their connections),
    # so that the report can tell the test's own CPU from other people's.
    postgres_cpu: CpuSeconds = field(default_factory=CpuSeconds)
    master_peak: int = 0
    locust_peak: int = 0
    load_1min: list[float] = field(default_factory=list)
    cpu_percent: list[float] = field(default_factory=list)
    seconds: int = 0
    _conn: psycopg.Connection[Any] | None = None

    def take(self, master: psutil.Process, locust: psutil.Process | None) -> None:
        try:
            self.master_peak = max(self.master_peak, master.memory_info().rss)
            workers = master.children()
        except psutil.Error:
            workers = []
        for worker in workers:
            with contextlib.suppress(psutil.Error):
                rss = worker.memory_info().rss
                self.worker_peak[worker.pid] = max(self.worker_peak.get(worker.pid, 0), rss)
                self.worker_cpu.see(worker)
        if locust is not None:
            with contextlib.suppress(psutil.Error):
                self.locust_peak = max(self.locust_peak, locust.memory_info().rss)
        for pid in self.backends():
            with contextlib.suppress(psutil.Error):
                self.postgres_cpu.see(psutil.Process(pid))
        self.load_1min.append(os.getloadavg()[0])
        self.cpu_percent.append(psutil.cpu_percent(interval=None))
        self.seconds += 1

    def backends(self) -> list[int]:
        query = (
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        try:
            if self._conn is None:
                self._conn = psycopg.connect(self.database_url, autocommit=True)
            return [row[0] for row in self._conn.execute(query)]
        except psycopg.Error:
            return []

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


# --- Figures --------------------------------------------------------------------------------


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest rank: the smallest time at or under which p per cent of the requests finished."""
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def kind_row(times: list[float], failures: int) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "requests": len(ordered),
        "failures": failures,
        "median_ms": round(statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(percentile(ordered, 95), 1) if ordered else None,
        "max_ms": round(ordered[-1], 1) if ordered else None,
    }


def figures(raw: dict[str, Any]) -> dict[str, Any]:
    times: dict[str, list[float]] = raw["times_ms"]
    failures: dict[str, int] = raw["failures"]
    names = [k for k in KINDS if k in times or k in failures]
    names += sorted((set(times) | set(failures)) - set(KINDS))
    rows = {name: kind_row(times.get(name, []), failures.get(name, 0)) for name in names}
    everything = [t for name in names for t in times.get(name, [])]
    return {
        "kinds": rows,
        "total": kind_row(everything, sum(failures.values())),
        "failure_messages": raw["failure_messages"],
    }


def fmt_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def table(result: dict[str, Any]) -> str:
    lines = [
        f"{'request kind':<16} {'requests':>9} {'failures':>9} {'median':>8} {'p95':>8} "
        f"{'max':>8}   (ms)"
    ]
    rows = [*result["kinds"].items(), ("total", result["total"])]
    for name, row in rows:
        if name == "total":
            lines.append("-" * len(lines[0]))
        lines.append(
            f"{name:<16} {row['requests']:>9,} {row['failures']:>9,} {fmt_ms(row['median_ms']):>8} "
            f"{fmt_ms(row['p95_ms']):>8} {fmt_ms(row['max_ms']):>8}"
        )
    return "\n".join(lines)


# --- Running --------------------------------------------------------------------------------


def wait_until_up(port: int, server: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped while starting; see {log}:\n{tail(log)}")
        with contextlib.suppress(OSError):
            if get(port, "/login/") == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /login/ within {timeout:.0f} s; see {log}")


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def warm_up(port: int, workers: int) -> None:
    """A few login pages at once, so that every worker has imported the views before the clock
    starts (a worker imports them on its first request; in service that happens once a deploy).
    Templates still compile on their first use in each worker, during the test."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers * 2) as pool:
        list(pool.map(lambda _: get(port, "/login/"), range(workers * 4)))


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    accounts_file = out / "accounts.json"
    found = accounts(args.database_url, args.users)
    accounts_file.write_text(json.dumps(found, indent=1))

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    web = procfile_web()
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "JOBBSPOR_TEST_MEDIA_ROOT": str(out / "media"),
        "BIND_ADDRESS": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.workers),
        # gunicorn 27 listens on a control socket at one path per system user by default; a
        # second gunicorn on the machine (someone else's) would take it over from ours, or ours
        # from theirs.
        "GUNICORN_CMD_ARGS": f"{os.environ.get('GUNICORN_CMD_ARGS', '')} --no-control-socket",
    }
    gunicorn_log = out / "gunicorn.log"
    locust_log = out / "locust.log"
    raw_file = out / "timings.json"
    print(
        f"gunicorn: {web}\n  PORT={port} WEB_CONCURRENCY={args.workers}, "
        f"DJANGO_SETTINGS_MODULE={SETTINGS}, database {args.database_url}",
        flush=True,
    )
    samples = Samples(args.database_url)
    load: subprocess.Popen[bytes] | None = None
    with gunicorn_log.open("wb") as glog, locust_log.open("wb") as llog:
        # exec: the shell becomes gunicorn's master, whose children are the workers.
        server = subprocess.Popen(
            ["bash", "-c", f"exec {web}"], cwd=ROOT, env=env, stdout=glog, stderr=glog
        )
        try:
            wait_until_up(port, server, gunicorn_log, timeout=60)
            warm_up(port, args.workers)
            master = psutil.Process(server.pid)
            psutil.cpu_percent(interval=None)  # the first call only starts the count
            samples.take(master, None)
            command = [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--host",
                url,
                "--csv",
                str(out / "locust"),
            ]
            print(f"locust: {shlex.join(command)}", flush=True)
            started = time.monotonic()
            load = subprocess.Popen(
                command,
                cwd=ROOT,
                env={
                    **env,
                    "JOBBSPOR_LOAD_ACCOUNTS": str(accounts_file),
                    "JOBBSPOR_LOAD_RESULTS": str(raw_file),
                },
                stdout=llog,
                stderr=llog,
            )
            locust = psutil.Process(load.pid)
            usage = None
            while usage is None:
                time.sleep(1)
                # wait4 rather than poll: it hands back the finished process's own CPU and peak
                # memory, exactly.
                pid, status, rusage = os.wait4(load.pid, os.WNOHANG)
                if pid == load.pid:
                    load.returncode = os.waitstatus_to_exitcode(status)
                    usage = rusage
                    break
                samples.take(master, locust)
                overdue = time.monotonic() - started - args.duration
                if overdue > 120:
                    load.kill()
                elif overdue > 60:
                    load.send_signal(signal.SIGINT)  # locust stops and writes its summary
            wall = time.monotonic() - started
        finally:
            stop(server)
            samples.close()
            if load is not None and load.returncode is None:
                stop(load)
    if not raw_file.exists():
        raise SystemExit(f"locust wrote no timings; see {locust_log}:\n{tail(locust_log)}")
    result = figures(json.loads(raw_file.read_text()))
    peak_worker = max(samples.worker_peak.values(), default=0)
    locust_cpu = usage.ru_utime + usage.ru_stime
    locust_peak = max(samples.locust_peak, usage.ru_maxrss * 1024)  # ru_maxrss is in KiB
    workers_cpu = samples.worker_cpu.total
    cores = psutil.cpu_count() or 1
    machine_cpu = statistics.fmean(samples.cpu_percent) / 100 * cores * wall
    result.update(
        {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "settings": SETTINGS,
            "database_url": args.database_url,
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "duration_s": args.duration,
            "gunicorn": {
                "command": web,
                "workers": args.workers,
                "peak_rss_mb_by_worker": {
                    str(pid): round(rss / MB, 1) for pid, rss in samples.worker_peak.items()
                },
                "peak_worker_rss_mb": round(peak_worker / MB, 1),
                "master_peak_rss_mb": round(samples.master_peak / MB, 1),
                "workers_cpu_s": round(workers_cpu, 1),
            },
            "load_generator": {
                "where": f"this machine ({socket.gethostname()}), "
                f"{psutil.cpu_count()} logical cores shared with gunicorn and PostgreSQL",
                "tool": "locust (FastHttpUser), one process",
                "cpu_s": round(locust_cpu, 1),
                "wall_s": round(wall, 1),
                "cpu_share_of_wall": round(locust_cpu / wall, 3),
                "peak_rss_mb": round(locust_peak / MB, 1),
                "exit_code": load.returncode,
            },
            "machine": {
                "cores": cores,
                "cpu_percent_mean": round(statistics.fmean(samples.cpu_percent), 1),
                "cpu_s": round(machine_cpu, 1),
                "postgres_backends_cpu_s": round(samples.postgres_cpu.total, 1),
                "others_cpu_s": round(
                    machine_cpu - workers_cpu - locust_cpu - samples.postgres_cpu.total, 1
                ),
                # The test's own server-side work per request: the figure least moved by what
                # else the machine is doing.
                "server_cpu_ms_per_request": round(
                    1000
                    * (workers_cpu + samples.postgres_cpu.total)
                    / max(1, result["total"]["requests"]),
                    1,
                ),
                "load_1min_peak": round(max(samples.load_1min, default=0), 2),
                "samples": samples.seconds,
            },
        }
    )
    total = result["total"]
    result["targets"] = {
        "no_errors": total["failures"] == 0,
        f"p95_under_{TARGET_P95_MS}_ms": total["p95_ms"] is not None
        and total["p95_ms"] < TARGET_P95_MS,
        f"worker_rss_under_{TARGET_WORKER_RSS_MB}_mb": peak_worker / MB < TARGET_WORKER_RSS_MB,
    }
    result["out"] = str(out)
    return result


def report(result: dict[str, Any]) -> str:
    gen, gun, machine = result["load_generator"], result["gunicorn"], result["machine"]
    lines = [
        "",
        f"Load test: {result['users']} users (ramp {result['spawn_rate']}/s), "
        f"{result['duration_s']} s, gunicorn {gun['workers']} sync workers, "
        f"settings {result['settings']} (DEBUG off, plain http)",
        "",
        table(result),
        "",
        f"Peak gunicorn worker RSS: {gun['peak_worker_rss_mb']:.0f} MB "
        f"(per worker: {', '.join(f'{v:.0f}' for v in gun['peak_rss_mb_by_worker'].values())} MB;"
        f" master {gun['master_peak_rss_mb']:.0f} MB)",
        f"Load generator: {gen['tool']} on {gen['where']}: {gen['cpu_s']:.1f} CPU s in "
        f"{gen['wall_s']:.0f} s wall ({gen['cpu_share_of_wall']:.0%} of one core), "
        f"peak RSS {gen['peak_rss_mb']:.0f} MB",
        f"Machine: {machine['cores']} cores {machine['cpu_percent_mean']:.0f}% busy on average, "
        f"{machine['cpu_s']:.0f} CPU s: gunicorn workers {gun['workers_cpu_s']:.1f}, their "
        f"PostgreSQL backends {machine['postgres_backends_cpu_s']:.1f}, locust {gen['cpu_s']:.1f}, "
        f"everything else {machine['others_cpu_s']:.1f}; peak 1-minute load "
        f"{machine['load_1min_peak']}. Server CPU (gunicorn and PostgreSQL) per request: "
        f"{machine['server_cpu_ms_per_request']:.0f} ms.",
        "The machine is shared with other work: the times are noisy, compare runs with care.",
    ]
    targets = result["targets"]
    lines.append(
        "Targets: " + ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in targets.items())
    )
    if result["failure_messages"]:
        lines.append("Failures (most frequent first):")
        for message, count in sorted(result["failure_messages"].items(), key=lambda kv: -kv[1])[
            :10
        ]:
            lines.append(f"  {count:>5} x {message}")
    lines.append(f"Logs, locust's CSV and the raw timings: {result['out']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=default_database_url(),
        help="a database filled by bench.generate (default: make bench's, see bench/data.py)",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--duration", type=int, default=120, help="seconds")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (psutil.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default: 2 x cores + 1)",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/10",
        help="the cache; a Redis database of its own, apart from the tests' (15)",
    )
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument(
        "--out",
        default=str(
            ROOT
            / "bench"
            / "results"
            / f"loadtest-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%SZ}"
        ),
        help="folder for the logs, locust's CSV and the raw timings",
    )
    args = parser.parse_args(argv)
    result = run(args)
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"Figures: {args.json}")
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
