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
    " channel, duration_minutes, stage, employer_id), ';' ORDER BY id)) FROM contacts_contact",
    "checkpoints": "SELECT md5(string_agg(concat_ws(',', id, case_id, kind, due_on, status,"
    " done_on, outcome_id), ';' ORDER BY id)) FROM followups_checkpoint",
    "outcomes": "SELECT md5(string_agg(concat_ws(',', id, case_id, recorded_on, at_discharge,"
    " in_work), ';' ORDER BY id)) FROM cases_outcomestatus",
    "placements": "SELECT md5(string_agg(concat_ws(',', id, case_id, employer_id, kind,"
    " start_on, ended_on), ';' ORDER BY id)) FROM placements_placement",
    "participants": "SELECT md5(string_agg(concat_ws(',', id, fnr_hash, first_name, last_name,"
    " birth_date), ';' ORDER BY id)) FROM participants_participant",
    # The agreements, their versions and the approvals (NULL, so failing, if one is empty).
    "agreements": "SELECT md5((SELECT string_agg(concat_ws(',', id, case_id, placement_id,"
    " status, outcome, ended_on, created_at), ';' ORDER BY id) FROM agreements_agreement)"
    " || (SELECT string_agg(concat_ws(',', id, agreement_id, number, start_on, end_on,"
    " work_percent, mentor_name, in_force), ';' ORDER BY id) FROM agreements_agreementversion)"
    " || (SELECT string_agg(concat_ws(',', id, version_id, party, approved_at, withdrawn_at),"
    " ';' ORDER BY id) FROM agreements_approval))",
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
        # ... and with one of that office's firms (registered by one of its specialists).
        assert (
            one(
                "SELECT count(*) FROM placements_placement p JOIN cases_case c ON c.id = p.case_id"
                " JOIN employers_employer e ON e.id = p.employer_id"
                " JOIN organisation_user u ON u.id = e.created_by_id"
                " WHERE u.office_id <> c.office_id"
            )
            == 0
        )
        # Contacts with an employer name the firm, one of their office's; none names a firm
        # without being with the employer (contact_log adds the flag); while a placement of the
        # case runs, the firm is the placement's.
        assert one("SELECT count(*) FROM contacts_contact WHERE with_employer") > 0
        assert (
            one(
                "SELECT count(*) FROM contacts_contact WHERE with_employer <> (employer_id IS NOT"
                " NULL) OR contact_person_id IS NOT NULL"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM contacts_contact k"
                " JOIN employers_employer e ON e.id = k.employer_id"
                " JOIN organisation_user u ON u.id = e.created_by_id"
                " WHERE u.office_id <> k.office_id"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM contacts_contact k JOIN placements_placement p"
                " ON p.case_id = k.case_id AND (k.occurred_at AT TIME ZONE 'UTC')::date"
                " BETWEEN p.start_on AND coalesce(p.ended_on, 'infinity')"
                " WHERE k.with_employer AND k.employer_id <> p.employer_id"
            )
            == 0
        )
        # Intention agreements: for most placements (never a job taster), each for a placement
        # of its own case, one at most per placement.
        placements = one("SELECT count(*) FROM placements_placement")
        agreements = one("SELECT count(*) FROM agreements_agreement")
        assert 0.6 * placements < agreements < 0.85 * placements
        assert (
            one(
                "SELECT count(*) FROM agreements_agreement a JOIN placements_placement p"
                " ON p.id = a.placement_id WHERE p.case_id <> a.case_id OR p.kind = 'taster'"
            )
            == 0
        )
        assert one("SELECT count(DISTINCT placement_id) FROM agreements_agreement") == agreements
        statuses = dict(
            conn.execute("SELECT status, count(*) FROM agreements_agreement GROUP BY status")
        )
        assert set(statuses) <= {"draft", "awaiting_signatures", "active", "ended"}
        assert statuses["ended"] > statuses["active"] > 0
        # In force (or ended) exactly when a version is in force, and a version is in force
        # only with the three parties' approvals, none withdrawn; a version with all three that
        # is not in force was followed by one that is. A draft has no approval standing, one
        # awaiting signatures one or two.
        versions: dict[int, list[tuple[str, int, bool, int]]] = {}
        for agreement, status, number, in_force, live in conn.execute(
            "SELECT a.id, a.status, v.number, v.in_force,"
            " count(x.id) FILTER (WHERE x.withdrawn_at IS NULL)"
            " FROM agreements_agreement a JOIN agreements_agreementversion v"
            " ON v.agreement_id = a.id LEFT JOIN agreements_approval x ON x.version_id = v.id"
            " GROUP BY a.id, v.id ORDER BY a.id, v.number"
        ):
            versions.setdefault(agreement, []).append((status, number, in_force, live))
        assert len(versions) == agreements
        wrong = []
        for agreement, rows in versions.items():
            status = rows[0][0]
            in_force = [number for _s, number, now, _l in rows if now]
            if (status in ("active", "ended")) != (len(in_force) == 1):
                wrong.append(agreement)
            for _s, number, now, live in rows:
                if (now and live != 3) or (
                    live == 3 and not now and not any(n > number for n in in_force)
                ):
                    wrong.append(agreement)
            first_live = rows[0][3]
            if (status == "draft" and first_live) or (
                status == "awaiting_signatures" and first_live not in (1, 2)
            ):
                wrong.append(agreement)
        assert wrong == []
        # Approvals come after the version was written, are withdrawn after they were given,
        # carry the signed copy for the employer and the participant, and none comes after
        # the agreement ended.
        assert (
            one(
                "SELECT count(*) FROM agreements_approval x"
                " JOIN agreements_agreementversion v ON v.id = x.version_id"
                " JOIN agreements_agreement a ON a.id = v.agreement_id"
                " WHERE x.approved_at < v.created_at OR x.withdrawn_at <= x.approved_at"
                " OR (x.party = 'nav') <> (x.signed_document = '')"
                " OR (x.approved_at AT TIME ZONE 'UTC')::date > a.ended_on"
            )
            == 0
        )
        # Ended ones, and only they, have an ended date and an outcome (a reason when they
        # ended early), the date within the placement and the term; the others are still in
        # their term. Version 1 is filled in from the placement and its mentor.
        assert (
            one(
                "SELECT count(*) FROM agreements_agreement a JOIN agreements_agreementversion v"
                " ON v.agreement_id = a.id AND v.number = 1"
                " JOIN placements_placement p ON p.id = a.placement_id"
                " WHERE (a.status = 'ended') <> (a.ended_on IS NOT NULL AND a.outcome <> '')"
                " OR (a.outcome = 'ended_early' AND a.outcome_reason = '')"
                " OR a.ended_on < p.start_on OR a.ended_on > coalesce(p.ended_on, v.end_on)"
                " OR a.ended_on > v.end_on OR (a.status <> 'ended' AND v.end_on <= '2026-11-23')"
                " OR v.start_on <> p.start_on OR v.end_on <= v.start_on"
                " OR v.work_percent <> p.position_percent OR a.created_at < p.created_at"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM agreements_agreementversion v"
                " JOIN agreements_agreement a ON a.id = v.agreement_id"
                " LEFT JOIN mentors_mentorassignment m ON m.placement_id = a.placement_id"
                " WHERE v.mentor_appointed <> (m.id IS NOT NULL)"
                " OR v.mentor_name <> coalesce(m.name, '')"
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
