"""The REST API in the access matrix (tests/access_matrix.py): every pattern, every method.

The same rules as the pages, in the API's own terms: no session or token is 401 (not a redirect to
the login page), roles that never see persons get 403, objects outside the caller's scope 404, and
a body that names an object outside the scope 400 ("does not exist", as for an id never used).
Bodies are JSON. Methods a pattern does not declare here (PUT everywhere, DELETE on most) must be
refused, which tests/organisation/test_access_matrix.py checks too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.access_matrix import NEW_FNR, NOW, TODAY, Expectation, Route, expect
from tests.conftest import World

SIGNED_OUT = 401


def _people(
    ok: Expectation, *, kollega: Expectation | None = None, annen: Expectation | None = None
) -> Mapping[str, Expectation]:
    """The roles that work with people get ``ok`` (unless told otherwise); the others 403."""
    return expect(
        anonym=SIGNED_OUT,
        spesialist=ok,
        kollega=ok if kollega is None else kollega,
        annen=ok if annen is None else annen,
        teamleder=ok,
        kontorleder=ok,
        fylke=403,
        direktorat=403,
        admin=403,
    )


def _signed_in(ok: Expectation) -> Mapping[str, Expectation]:
    return expect(
        **dict.fromkeys(("spesialist", "kollega", "annen", "teamleder"), ok),
        anonym=SIGNED_OUT,
        kontorleder=ok,
        fylke=ok,
        direktorat=ok,
        admin=ok,
    )


# One of spesialist's cases (or what hangs off it): the team reads it, another office gets 404.
SPESIALIST_CASE = _people(200, annen=404)


# spesialist's case about a shielded participant: only spesialist and teamleder have the right.
SHIELDED = _people(200, kollega=404, annen=404) | {"kontorleder": 404}


def change_case(ok: Expectation) -> Mapping[str, Expectation]:
    """Changing spesialist's case: its owner, the team lead, the office head; kollega reads the
    case but may not change it (404, as on the pages)."""
    return _people(ok, kollega=404, annen=404)


def change_by_reference(ok: Expectation) -> Mapping[str, Expectation]:
    """A new object on spesialist's case, named in the body: outside the scope is 400."""
    return _people(ok, kollega=400, annen=400)


REPORT_READERS = expect(
    anonym=SIGNED_OUT,
    spesialist=403,
    kollega=403,
    annen=403,
    teamleder=403,
    kontorleder=403,
    fylke=200,
    direktorat=200,
    admin=403,
)


def _token(w: World) -> Any:
    from apps.api.models import ApiToken
    from apps.api.services import token_create

    token = ApiToken.objects.filter(user=w.user("spesialist"), name="matrise").first()
    return token or token_create(user=w.user("spesialist"), name="matrise")[0]


def _employer_contact(w: World) -> Any:
    """A contact with the employer by spesialist, about no case: the office's shared knowledge."""
    from django.utils import timezone

    from apps.contacts.models import Contact
    from apps.contacts.services import contact_log

    existing = Contact.objects.filter(employer=w.employer, case__isnull=True).first()
    return existing or contact_log(
        actor=w.user("spesialist"),
        case=None,
        occurred_at=timezone.now(),
        channel="phone",
        place="none",
        with_whom=["employer"],
        initiative="specialist",
        duration_minutes=10,
        activity="employer",
        note="Ringte om praksisplass",
        employer=w.employer,
    )


def _other_programme(w: World) -> int:
    from apps.programmes.models import Programme

    programme = (
        Programme.objects.filter(is_active=True, code="ips").first()
        or Programme.objects.filter(is_active=True).exclude(pk=w.case.programme_id).first()
    )
    assert programme is not None
    return programme.pk


VERSION = {
    "start_on": "2026-10-01",
    "end_on": "2027-01-31",
    "work_percent": 60,
    "tasks": "Plukk, pakk og varemottak",
    "follow_up": "Møte hver 4. uke",
    "hiring_conditions": "Møter stabilt",
}

