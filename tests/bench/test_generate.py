"""bench/generate.py: the same seed gives the same rows, and the rows hang together.

Two small generations (scale 0.004: 15 offices, 1,200 cases) into two fresh databases of their
own on the test server, made and migrated here and dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from apps.participants.crypto import decrypt

ROOT = Path(__file__).resolve().parents[2]

# What must come out alike from the same seed (the Fernet ciphertexts of the numbers differ by
# design: Fernet draws a random IV), and what each digest reads.
DIGESTS = {
    "cases": "SELECT md5(string_agg(concat_ws(',', id, status, referral_date, candidate_since,"
    " participant_since, end_date, end_reason, owner_id, office_id, programme_id), ';'"
    " ORDER BY id)) FROM cases_case",
    "contacts": "SELECT md5(string_agg(concat_ws(',', id, case_id, author_id, occurred_at,"
    " channel, duration_minutes, stage), ';' ORDER BY id)) FROM contacts_contact",
    "checkpoints": "SELECT md5(string_agg(concat_ws(',', id, case_id, kind, due_on, status,"
    " done_on, outcome_id), ';' ORDER BY id)) FROM followups_checkpoint",
    "outcomes": "SELECT md5(string_agg(concat_ws(',', id, case_id, recorded_on, at_discharge,"
    " in_work), ';' ORDER BY id)) FROM cases_outcomestatus",
    "placements": "SELECT md5(string_agg(concat_ws(',', id, case_id, employer_id, kind,"
    " start_on, ended_on), ';' ORDER BY id)) FROM placements_placement",
    "participants": "SELECT md5(string_agg(concat_ws(',', id, fnr_hash, first_name, last_name,"
    " birth_date), ';' ORDER BY id)) FROM participants_participant",
}


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


@pytest.fixture
def generated() -> Iterator[list[str]]:
    base = f"{settings.DATABASES['default']['NAME']}_gen"
    names = [f"{base}_a", f"{base}_b"]
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        for name in names:
            env = {
                **os.environ,
                "DATABASE_URL": _url(name),
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
            }
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT, env=env
            )
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.generate",
                    "--scale=0.004",
                    "--seed=7",
                    "--as-of=2026-11-23",
                    f"--database-url={env['DATABASE_URL']}",
                ],
                check=True,
                cwd=ROOT,
                env=env,
                capture_output=True,
            )
        yield names
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            for name in names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def test_the_same_seed_gives_the_same_rows_and_they_hang_together(generated) -> None:  # type: ignore[no-untyped-def]
    digests = []
    for name in generated:
        with psycopg.connect(_url(name)) as conn:
            digests.append({table: conn.execute(q).fetchone()[0] for table, q in DIGESTS.items()})
    assert digests[0] == digests[1]
    assert all(digests[0].values()), "every table has rows"

    with psycopg.connect(_url(generated[0])) as conn:

        def one(query: str) -> int:
            return conn.execute(query).fetchone()[0]

        assert one("SELECT count(*) FROM organisation_office") == 15
        assert one("SELECT count(*) FROM cases_case") == 1_200
        # Every case starts with its "created" event and a stage-1 stage event on its referral.
        assert (
            one(
                "SELECT count(*) FROM cases_case c WHERE NOT EXISTS (SELECT 1"
                " FROM cases_caseevent e WHERE e.case_id = c.id AND e.kind = 'created'"
                " AND e.occurred_on = c.referral_date)"
            )
            == 0
        )
        # A done follow-up is linked to a status of its own case, recorded the day it was done.
        assert (
            one(
                "SELECT count(*) FROM followups_checkpoint k JOIN cases_outcomestatus o"
                " ON o.id = k.outcome_id WHERE o.case_id <> k.case_id OR o.recorded_on <> k.done_on"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM followups_checkpoint WHERE kind = 'post_discharge'"
                " AND status = 'done' AND outcome_id IS NULL"
            )
            == 0
        )
        # Placements are with an employer of the case's own office's pool, within the case.
        assert (
            one(
                "SELECT count(*) FROM placements_placement p JOIN cases_case c ON c.id = p.case_id"
                " WHERE p.start_on < c.participant_since OR (c.end_date IS NOT NULL"
                " AND p.start_on > c.end_date)"
            )
            == 0
        )
        # Synthetic numbers only (DOMAIN.md): every one decrypts, with the application's own
        # keys, to a number whose month is moved by 80, which no real person's number has.
        months = {
            int(decrypt(token)[2:4])
            for (token,) in conn.execute("SELECT fnr_ciphertext FROM participants_participant")
        }
        assert months
        assert all(81 <= month <= 92 for month in months)
