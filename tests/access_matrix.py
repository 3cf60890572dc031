"""The access matrix: for every URL pattern and every method it accepts, what each persona gets.

``tests/organisation/test_access_matrix.py`` walks every pattern the project serves and fails when
one has no entry here, when an entry names a pattern that no longer exists, when a persona gets
anything other than what is written, or when no persona succeeds on a pattern. Every entry names
every persona: there are no defaults and no wildcards, so adding a page means deciding, here, who
may see it.

Expectations:
- an int: that status code;
- ``LOGIN``: a redirect to the login page with ``?next=`` (the user must sign in first);
- ``Redirect("name")``: a redirect to the named URL, the mark of a successful form post.

A key ``name#variant`` checks the same pattern again on other objects (a shielded participant, a
protected address); every pattern still needs its plain ``name`` entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import PERSONAS, World

LOGIN = "login"

# A synthetic number nobody else in the test data has (Tenor: month + 80).
NEW_FNR = "02838537939"


def TODAY() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def NOW() -> str:
    from django.utils import timezone

    return (timezone.localtime() - datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@dataclass(frozen=True)
class Redirect:
    to: str


Expectation = int | str | Redirect


def expect(**by_persona: Expectation) -> Mapping[str, Expectation]:
    missing = set(PERSONAS) - set(by_persona)
    unknown = set(by_persona) - set(PERSONAS)
    if missing or unknown:
        raise ValueError(
            f"Name every persona: missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    return by_persona


def _no_kwargs(world: World) -> dict[str, Any]:
    return {}


def _no_data(world: World, client: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Route:
    GET: Mapping[str, Expectation] | None = None
    POST: Mapping[str, Expectation] | None = None
    kwargs: Callable[[World], dict[str, Any]] = _no_kwargs
    # The body of a POST, built per request; ``client`` is the persona's client, so a form can be
    # read back from its own page first (admin forms carry many fields).
    data: Callable[[World, Any], dict[str, Any]] = _no_data
    note: str = field(default="", compare=False)
    # The REST API (/api/) also answers these; ``data`` is their JSON body too.
    PUT: Mapping[str, Expectation] | None = None
    PATCH: Mapping[str, Expectation] | None = None
    DELETE: Mapping[str, Expectation] | None = None

    def methods(self) -> dict[str, Mapping[str, Expectation]]:
        return {
            m: e
            for m, e in (
                ("GET", self.GET),
                ("POST", self.POST),
                ("PUT", self.PUT),
                ("PATCH", self.PATCH),
                ("DELETE", self.DELETE),
            )
            if e is not None
        }


# --- Profiles used by several rows. Each still names every persona. ---------------------------

OPEN_TO_ALL = expect(
    anonym=200,
    spesialist=200,
    kollega=200,
    annen=200,
    teamleder=200,
    kontorleder=200,
    fylke=200,
    direktorat=200,
    admin=200,
)
# Pages about the people in the user's own work: roles that never see persons get 403.
PERSON_LIST = expect(
    anonym=LOGIN,
    spesialist=200,
    kollega=200,
    annen=200,
    teamleder=200,
    kontorleder=200,
    fylke=403,
    direktorat=403,
    admin=403,
)
# One of spesialist's cases: the team reads it, another office gets 404, aggregate roles 403.
SPESIALIST_CASE = expect(
    anonym=LOGIN,
    spesialist=200,
    kollega=200,
    annen=404,
    teamleder=200,
    kontorleder=200,
    fylke=403,
    direktorat=403,
    admin=403,
)


# Changing spesialist's case: its owners, the team lead and the office head. kollega may read it
# (and log contacts as cover) but not change it, so kollega gets 404 here.
def change_case(outcome: Expectation) -> Mapping[str, Expectation]:
    return expect(
        anonym=LOGIN,
        spesialist=outcome,
        kollega=404,
        annen=404,
        teamleder=outcome,
        kontorleder=outcome,
        fylke=403,
        direktorat=403,
        admin=403,
    )


def person_roles(outcome: Expectation) -> Mapping[str, Expectation]:
    """Every role that works with people gets ``outcome``; the others 403."""
    return expect(
        anonym=LOGIN,
        spesialist=outcome,
        kollega=outcome,
        annen=outcome,
        teamleder=outcome,
        kontorleder=outcome,
        fylke=403,
        direktorat=403,
        admin=403,
    )


def specialists(outcome: Expectation) -> Mapping[str, Expectation]:
    return expect(
        anonym=LOGIN,
        spesialist=outcome,
        kollega=outcome,
        annen=outcome,
        teamleder=403,
        kontorleder=403,
        fylke=403,
        direktorat=403,
        admin=403,
    )


# spesialist's case about a shielded participant: spesialist and teamleder have the right.
SHIELDED_CASE = expect(
    anonym=LOGIN,
    spesialist=200,
    kollega=404,
    annen=404,
    teamleder=200,
    kontorleder=404,
    fylke=403,
    direktorat=403,
    admin=403,
)


def only(persona: str, outcome: Expectation) -> Mapping[str, Expectation]:
    """``outcome`` for one persona, 403 for every other signed-in persona, LOGIN for anonymous."""
    return expect(
        **{p: LOGIN if p == "anonym" else (outcome if p == persona else 403) for p in PERSONAS}
    )


def admin_only(outcome: Expectation) -> Mapping[str, Expectation]:
    return only("admin", outcome)


# --- Admin helpers ------------------------------------------------------------------------------


def admin_form_data(client: Any, url: str, **changes: Any) -> dict[str, Any]:
    """The values an admin form shows, as a browser would post them back, with ``changes``."""
    from tests.html_forms import form_values

    response = client.get(url)
    data = (
        form_values(response.content.decode(), form_id=None) if response.status_code == 200 else {}
    )
    data.update(changes)
    return data


def _admin_model_routes(
    model: str,
    kwargs: Callable[[World], dict[str, Any]],
    add_data: Callable[[World, Any], dict[str, Any]],
    change_data: Callable[[World, Any], dict[str, Any]],
) -> dict[str, Route]:
    """The five admin pages Django makes for a registered model, each written out."""
    changelist = f"admin:{model}_changelist"
    app_label, model_name = model.split("_", 1)
    return {
        changelist: Route(
            GET=admin_only(200),
            POST=admin_only(200),
            data=lambda w, c: {
                "action": "delete_selected",
                "_selected_action": [kwargs(w)["object_id"]],
            },
            note="POST runs a bulk action; delete_selected answers with its confirmation page.",
        ),
        f"admin:{model}_add": Route(
            GET=admin_only(200),
            # Django's UserAdmin goes on to the new user's page; the others back to the list.
            POST=admin_only(
                Redirect(f"admin:{model}_change" if model == "organisation_user" else changelist)
            ),
            data=add_data,
        ),
        f"admin:{model}_change": Route(
            GET=admin_only(200),
            POST=admin_only(Redirect(changelist)),
            kwargs=kwargs,
            data=change_data,
        ),
        f"admin:{model}_delete": Route(
            GET=admin_only(200),
            POST=admin_only(Redirect(changelist)),
            kwargs=kwargs,
            data=lambda w, c: {"post": "yes"},
        ),
        f"admin:{model}_history": Route(
            GET=admin_only(200),
            POST=admin_only(200),
            kwargs=kwargs,
            note="Django's history view answers POST as GET.",
        ),
        f"admin/{app_label}/{model_name}/<path:object_id>/": Route(
            GET=admin_only(Redirect(f"admin:{model}_change")),
            POST=admin_only(Redirect(f"admin:{model}_change")),
            kwargs=kwargs,
            note="Django's RedirectView to the change page, for every method.",
        ),
    }


def _change(url_name: str, kwargs: Callable[[World], dict[str, Any]], **changes: Any):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return lambda w, c: admin_form_data(c, reverse(url_name, kwargs=kwargs(w)), **changes)


def _county(w: World) -> dict[str, Any]:
    return {"object_id": w.spare["county"].pk}


def _office(w: World) -> dict[str, Any]:
    return {"object_id": w.spare["office"].pk}


def _team(w: World) -> dict[str, Any]:
    return {"object_id": w.spare["team"].pk}


def _user(w: World) -> dict[str, Any]:
    return {"object_id": w.spare["user"].pk}


def _mapping(w: World) -> dict[str, Any]:
    return {"object_id": w.spare["mapping"].pk}


def _programme(w: World) -> dict[str, Any]:
    return {"object_id": w.spare["programme"].pk}


_INLINE_EMPTY = {
    "rule_versions-TOTAL_FORMS": "0",
    "rule_versions-INITIAL_FORMS": "0",
    "rule_versions-MIN_NUM_FORMS": "0",
    "rule_versions-MAX_NUM_FORMS": "1000",
}


def _shielded_placement(w: World) -> Any:
    from tests.agreements.factories import placement

    return placement(w.skjermet_case, w.user("spesialist"))


def _report_pdf(w: World) -> Any:
    """A finished report PDF that direktorat asked for."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from apps.reporting.models import ReportPdf

    pdf = ReportPdf.objects.filter(requested_by=w.user("direktorat")).first()
    if pdf is None:
        pdf = ReportPdf(kind="maaltall", year=2026, requested_by=w.user("direktorat"))
        pdf.file.save("r.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        pdf.finished_at = timezone.now()
        pdf.save()
    return pdf


def _saved_filter(w: World) -> Any:
    from apps.dashboards.models import SavedFilter

    return SavedFilter.objects.get_or_create(
        user=w.user("teamleder"), name="Mine", defaults={"query": "fra=2026-01-01"}
    )[0]


# The aggregate reports: the directorate and the county coordinators, nobody who sees persons.
REPORT_READERS = expect(
    anonym=LOGIN,
    spesialist=403,
    kollega=403,
    annen=403,
    teamleder=403,
    kontorleder=403,
    fylke=200,
    direktorat=200,
    admin=403,
)


# Imported here, not at the top: it builds its routes from the helpers above.
from tests.api.access_routes import API_ROUTES  # noqa: E402
from tests.fidelity.access_routes import FIDELITY_ROUTES  # noqa: E402
from tests.halfyear.access_routes import HALFYEAR_ROUTES  # noqa: E402
from tests.imports.access_routes import IMPORT_ROUTES  # noqa: E402

# --- The matrix ---------------------------------------------------------------------------------

MATRIX: dict[str, Route] = {
    "home": Route(
        GET=expect(
            anonym=Redirect("login"),
            spesialist=Redirect("cases:worklist"),
            kollega=Redirect("cases:worklist"),
            annen=Redirect("cases:worklist"),
            teamleder=Redirect("organisation:team_overview"),
            kontorleder=Redirect("organisation:office_overview"),
            fylke=Redirect("organisation:county_overview"),
            direktorat=Redirect("organisation:national_overview"),
            admin=Redirect("admin:index"),
        ),
        note="The landing page of each role.",
    ),
    "login": Route(
        GET=expect(
            anonym=200,
            spesialist=Redirect("home"),
            kollega=Redirect("home"),
            annen=Redirect("home"),
            teamleder=Redirect("home"),
            kontorleder=Redirect("home"),
            fylke=Redirect("home"),
            direktorat=Redirect("home"),
            admin=Redirect("home"),
        ),
        POST=expect(**{p: Redirect("home") for p in PERSONAS}),
        data=lambda w, c: {"username": "spesialist", "password": "demo"},
    ),
    "logout": Route(POST=expect(**{p: Redirect("login") for p in PERSONAS})),
    "set_language": Route(
        POST=expect(**{p: Redirect("home") for p in PERSONAS}),
        data=lambda w, c: {"language": "en", "next": "/"},
    ),
    "session_activity": Route(
        POST=expect(**{p: LOGIN if p == "anonym" else 204 for p in PERSONAS}),
        note="The page reports typing as activity; it shows nothing.",
    ),
    "contacts:draft_save": Route(
        POST=expect(
            anonym=LOGIN,
            spesialist=204,
            kollega=204,
            annen=404,
            teamleder=204,
            kontorleder=204,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"contact-note": "Halvskrevet notat"},
    ),
    "contacts:draft_discard": Route(
        POST=expect(
            anonym=LOGIN,
            spesialist=Redirect("cases:detail"),
            kollega=Redirect("cases:detail"),
            annen=404,
            teamleder=Redirect("cases:detail"),
            kontorleder=Redirect("cases:detail"),
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.case.pk},
    ),
    "oidc_authentication_init": Route(
        GET=expect(**{p: Redirect("external:127.0.0.1:9") for p in PERSONAS}),
        note="Off to the organisation's identity provider (a closed port in the tests).",
    ),
    "oidc_authentication_callback": Route(
        GET=expect(**{p: Redirect("login") for p in PERSONAS}),
        note="Without a code from the provider the callback fails back to the login page.",
    ),
    "followups:due": Route(GET=person_roles(200)),
    "followups:record": Route(
        GET=change_case(200),
        POST=change_case(Redirect("followups:due")),
        kwargs=lambda w: {"pk": w.checkpoint.pk},
        data=lambda w, c: {"on": TODAY(), "note": "Rapport sendt"},
    ),
    "followups:notifications": Route(GET=person_roles(200)),
    "followups:unread": Route(GET=person_roles(200), note="Polled in the background."),
    # --- The employer side (issue 5) ---
    "employers:list": Route(
        GET=person_roles(200), note="Firms are shared by all; who called last is the office's."
    ),
    "employers:create": Route(
        GET=person_roles(200),
        POST=person_roles(Redirect("employers:detail")),
        data=lambda w, c: {
            "orgnr": "910 000 012",
            "name": "Kafé Solsiden AS",
            "sector": "private",
        },
        note="A second post of the same number leads to the firm already registered.",
    ),
    "employers:detail": Route(GET=person_roles(200), kwargs=lambda w: {"pk": w.employer.pk}),
    "employers:contact_person_create": Route(
        POST=person_roles(Redirect("employers:detail")),
        kwargs=lambda w: {"pk": w.employer.pk},
        data=lambda w, c: {"person-name": "Anne Leder", "person-role": "Daglig leder"},
    ),
    "employers:contact_create": Route(
        POST=person_roles(Redirect("employers:detail")),
        kwargs=lambda w: {"pk": w.employer.pk},
        data=lambda w, c: {
            "contact-occurred_at": NOW(),
            "contact-channel": "phone",
            "contact-duration_minutes": "10",
            "contact-note": "Spurte om praksisplass",
        },
    ),
    "placements:create": Route(
        GET=change_case(200),
        POST=change_case(Redirect("placements:detail")),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {
            "employer": w.employer.pk,
            "kind": "practice",
            "start_on": TODAY(),
            "position_percent": "50",
            "permanent": "unknown",
        },
    ),
    "placements:detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.placement.pk}),
    "placements:detail#skjermet": Route(
        GET=SHIELDED_CASE,
        kwargs=lambda w: {"pk": _shielded_placement(w).pk},
        note="A placement follows its case: a shielded participant's is for staff with the right.",
    ),
    "placements:evaluate": Route(
        POST=change_case(Redirect("placements:detail")),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"evaluation-held_on": TODAY(), "evaluation-summary": "Går fint"},
    ),
    "placements:extend": Route(
        POST=change_case(Redirect("placements:detail")),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"extend-new_end": "2027-03-31"},
    ),
    "placements:end": Route(
        POST=change_case(Redirect("placements:detail")),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"end-on": TODAY(), "end-reason": "Fikk jobb"},
    ),
    "placements:subsidy_apply": Route(
        POST=change_case(Redirect("placements:detail")),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {"subsidy-kind": "mentortilskudd", "subsidy-applied_on": TODAY()},
    ),
    "placements:subsidy_advance": Route(
        POST=change_case(Redirect("placements:detail")),
        kwargs=lambda w: {"pk": w.placement.pk, "subsidy_id": w.subsidy.pk},
        data=lambda w, c: {"advance-to": "granted", "advance-on": TODAY()},
    ),
    "placements:mentor_create": Route(
        POST=change_case(Redirect("mentors:detail")),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {
            "mentor-name": "Ola Fadder",
            "mentor-role": "Kokk",
            "mentor-start_on": TODAY(),
            "mentor-training_plan": "tailored",
        },
    ),
    "placements:agreement_create": Route(
        GET=change_case(200),
        POST=change_case(Redirect("agreements:detail")),
        kwargs=lambda w: {"pk": w.placement.pk},
        data=lambda w, c: {
            "start_on": "2026-12-01",
            "end_on": "2027-02-28",
            "work_percent": "40",
            "tasks": "Servering",
            "follow_up": "Møte hver 4. uke",
            "hiring_conditions": "Møter stabilt",
        },
    ),
    "agreements:detail": Route(
        GET=SPESIALIST_CASE,
        kwargs=lambda w: {"pk": w.agreement.pk},
        note="annen (another office) gets 404, as the issue demands.",
    ),
    "agreements:version_edit": Route(
        GET=change_case(200),
        POST=change_case(Redirect("agreements:detail")),
        kwargs=lambda w: {
            "pk": w.draft_agreement.pk,
            "version_id": w.draft_agreement.versions.get().pk,
        },
        data=lambda w, c: {
            "start_on": "2026-10-01",
            "end_on": "2027-01-31",
            "work_percent": "60",
            "tasks": "Plukk, pakk og varemottak",
            "follow_up": "Møte hver 4. uke",
            "hiring_conditions": "Møter stabilt",
        },
    ),
    "agreements:approve": Route(
        POST=change_case(Redirect("agreements:detail")),
        kwargs=lambda w: {
            "pk": w.draft_agreement.pk,
            "version_id": w.draft_agreement.versions.get().pk,
        },
        data=lambda w, c: {"approval-party": "nav"},
    ),
    "agreements:pdf_request": Route(
        POST=change_case(Redirect("agreements:pdf")),
        kwargs=lambda w: {"pk": w.agreement.pk, "version_id": w.agreement.versions.get().pk},
        note="The task is queued after commit; the test's transaction never commits.",
    ),
    "agreements:approval_withdraw": Route(
        POST=change_case(Redirect("agreements:detail")),
        kwargs=lambda w: {
            "pk": w.pending_approval.version.agreement_id,
            "approval_id": w.pending_approval.pk,
        },
    ),
    "agreements:new_version": Route(
        GET=change_case(200),
        POST=change_case(Redirect("agreements:detail")),
        kwargs=lambda w: {"pk": w.agreement.pk},
        data=lambda w, c: {
            "start_on": "2026-10-01",
            "end_on": "2026-12-31",
            "work_percent": "60",
            "tasks": "Plukk og pakk",
            "follow_up": "Møte hver 4. uke",
            "hiring_conditions": "Møter stabilt",
        },
    ),
    "agreements:end": Route(
        POST=change_case(Redirect("agreements:detail")),
        kwargs=lambda w: {"pk": w.agreement.pk},
        data=lambda w, c: {"end-outcome": "hired_permanent", "end-on": TODAY()},
    ),
    "agreements:pdf": Route(
        GET=change_case(200),
        kwargs=lambda w: {"pk": w.agreement.pk, "pdf_id": w.pdf.pk},
        note="The PDF is for the case's owners, who print it for signing; annen gets 404.",
    ),
    "agreements:pdf_download": Route(
        GET=change_case(200), kwargs=lambda w: {"pk": w.agreement.pk, "pdf_id": w.pdf.pk}
    ),
    "mentors:detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.mentor.pk}),
    "mentors:activate": Route(
        POST=change_case(Redirect("mentors:detail")),
        kwargs=lambda w: {"pk": w.mentor.pk},
        data=lambda w, c: {"activate-on": TODAY()},
    ),
    "mentors:end": Route(
        POST=change_case(Redirect("mentors:detail")),
        kwargs=lambda w: {"pk": w.mentor.pk},
        data=lambda w, c: {
            "end-on": TODAY(),
            "end-reason": "replaced",
            "end-new_name": "Kari Fadder",
            "end-new_role": "Skiftleder",
        },
    ),
    "mentors:meeting": Route(
        POST=change_case(Redirect("mentors:detail")),
        kwargs=lambda w: {"pk": w.mentor.pk},
        data=lambda w, c: {"meeting-kind": "status", "meeting-held_on": TODAY()},
    ),
    "healthz": Route(GET=OPEN_TO_ALL, note="Open to load balancers; shows state, never data."),
    "cases:worklist": Route(GET=PERSON_LIST),
    "cases:detail": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.case.pk}),
    "cases:detail#skjermet": Route(
        GET=SHIELDED_CASE,
        kwargs=lambda w: {"pk": w.skjermet_case.pk},
        note="A shielded participant: only staff with the right (spesialist, teamleder) see it.",
    ),
    "cases:detail#code-6": Route(
        GET=SPESIALIST_CASE,
        kwargs=lambda w: {"pk": w.protected_case.pk},
        note="Code 6 hides the address (tests/participants), not the case.",
    ),
    "cases:timeline": Route(GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.case.pk}),
    "cases:transition": Route(
        GET=change_case(200),
        POST=change_case(Redirect("cases:detail")),
        kwargs=lambda w: {"pk": w.case.pk, "transition": "discharge"},
        data=lambda w, c: {
            "discharge-on": TODAY(),
            "discharge-end_reason": "work",
            "discharge-in_work": "on",
            "discharge-work_hours_per_week": "20",
        },
        note="One pattern for every transition; discharge stands for them (same view, same check).",
    ),
    "cases:stage": Route(
        GET=change_case(200),
        POST=change_case(Redirect("cases:detail")),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"stage-stage": "2", "stage-on": TODAY()},
    ),
    "cases:order": Route(
        GET=change_case(200),
        POST=change_case(Redirect("cases:detail")),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"order_goal": "Fast jobb i butikk"},
    ),
    "cases:profile": Route(
        GET=change_case(200),
        POST=change_case(Redirect("cases:detail")),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"job_wishes": "Lager", "target_workplaces": "Coop\nRema"},
    ),
    "cases:document_upload": Route(
        # The form is for those who see the documents (the owners and the team lead).
        GET=expect(
            anonym=LOGIN,
            spesialist=200,
            kollega=404,
            annen=404,
            teamleder=200,
            kontorleder=404,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        POST=change_case(Redirect("cases:detail")),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"document-kind": "cv", "document-file": _pdf()},
    ),
    "cases:document": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=200,
            kollega=404,
            annen=404,
            teamleder=200,
            kontorleder=404,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.case.pk, "document_id": w.document.pk},
        note="Attachments are for the case owners and the team lead only.",
    ),
    "cases:reassign": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=404,
            kollega=404,
            annen=404,
            teamleder=200,
            kontorleder=200,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        POST=expect(
            anonym=LOGIN,
            spesialist=404,
            kollega=404,
            annen=404,
            teamleder=Redirect("cases:detail"),
            kontorleder=Redirect("cases:detail"),
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {"new_owner": w.user("kollega").pk},
    ),
    "cases:transfer": Route(
        GET=change_case(200),
        POST=change_case(Redirect("cases:detail")),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {
            "to_team": w.user("annen").teams.get().pk,
            "reason": "Flytter til Sagene",
        },
    ),
    "cases:transfer_decision": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=403,
            kollega=403,
            annen=403,
            teamleder=200,
            kontorleder=200,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        POST=expect(
            anonym=LOGIN,
            spesialist=403,
            kollega=403,
            annen=403,
            teamleder=Redirect("cases:detail"),
            kontorleder=Redirect("cases:detail"),
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"transfer_id": w.transfer.pk},
        data=lambda w, c: {"accept": "yes", "new_owner": w.user("spesialist").pk},
    ),
    "participants:register": Route(
        GET=specialists(200),
        POST=specialists(Redirect("cases:detail")),
        data=lambda w, c: {
            "fnr": NEW_FNR,
            "first_name": "Ola",
            "last_name": "Ny",
            "birth_date": "1985-03-02",
            "gender": "male",
            "programme": w.case.programme_id,
            "referral_date": TODAY(),
        },
    ),
    "participants:search": Route(
        GET=person_roles(200),
        POST=expect(
            anonym=LOGIN,
            spesialist=Redirect("participants:detail"),
            kollega=Redirect("participants:detail"),
            annen=200,
            teamleder=Redirect("participants:detail"),
            kontorleder=Redirect("participants:detail"),
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        data=lambda w, c: {"fnr": w.fnr},
        note="annen is told the person is known elsewhere, and nothing more.",
    ),
    "participants:transfer_request": Route(
        POST=specialists(Redirect("participants:search")),
        note="Without a search first there is nothing to ask about: back to the search.",
    ),
    "participants:detail": Route(
        GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.case.participant_id}
    ),
    "participants:detail#skjermet": Route(
        GET=SHIELDED_CASE, kwargs=lambda w: {"pk": w.skjermet_case.participant_id}
    ),
    "participants:detail#code-6": Route(
        GET=SPESIALIST_CASE, kwargs=lambda w: {"pk": w.protected_case.participant_id}
    ),
    "participants:reveal_fnr": Route(
        POST=SPESIALIST_CASE,
        kwargs=lambda w: {"pk": w.case.participant_id},
        note="Whoever may read the participant may show the whole number; every time is logged.",
    ),
    "participants:export": Route(
        GET=change_case(200),
        kwargs=lambda w: {"pk": w.case.participant_id},
        note="An access request is answered by those responsible for the case.",
    ),
    "participants:edit": Route(
        GET=change_case(200),
        POST=change_case(Redirect("participants:detail")),
        kwargs=lambda w: {"pk": w.case.participant_id},
        data=lambda w, c: admin_form_data(
            c, f"/deltakere/{w.case.participant_id}/endre/", phone="99887766"
        ),
    ),
    "participants:consent_create": Route(
        POST=change_case(Redirect("participants:detail")),
        kwargs=lambda w: {"pk": w.case.participant_id},
        data=lambda w, c: {
            "consent-recipient": "mentor",
            "consent-topics": ["programme"],
            "consent-given_on": TODAY(),
        },
    ),
    "participants:consent_withdraw": Route(
        POST=change_case(Redirect("participants:detail")),
        kwargs=lambda w: {"pk": w.case.participant_id, "consent_id": w.consent.pk},
        data=lambda w, c: {"on": TODAY()},
    ),
    "contacts:create": Route(
        GET=person_roles(200),
        POST=person_roles(Redirect("cases:worklist")),
        data=lambda w, c: {
            "occurred_at": NOW(),
            "channel": "meeting",
            "place": "nav_office",
            "initiative": "specialist",
            "duration_minutes": "60",
            "activity": "team",
            "note": "Teammøte",
        },
    ),
    "contacts:create_on_case": Route(
        POST=expect(
            anonym=LOGIN,
            spesialist=Redirect("cases:detail"),
            kollega=Redirect("cases:detail"),
            annen=404,
            teamleder=Redirect("cases:detail"),
            kontorleder=Redirect("cases:detail"),
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.case.pk},
        data=lambda w, c: {
            "contact-occurred_at": NOW(),
            "contact-channel": "phone",
            "contact-place": "none",
            "contact-with_whom": ["participant"],
            "contact-initiative": "specialist",
            "contact-duration_minutes": "10",
            "contact-activity": "individual",
        },
        note="kollega logs contacts on the team's cases as cover.",
    ),
    "contacts:edit": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=200,
            kollega=404,
            annen=404,
            teamleder=404,
            kontorleder=404,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        POST=expect(
            anonym=LOGIN,
            spesialist=Redirect("cases:detail"),
            kollega=404,
            annen=404,
            teamleder=404,
            kontorleder=404,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.contact.pk},
        data=lambda w, c: {
            "occurred_at": NOW(),
            "channel": "meeting",
            "place": "nav_office",
            "with_whom": ["participant"],
            "initiative": "specialist",
            "duration_minutes": "50",
            "activity": "individual",
            "note": "Første samtale, rettet",
        },
        note="Only the author corrects a contact.",
    ),
    "organisation:team_overview": Route(GET=only("teamleder", 200)),
    "organisation:office_overview": Route(GET=only("kontorleder", 200)),
    "organisation:county_overview": Route(GET=only("fylke", 200)),
    "organisation:national_overview": Route(GET=only("direktorat", 200)),
    # Dashboards: the team lead's and office head's, and the specialist's own summary.
    "dashboards:team": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=403,
            kollega=403,
            annen=403,
            teamleder=200,
            kontorleder=200,
            fylke=403,
            direktorat=403,
            admin=403,
        )
    ),
    "dashboards:mine": Route(GET=specialists(200)),
    "dashboards:drill": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=200,
            kollega=200,
            annen=200,
            teamleder=200,
            kontorleder=200,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"fact": "caseload"},
        note="Each user's own numbers: a specialist's own cases, a lead's teams'.",
    ),
    "dashboards:drill_export": Route(
        GET=expect(
            anonym=LOGIN,
            spesialist=200,
            kollega=200,
            annen=200,
            teamleder=200,
            kontorleder=200,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"fact": "caseload", "fmt": "csv"},
        note="The drill-through list as a file: each user's own cases, as on the page.",
    ),
    "dashboards:filter_save": Route(
        POST=expect(
            anonym=LOGIN,
            spesialist=403,
            kollega=403,
            annen=403,
            teamleder=Redirect("dashboards:team"),
            kontorleder=Redirect("dashboards:team"),
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        data=lambda w, c: {"name": "Høsten", "fra": "2026-09-01"},
    ),
    "dashboards:filter_delete": Route(
        POST=expect(
            anonym=LOGIN,
            spesialist=403,
            kollega=403,
            annen=403,
            teamleder=Redirect("dashboards:team"),
            kontorleder=404,
            fylke=403,
            direktorat=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": _saved_filter(w).pk},
        note="A saved filter is its owner's: the office head gets 404 on the team lead's.",
    ),
    # Reports: counts only, for the directorate and the county coordinators.
    "reporting:maaltall": Route(GET=REPORT_READERS),
    "reporting:maaltall_csv": Route(GET=REPORT_READERS),
    "reporting:outcomes": Route(GET=REPORT_READERS),
    "reporting:outcomes_csv": Route(GET=REPORT_READERS),
    "reporting:targets": Route(
        GET=only("direktorat", 200),
        POST=only("direktorat", Redirect("reporting:targets")),
        data=lambda w, c: {
            "office": w.home_office.pk,
            "year": 2026,
            "expected_at_year_end": 30,
            "expected_average": 25,
        },
    ),
    "reporting:pdf_request": Route(
        POST={
            **REPORT_READERS,
            "fylke": Redirect("reporting:pdf"),
            "direktorat": Redirect("reporting:pdf"),
        },
        data=lambda w, c: {"kind": "maaltall", "year": 2026},
        note="The task is queued after commit; the test's transaction never commits.",
    ),
    "reporting:pdf": Route(
        GET={**REPORT_READERS, "fylke": 404},
        kwargs=lambda w: {"pk": _report_pdf(w).pk},
        note="A report's PDF is for the one who asked for it.",
    ),
    "reporting:pdf_download": Route(
        GET={**REPORT_READERS, "fylke": 404}, kwargs=lambda w: {"pk": _report_pdf(w).pk}
    ),
    **HALFYEAR_ROUTES,
    **FIDELITY_ROUTES,
    **API_ROUTES,
    **IMPORT_ROUTES,
    # The admin: reference data, administrators only.
    "admin:index": Route(GET=admin_only(200), POST=admin_only(200), note="Answers POST as GET."),
    "admin:app_list": Route(
        GET=admin_only(200),
        POST=admin_only(200),
        kwargs=lambda w: {"app_label": "organisation"},
        note="Answers POST as GET.",
    ),
    "admin:login": Route(
        GET=expect(**{p: LOGIN for p in PERSONAS if p != "admin"}, admin=Redirect("admin:index")),
        POST=expect(**{p: LOGIN for p in PERSONAS if p != "admin"}, admin=Redirect("admin:index")),
        note="There is one login page, /login/; the admin's sends people there.",
    ),
    "admin:logout": Route(POST=admin_only(Redirect("login"))),
    "admin:password_change": Route(
        GET=admin_only(200),
        POST=admin_only(Redirect("admin:password_change_done")),
        data=lambda w, c: {
            "old_password": "demo",
            "new_password1": "Nytt-passord-for-admin-2026",
            "new_password2": "Nytt-passord-for-admin-2026",
        },
    ),
    "admin:password_change_done": Route(GET=admin_only(200)),
    "admin:jsi18n": Route(GET=admin_only(200)),
    **_admin_model_routes(
        "organisation_county",
        _county,
        add_data=lambda w, c: {"number": "99", "name": "Testfylke"},
        change_data=_change("admin:organisation_county_change", _county, name="Nytt navn"),
    ),
    **_admin_model_routes(
        "organisation_office",
        _office,
        add_data=lambda w, c: {"name": "NAV Nytt kontor", "county": w.spare["county"].pk},
        change_data=_change("admin:organisation_office_change", _office, name="NAV Nytt navn"),
    ),
    **_admin_model_routes(
        "organisation_team",
        _team,
        add_data=lambda w, c: {"name": "Nytt team", "office": w.spare["office"].pk},
        change_data=_change("admin:organisation_team_change", _team, name="Nytt navn"),
    ),
    **_admin_model_routes(
        "organisation_user",
        _user,
        add_data=lambda w, c: {
            "username": "ny.bruker",
            "password1": "Et-langt-passord-2026",
            "password2": "Et-langt-passord-2026",
            "usable_password": "true",
            "role": "directorate",
        },
        change_data=_change("admin:organisation_user_change", _user, last_name="Nytt navn"),
    ),
    "admin:auth_user_password_change": Route(
        GET=admin_only(200),
        POST=admin_only(Redirect("admin:organisation_user_change")),
        kwargs=lambda w: {"id": w.spare["user"].pk},
        data=lambda w, c: {
            "password1": "Et-langt-passord-2026",
            "password2": "Et-langt-passord-2026",
            "usable_password": "true",
        },
    ),
    **_admin_model_routes(
        "organisation_groupmapping",
        _mapping,
        add_data=lambda w, c: {
            "group_id": "grp-ny",
            "description": "Ny gruppe",
            "office": w.spare["office"].pk,
        },
        change_data=_change(
            "admin:organisation_groupmapping_change", _mapping, description="Endret"
        ),
    ),
    **_admin_model_routes(
        "programmes_programme",
        _programme,
        add_data=lambda w, c: {
            "name": "Nytt program",
            "code": "nytt-program",
            "run_by": "nav_office",
            "is_active": "on",
            **_INLINE_EMPTY,
        },
        change_data=_change("admin:programmes_programme_change", _programme, name="Nytt navn"),
    ),
}