API_ROUTES: dict[str, Route] = {
    # The schema and its documentation: for everyone signed in (they describe, never show data).
    "api:schema": Route(GET=_signed_in(200)),
    "api:docs": Route(GET=_signed_in(200), note="Swagger UI from our own static files."),
    # Tokens.
    "api:token-create": Route(
        POST=expect(
            **dict.fromkeys(
                (
                    "anonym",
                    "spesialist",
                    "kollega",
                    "annen",
                    "teamleder",
                    "kontorleder",
                    "fylke",
                    "direktorat",
                    "admin",
                ),
                201,
            )
        ),
        data=lambda w, c: {"username": "spesialist", "password": "demo", "name": "Integrasjon"},
        note="The credentials decide whose token it is, not the caller's session.",
    ),
    "api:token-list": Route(GET=_signed_in(200), note="Each caller's own tokens."),
    "api:token-detail": Route(
        DELETE=expect(
            anonym=SIGNED_OUT,
            spesialist=204,
            kollega=404,
            annen=404,
            teamleder=404,
            kontorleder=404,
            fylke=404,
            direktorat=404,
            admin=404,
        ),
        kwargs=lambda w: {"pk": _token(w).pk},
        note="A token is revoked by its owner only.",
    ),
    # Participants.
    "api:participant-list": Route(
        GET=_people(200),
        POST=expect(
            anonym=SIGNED_OUT,
            spesialist=201,
            kollega=201,
            annen=201,
            teamleder=403,
            kontorleder=403,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        data=lambda w, c: {
            "fnr": NEW_FNR,
            "first_name": "Ola",
            "last_name": "Ny",
            "birth_date": "1985-03-02",
            "gender": "male",
            "programme": w.case.programme_id,
            "referral_date": TODAY(),
        },
        note="Registering is a job specialist's act, as on the page.",
    ),
    "api:participant-search": Route(
        POST=_people(200),
        data=lambda w, c: {"fnr": w.fnr},
        note="Always 200: what was found is in the body, and annen is told 'elsewhere' only.",
    ),
    "api:participant-detail": Route(
        GET=SPESIALIST_CASE,
        PATCH=change_case(200),
        kwargs=lambda w: {"pk": w.case.participant_id},
        data=lambda w, c: {"phone": "99887766"},
    ),
    "api:participant-detail#skjermet": Route(
        GET=SHIELDED,
        PATCH=SHIELDED,
        kwargs=lambda w: {"pk": w.skjermet_case.participant_id},
        data=lambda w, c: {"phone": "99887766"},
        note="A shielded participant: only staff with the right (spesialist, teamleder).",
    ),
    "api:participant-consents": Route(
        POST=change_case(201),
        kwargs=lambda w: {"pk": w.case.participant_id},
        data=lambda w, c: {"recipient": "mentor", "topics": ["programme"], "given_on": TODAY()},
    ),
    "api:participant-consent-withdraw": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.case.participant_id, "consent_id": w.consent.pk},
        data=lambda w, c: {"on": TODAY()},
    ),
    # Cases.
    "api:case-list": Route(
        GET=_people(200),
        POST=_people(201, annen=400) | {"teamleder": 409, "kontorleder": 409},
        data=lambda w, c: {
            "participant": w.case.participant_id,
            "programme": _other_programme(w),
            "referral_date": TODAY(),
        },
        note="A lead referring without naming a job specialist is refused (409): a case needs "
        "one. annen may not name spesialist's participant (400).",
    ),
    "api:case-detail": Route(
        GET=SPESIALIST_CASE,
        PATCH=change_case(200),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"order_goal": "Fast jobb i butikk"},
    ),
    "api:case-detail#skjermet": Route(
        GET=SHIELDED,
        PATCH=SHIELDED,
        kwargs=lambda w: {"pk": w.skjermet_case.pk},
        data=lambda w, c: {"order_goal": "Fast jobb"},
    ),
    "api:case-transition": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {
            "transition": "discharge",
            "on": TODAY(),
            "end_reason": "work",
            "status": {"in_work": True, "work_hours_per_week": "20"},
        },
        note="One pattern for every transition; discharge stands for them (same view, same check).",
    ),
    "api:case-stage": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"stage": 2, "on": TODAY()},
    ),
    # Contacts.
    "api:contact-list": Route(
        GET=_people(200),
        POST=_people(201, annen=400),
        data=lambda w, c: {
            "case": w.case.pk,
            "occurred_at": NOW(),
            "channel": "phone",
            "place": "none",
            "with_whom": ["participant"],
            "initiative": "specialist",
            "duration_minutes": 10,
            "activity": "individual",
        },
        note="kollega logs contacts on the team's cases as cover.",
    ),
    "api:contact-detail": Route(
        GET=SPESIALIST_CASE,
        PATCH=_people(200, kollega=404, annen=404) | {"teamleder": 404, "kontorleder": 404},
        kwargs=lambda w: {"pk": w.contact.pk},
        data=lambda w, c: {"note": "Første samtale, rettet"},
        note="Only the author corrects a contact.",
    ),
    # Employers: shared by every office.
    "api:employer-list": Route(
        GET=_people(200),
        POST=_people(201),
        data=lambda w, c: {"orgnr": "910 000 012", "name": "Kafé Solsiden AS"},
    ),
    "api:employer-detail": Route(
        GET=_people(200),
        PATCH=_people(200),
        kwargs=lambda w: {"pk": w.employer.pk},
        data=lambda w, c: {"industry": "Lager"},
    ),
    "api:employer-contact-persons": Route(
        POST=_people(201),
        kwargs=lambda w: {"pk": w.employer.pk},
        data=lambda w, c: {"name": "Anne Leder", "role": "Daglig leder"},
    ),
    "api:employer-contact-list": Route(
        GET=_people(200),
        POST=_people(201),
        data=lambda w, c: {
            "employer": w.employer.pk,
            "occurred_at": NOW(),
            "channel": "phone",
            "duration_minutes": 10,
            "note": "Spurte om praksisplass",
        },
    ),
    "api:employer-contact-detail": Route(
        GET=_people(200, annen=404),
        kwargs=lambda w: {"pk": _employer_contact(w).pk},
        note="The office's contacts with firms: another office's are not shown.",
    ),
    # Placements.
    "api:placement-list": Route(
        GET=_people(200),
        POST=change_by_reference(201),
        data=lambda w, c: {
            "case": w.case.pk,
            "employer": w.employer.pk,
            "kind": "practice",
            "start_on": TODAY(),
            "position_percent": 50,
        },
    ),
    "api:placement-detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.placement.pk}),
    "api:placement-evaluate": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"held_on": TODAY(), "summary": "Går fint"},
    ),
    "api:placement-extend": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"new_end": "2027-03-31"},
    ),
    "api:placement-end": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"on": TODAY(), "reason": "Fikk jobb"},
    ),
    "api:placement-subsidies": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"kind": "mentortilskudd", "applied_on": TODAY()},
    ),
    "api:placement-subsidy-advance": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"subsidy": w.subsidy.pk, "to": "granted", "on": TODAY()},
    ),
    # Intention agreements.
    "api:agreement-list": Route(
        GET=_people(200),
        POST=change_by_reference(201),
        data=lambda w, c: {"placement": w.placement.pk, **VERSION},
    ),
    "api:agreement-detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.agreement.pk}),
    "api:agreement-version": Route(
        PATCH=change_case(200),
        kwargs=lambda w: {
            "pk": w.draft_agreement.pk,
            "version_id": w.draft_agreement.versions.get().pk,
        },
        data=lambda w, c: {"work_percent": 60, "tasks": "Plukk, pakk og varemottak"},
    ),
    "api:agreement-approve": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.draft_agreement.pk},
        data=lambda w, c: {"version": w.draft_agreement.versions.get().pk, "party": "nav"},
    ),
    "api:agreement-withdraw-approval": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.pending_approval.version.agreement_id},
        data=lambda w, c: {"approval": w.pending_approval.pk},
    ),
    "api:agreement-new-version": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.agreement.pk},
        data=lambda w, c: {**VERSION, "end_on": "2026-12-31", "tasks": "Plukk og pakk"},
    ),
    "api:agreement-end": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.agreement.pk},
        data=lambda w, c: {"outcome": "hired_permanent", "on": TODAY()},
    ),
    # Workplace mentors.
    "api:mentor-list": Route(
        GET=_people(200),
        POST=change_by_reference(201),
        data=lambda w, c: {"placement": w.placement.pk, "name": "Ola Fadder", "start_on": TODAY()},
    ),
    "api:mentor-detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.mentor.pk}),
    "api:mentor-activate": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.mentor.pk},
        data=lambda w, c: {"on": TODAY()},
    ),
    "api:mentor-end": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.mentor.pk},
        data=lambda w, c: {
            "on": TODAY(),
            "reason": "replaced",
            "new_name": "Kari Fadder",
            "new_role": "Skiftleder",
        },
    ),
    "api:mentor-meetings": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.mentor.pk},
        data=lambda w, c: {"kind": "status", "held_on": TODAY()},
    ),
    # Follow-up checkpoints.
    "api:checkpoint-list": Route(GET=_people(200)),
    "api:checkpoint-detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.checkpoint.pk}),
    "api:checkpoint-complete": Route(
        POST=change_case(200),
        kwargs=lambda w: {"pk": w.checkpoint.pk},
        data=lambda w, c: {"on": TODAY(), "note": "Rapport sendt"},
    ),
    # Any other URL under /api/: 404 in JSON for every method and everyone, so nothing to declare.
    "api:not-found": Route(
        kwargs=lambda w: {"rest": "v1/ukjent/"},
        note="Every method is refused (404) for every persona; the matrix checks exactly that.",
    ),
    # The directorate's and the county coordinators' aggregates: counts only.
    "api:report-maaltall": Route(GET=REPORT_READERS),
    "api:report-outcomes": Route(GET=REPORT_READERS),
}
