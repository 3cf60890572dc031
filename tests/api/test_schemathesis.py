"""Schemathesis against the API's own schema, in-process, as spesialist and as annen.

Every operation of /api/schema/ gets at least ``MIN_EXAMPLES`` (10) generated requests per
persona, sent through the WSGI application with a Bearer token (so token authentication is
exercised as well), and half as many malformed ones (Schemathesis' negative mode) as spesialist.
Each request runs in a savepoint that is rolled back, so every example starts from the same World.
The checks:

- no 5xx, and every answer's status code, content type, headers and body conform to the schema;
- ``annen_never_sees_spesialist``: annen (another office) never receives the id of a participant
  or a case that spesialist's team holds, whatever ids annen puts in the path or the body;
- ``no_fnr_in_the_answer``: a fødselsnummer sent in a request never comes back in full.

Generation is steered towards requests the API accepts: fødselsnumre are valid synthetic Tenor
numbers (month + 80), organisation numbers pass mod 11, dates fall around today, and ids in paths
and bodies are mostly drawn from the objects that exist (spesialist's and annen's alike).
``JOBBSPOR_SCHEMATHESIS_EXAMPLES`` raises the number of examples for a longer run;
``JOBBSPOR_SCHEMATHESIS_REPORT=1`` prints the status codes each operation got.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from stdnum.no import orgnr as stdnum_orgnr

from apps.agreements.models import AgreementVersion, Approval
from apps.api.models import ApiToken
from apps.api.services import token_create
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.contacts.models import Contact
from apps.employers.models import ContactPerson, Employer
from apps.followups.models import Checkpoint
from apps.mentors.models import MentorAssignment
from apps.organisation.models import User
from apps.participants.fnr import birth_date_of, parse_fnr, synthetic_fnr
from apps.participants.models import Consent, Participant
from apps.placements.models import Placement, Subsidy
from apps.programmes.models import Programme
from tests.conftest import World

MIN_EXAMPLES = int(os.environ.get("JOBBSPOR_SCHEMATHESIS_EXAMPLES", "10"))
MAX_ID = 2**63 - 1

# --- Strategies for the domain's own formats ----------------------------------------------------


def _fnr(born: datetime.date, female: bool, seed: int) -> str:
    return synthetic_fnr(born, random.Random(seed), female=female)


# A valid synthetic fødselsnummer (Tenor: month + 80), for anyone born 1900-2039.
FNRS = st.builds(
    _fnr,
    st.dates(datetime.date(1930, 1, 1), datetime.date(2008, 12, 31)),
    st.booleans(),
    st.integers(0, 2**32),
)


def _orgnr(base: str) -> str | None:
    return next((base + d for d in "0123456789" if stdnum_orgnr.is_valid(base + d)), None)


# Nine digits with a valid mod-11 check digit (an eight-digit stem whose check digit is 10 has
# no valid number, and is drawn again).
ORGNRS = st.from_regex(r"\A[89][0-9]{7}\Z").map(_orgnr).filter(lambda n: n is not None)

# Dates and times around today, where the domain's rules (not in the future, after the referral)
# can be met; the serializers' bounds are tested by the ordinary tests.
TODAY = datetime.date.today()
DAYS = st.dates(TODAY - datetime.timedelta(days=400), TODAY + datetime.timedelta(days=200))
MOMENTS = st.datetimes(
    datetime.datetime.combine(TODAY - datetime.timedelta(days=90), datetime.time()),
    datetime.datetime.combine(TODAY, datetime.time()),
)

schemathesis.openapi.format("fnr", FNRS)
schemathesis.openapi.format("orgnr", ORGNRS)
schemathesis.openapi.format("date", DAYS.map(datetime.date.isoformat))
schemathesis.openapi.format("date-time", MOMENTS.map(lambda m: m.isoformat() + "+01:00"))


# --- Running the WSGI application in the test's transaction -------------------------------------


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, as gunicorn runs it, on the test's own connection.

    Django closes "old" connections when a request starts and ends; inside a test that would
    close the connection holding the test's transaction. Its test client switches that off for
    the same reason, and so do we.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# --- Ids to try -----------------------------------------------------------------------------------

POOL_BY_SEGMENT: dict[str, Callable[[], Any]] = {
    "participants": lambda: Participant.objects.all(),
    "cases": lambda: Case.objects.all(),
    "contacts": lambda: Contact.objects.all(),
    "employer-contacts": lambda: Contact.objects.filter(employer__isnull=False),
    "employers": lambda: Employer.objects.all(),
    "placements": lambda: Placement.objects.all(),
    "agreements": lambda: AgreementVersion.objects.values_list("agreement_id", flat=True),
    "mentors": lambda: MentorAssignment.objects.all(),
    "checkpoints": lambda: Checkpoint.objects.all(),
    "auth": lambda: ApiToken.objects.all(),
    "consent_id": lambda: Consent.objects.all(),
    "version_id": lambda: AgreementVersion.objects.all(),
}
POOL_BY_FIELD: dict[str, Callable[[], Any]] = {
    "case": lambda: Case.objects.all(),
    "participant": lambda: Participant.objects.all(),
    "placement": lambda: Placement.objects.all(),
    "employer": lambda: Employer.objects.all(),
    "contact_person": lambda: ContactPerson.objects.all(),
    "version": lambda: AgreementVersion.objects.all(),
    "approval": lambda: Approval.objects.all(),
    "subsidy": lambda: Subsidy.objects.all(),
    "owner": lambda: User.objects.all(),
    "programme": lambda: Programme.objects.all(),
}


def _ids(source: Any) -> list[int]:
    values = list(source() if callable(source) else source)
    return sorted({v if isinstance(v, int) else v.pk for v in values})


def _some_id(pool: list[int]) -> st.SearchStrategy[int]:
    """Mostly an id that exists (anyone's, so the scope is tested), sometimes one at random."""
    random_ids = st.integers(1, 10**6) | st.integers(1, MAX_ID)
    if not pool:
        return random_ids
    existing = st.sampled_from(pool)
    return st.one_of(existing, existing, existing, random_ids)


def _steer(schema: Any, world: World) -> None:
    """Hooks on this schema: real ids in paths and bodies; registrations whose birth date matches
    the number (sometimes a number already registered)."""
    segment_pools = {key: _ids(source) for key, source in POOL_BY_SEGMENT.items()}
    field_pools = {key: _ids(source) for key, source in POOL_BY_FIELD.items()}

    @schema.hook
    def flatmap_case(context: Any, case: Any) -> Any:
        segment = case.operation.path.removeprefix("/api/v1/").split("/")[0]
        path = {
            name: st.just(value) | _some_id(segment_pools.get(name, segment_pools[segment]))
            for name, value in (case.path_parameters or {}).items()
        }
        body: dict[str, Any] = {}
        if isinstance(case.body, dict):
            body = {
                key: st.just(value) | _some_id(field_pools[key])
                if key in field_pools and isinstance(value, int) and not isinstance(value, bool)
                else st.just(value)
                for key, value in case.body.items()
            }
            if "fnr" in case.body:
                body["fnr"] = st.just(case.body["fnr"]) | st.just(world.fnr)

        def steered(drawn: tuple[dict[str, Any], dict[str, Any]]) -> Any:
            parameters, fields = drawn
            if case.path_parameters:
                case.path_parameters = parameters
            if isinstance(case.body, dict):
                case.body = _matching_birth_date(fields)
            return case

        return st.tuples(st.fixed_dictionaries(path), st.fixed_dictionaries(body)).map(steered)


def _matching_birth_date(body: dict[str, Any]) -> dict[str, Any]:
    if "fnr" in body and "birth_date" in body:
        # Not a valid number: leave the body as generated.
        with contextlib.suppress(Exception):
            body = {**body, "birth_date": birth_date_of(parse_fnr(body["fnr"])).isoformat()}
    return body


# --- The checks of our own -----------------------------------------------------------------------

ID_KEYS = {"case": "cases", "participant": "participants"}
FNR_PATTERN = re.compile(r"(?<!\d)(\d{6})\s?(\d{5})(?!\d)")


def _walk(value: Any, resource: str | None, found: dict[str, set[int]]) -> None:
    """Collect the case and participant ids in an answer: fields named case, participant and
    cases, and the ids of the objects of /cases/ and /participants/ themselves."""
    if isinstance(value, list):
        for item in value:
            _walk(item, resource, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ID_KEYS and isinstance(item, int):
                found[ID_KEYS[key]].add(item)
            elif key == "cases" and isinstance(item, list):
                found["cases"].update(i for i in item if isinstance(i, int))
            elif key == "id" and resource and isinstance(item, int):
                found[resource].add(item)
            elif key == "participant" and isinstance(item, dict):
                _walk(item, "participants", found)
            elif key in ("results", "participant"):
                _walk(item, resource, found)
            else:
                _walk(item, None, found)


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


def annen_never_sees_spesialist(spesialist: User) -> Callable[..., None]:
    def annen_never_sees_spesialist(ctx: Any, response: Any, case: Any) -> None:
        held = cases_visible_to(spesialist)
        forbidden = {
            "cases": set(held.values_list("pk", flat=True)),
            "participants": set(held.values_list("participant_id", flat=True)),
        }
        segment = case.operation.path.removeprefix("/api/v1/").split("/")[0]
        found: dict[str, set[int]] = {"cases": set(), "participants": set()}
        _walk(_json(response), segment if segment in forbidden else None, found)
        leaked = {kind: found[kind] & forbidden[kind] for kind in found}
        assert not any(leaked.values()), f"annen was given spesialist's ids: {leaked}"

    return annen_never_sees_spesialist


def no_fnr_in_the_answer(known: str) -> Callable[..., None]:
    def no_fnr_in_the_answer(ctx: Any, response: Any, case: Any) -> None:
        sent = case.body.get("fnr") if isinstance(case.body, dict) else None
        numbers = {known, *([re.sub(r"\D", "", str(sent))] if sent else [])}
        text = response.content.decode("utf-8", "replace")
        shown = {a + b for a, b in FNR_PATTERN.findall(text)}
        assert not numbers & shown, "a fødselsnummer came back in full"

    return no_fnr_in_the_answer


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# --- The test ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "mode"),
    [("spesialist", "positive"), ("annen", "positive"), ("spesialist", "negative")],
)
def test_every_operation_conforms_to_the_schema(
    world: World, wsgi_app: WSGIHandler, persona: str, mode: str
) -> None:
    _token, secret = token_create(user=world.user(persona), name="schemathesis")
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/",
        wsgi_app,
        headers={**headers, "Accept": "application/vnd.oai.openapi+json"},
    )
    _steer(schema, world)
    checks = [*CHECKS, no_fnr_in_the_answer(world.fnr)]
    if persona == "annen":
        checks.append(annen_never_sees_spesialist(world.user("spesialist")))

    # Malformed requests (negative mode) only have to be refused in the documented way.
    examples = MIN_EXAMPLES if mode == "positive" else max(MIN_EXAMPLES // 2, 1)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50
    calls: Counter[str] = Counter()
    answers: dict[str, Counter[int]] = defaultdict(Counter)
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            with transaction.atomic():
                response = case.call(headers=headers)
                calls[case.operation.label] += 1
                answers[case.operation.label][response.status_code] += 1
                case.validate_response(response, checks=checks, headers=headers)
                transaction.set_rollback(True)

        run()

    if os.environ.get("JOBBSPOR_SCHEMATHESIS_REPORT"):
        for label, counts in sorted(answers.items()):
            print(f"{persona:10} {label:60} {dict(sorted(counts.items()))}")  # noqa: T201
    thin = {label: n for label, n in calls.items() if n < examples}
    missing = {op.label for op in operations} - set(calls)
    assert not missing, f"operations never called: {sorted(missing)}"
    assert not thin, f"operations with fewer than {examples} examples: {thin}"
