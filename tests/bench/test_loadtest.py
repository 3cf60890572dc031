"""The load test (bench/loadtest.py) keeps working as the pages change.

Runs bench/locustfile.py's users with locust, in a process of its own as the load test does,
for a few seconds against the live server: every kind of request the load test makes must be
made, and none may fail. A page that moves, a form that gains a required field or a contact
POST that breaks fails this test before it fails a national-scale run.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from apps.organisation.demo import DEMO_PASSWORD, load_organisation
from bench.loadtest import KINDS
from tests.cases.factories import open_case

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 8


def run_locust(live_server: Any, tmp_path: Path, accounts: dict[str, Any]) -> dict[str, Any]:
    (tmp_path / "accounts.json").write_text(json.dumps(accounts))
    results = tmp_path / "timings.json"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        # Ten users: locust's weights (4:1) start both kinds, and enough of each that the
        # occasional pages (follow-ups, a drill list) are all but certain to be opened. They
        # share the three accounts.
        "-u",
        "10",
        "-r",
        "10",
        "-t",
        f"{SECONDS}s",
        "--host",
        live_server.url,
    ]
    env = {
        **os.environ,
        "JOBBSPOR_LOAD_ACCOUNTS": str(tmp_path / "accounts.json"),
        "JOBBSPOR_LOAD_RESULTS": str(results),
        "JOBBSPOR_LOAD_WAIT": "0.05,0.2",
    }
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SECONDS + 30
    )
    assert results.exists(), f"locust wrote no results:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return {**json.loads(results.read_text()), "log": done.stderr[-3000:]}


def test_every_kind_of_request_in_the_load_test_is_made_without_a_failure(
    live_server: Any, tmp_path: Path
) -> None:
    users = load_organisation()
    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    for persona in ("spesialist", "kollega"):
        open_case(users[persona])
        # An old case, so that the team lead's dashboard has overdue follow-ups to drill into.
        open_case(users[persona], referral_date=long_ago)

    raw = run_locust(
        live_server,
        tmp_path,
        {
            "password": DEMO_PASSWORD,
            "specialist": ["spesialist", "kollega"],
            "team_lead": ["teamleder"],
        },
    )

    assert raw["failure_messages"] == {}, raw["log"]
    missing = [kind for kind in KINDS if not raw["times_ms"].get(kind)]
    assert missing == [], f"never made: {missing}\n{raw['log']}"
