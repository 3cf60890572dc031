"""The benchmark database: made once by bench/generate.py, migrated forward, reused.

``make bench`` measures against a database of its own (``BENCH_DATABASE_URL``, by default
``jobbspor_bench`` on the local server) holding the national-scale synthetic data. Generating it
takes minutes, so a finished generation leaves a row in ``bench_meta`` (scale, seed, as-of) and
the next run reuses the data when they match; new migrations are applied to it (an index is
built over the existing rows). A different ``BENCH_SCALE`` or ``BENCH_SEED`` makes it anew.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from dataclasses import dataclass

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jobbspor_bench"
# The version of bench/generate.py's rows: bump it when they change (2: outcome statuses;
# 3: employers, placements and mentors; 4: intention agreements, employer contacts name the firm).
GENERATOR_VERSION = 4


@dataclass(frozen=True)
class BenchData:
    url: str
    scale: float
    seed: int
    as_of: datetime.date
    version: int = 0  # GENERATOR_VERSION when it was made


def bench_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def _server_url(url: str) -> tuple[str, str]:
    """The maintenance database's URL on the same server, and the bench database's name."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = str(info["dbname"])
    info["dbname"] = "postgres"
    return psycopg.conninfo.make_conninfo(**info), name  # type: ignore[arg-type]


def _meta(url: str) -> BenchData | None:
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT scale, seed, as_of, version FROM bench_meta ORDER BY made_at DESC LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return None
    return BenchData(url, float(row[0]), int(row[1]), row[2], int(row[3])) if row else None


def _run(args: list[str], url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run([sys.executable, *args], check=True, env=env)


def ensure(scale: float, seed: int) -> BenchData:
    """The benchmark database at ``scale`` and ``seed``: reused if it is there and made by this
    version of the generator, else made."""
    url = bench_url()
    found = _meta(url)
    if found and (found.scale, found.seed, found.version) == (scale, seed, GENERATOR_VERSION):
        print(
            f"Benchmark data: scale {scale:g}, seed {seed}, generated as of {found.as_of} "
            f"(reused; {url})",
            flush=True,
        )
        _run(["manage.py", "migrate", "-v0"], url)
        return found
    maintenance, name = _server_url(url)
    print(f"Generating the benchmark data in {name} at scale {scale:g} (minutes at scale 1)...")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    started = time.perf_counter()
    _run(["manage.py", "migrate", "-v0"], url)
    as_of = datetime.date.today()  # noqa: DTZ011 - the generator's "today", a calendar date
    _run(
        [
            "-m",
            "bench.generate",
            f"--scale={scale}",
            f"--seed={seed}",
            f"--as-of={as_of.isoformat()}",
            f"--database-url={url}",
        ],
        url,
    )
    with psycopg.connect(maintenance, autocommit=True) as conn:
        # The planner setting docs/operations.md gives for SSD storage (the default, 4, is for
        # spinning disks and makes the planner scan whole tables rather than fetch 2,000 rows).
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(name))
        )
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (scale float NOT NULL, seed int NOT NULL,"
            " as_of date NOT NULL, version int NOT NULL, seconds float NOT NULL,"
            " made_at timestamptz DEFAULT now())"
        )
        conn.execute(
            "INSERT INTO bench_meta (scale, seed, as_of, version, seconds)"
            " VALUES (%s, %s, %s, %s, %s)",
            (scale, seed, as_of, GENERATOR_VERSION, time.perf_counter() - started),
        )
    return BenchData(url, scale, seed, as_of, GENERATOR_VERSION)
