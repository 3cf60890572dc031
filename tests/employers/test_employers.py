"""The employer register: numbers checked, no duplicates, and the office sees who called last."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from apps.contacts.models import Contact
from apps.contacts.services import contact_log
from apps.employers.models import Employer
from tests.agreements.factories import ORGNRS, employer, placement

pytestmark = pytest.mark.django_db


def log_employer_contact(
    world,
    persona: str,
    firm: Employer,
    *,
    case=None,
    days_ago: int = 0,
    note: str = "Ringte om praksis",
):  # type: ignore[no-untyped-def]
    return contact_log(
        actor=world.user(persona),
        case=case,
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago, minutes=5),
        channel="phone",
        place="none",
        with_whom=["employer"],
        initiative="specialist",
        duration_minutes=10,
        activity="employer",
        note=note,
        employer=firm,
    )


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        ("910000005", "Dette er ikke et gyldig organisasjonsnummer"),
        ("91000000", "Et organisasjonsnummer har ni sifre"),
        ("91000000X", "Et organisasjonsnummer har ni sifre"),
    ],
)
def test_a_bad_organisation_number_is_refused_in_norwegian(
    world, client_as, orgnr: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    before = Employer.objects.count()
    response = client_as("spesialist").post(
        "/arbeidsgivere/ny/", {"orgnr": orgnr, "name": "Feil AS", "sector": "private"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Employer.objects.count() == before


def test_a_known_number_leads_to_the_firm_already_registered(world, client_as) -> None:  # type: ignore[no-untyped-def]
    firm = world.employer
    before = Employer.objects.count()
    response = client_as("kollega").post(
        "/arbeidsgivere/ny/",
        {
            "orgnr": f"{firm.orgnr[:3]} {firm.orgnr[3:6]} {firm.orgnr[6:]}",
            "name": "Annet navn AS",
            "sector": "public",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/arbeidsgivere/{firm.pk}/"
    assert "allerede registrert" in response.content.decode()
    assert Employer.objects.count() == before
    firm.refresh_from_db()
    assert firm.name == "Lager og Logistikk AS", "the existing firm is not overwritten"


def test_search_by_name_or_number(world, client_as) -> None:  # type: ignore[no-untyped-def]
    employer(world.user("spesialist"), ORGNRS[1], "Kafé Solsiden AS")
    client = client_as("spesialist")
    by_name = client.get("/arbeidsgivere/", {"q": "solsid"}).content.decode()
    assert "Kafé Solsiden AS" in by_name
    assert "Lager og Logistikk" not in by_name
    by_number = client.get("/arbeidsgivere/", {"q": "910 000 0"}).content.decode()
    assert "Kafé Solsiden AS" in by_number
    assert "Lager og Logistikk" in by_number
    by_full_number = client.get("/arbeidsgivere/", {"q": ORGNRS[1]}).content.decode()
    assert "Kafé Solsiden AS" in by_full_number
    assert "Lager og Logistikk" not in by_full_number


def test_the_office_sees_who_called_last_and_another_office_does_not(world, client_as) -> None:  # type: ignore[no-untyped-def]
    firm = world.employer
    log_employer_contact(world, "spesialist", firm, days_ago=3)
    log_employer_contact(world, "kollega", firm, days_ago=1)
    log_employer_contact(world, "annen", firm, days_ago=0)
    kollega = world.user("kollega")
    for persona in ("spesialist", "teamleder"):
        listing = client_as(persona).get("/arbeidsgivere/").content.decode()
        assert kollega.get_full_name() in listing, persona
    page = client_as("spesialist").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    assert f"Sist kontaktet fra ditt kontor av {kollega.get_full_name()}" in page
    elsewhere = client_as("annen").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    assert world.user("annen").get_full_name() in elsewhere
    assert kollega.get_full_name() not in elsewhere, "another office's calls stay there"


def test_a_note_about_a_case_the_reader_may_not_see_is_hidden(world, client_as) -> None:  # type: ignore[no-untyped-def]
    firm = world.employer
    log_employer_contact(
        world, "spesialist", firm, case=world.skjermet_case, note="Hemmelig om skjermet"
    )
    assert (
        "Hemmelig om skjermet"
        in client_as("spesialist").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    )
    page = client_as("kollega").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    assert "Hemmelig om skjermet" not in page
    assert "Om en sak du ikke har tilgang til" in page


def test_the_employer_page_shows_the_office_in_full_and_other_offices_as_a_count(
    world, client_as
) -> None:  # type: ignore[no-untyped-def]
    firm = world.employer
    theirs_placement = placement(world.other_office_case, world.user("annen"), employer=firm)
    mine = client_as("spesialist").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    assert f"/arbeid/{world.placement.pk}/" in mine
    assert "Per Fadder" in mine
    assert "Og 1 arbeidsforhold ved andre kontorer" in mine
    assert f"/arbeid/{theirs_placement.pk}/" not in mine
    theirs = client_as("annen").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    assert f"/arbeid/{theirs_placement.pk}/" in theirs
    assert f"/arbeid/{world.placement.pk}/" not in theirs
    assert "Per Fadder" not in theirs


def test_the_office_sees_a_colleagues_placement_without_the_participant(world, client_as) -> None:  # type: ignore[no-untyped-def]
    """kollega cannot read the shielded case: the placement shows, the person does not."""
    firm = world.employer
    placement(world.skjermet_case, world.user("spesialist"), employer=firm)
    page = client_as("kollega").get(f"/arbeidsgivere/{firm.pk}/").content.decode()
    assert world.skjermet_case.participant.full_name not in page
    assert "En deltaker du ikke følger" in page


def test_an_employer_contact_can_name_a_case_and_appears_on_its_timeline(world, client_as) -> None:  # type: ignore[no-untyped-def]
    firm = world.employer
    client = client_as("spesialist")
    response = client.post(
        f"/arbeidsgivere/{firm.pk}/kontakter/",
        {
            "contact-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "contact-channel": "workplace_visit",
            "contact-case": world.case.pk,
            "contact-duration_minutes": "30",
            "contact-note": "Besøk på lageret",
        },
    )
    assert response.status_code == 302
    timeline = client.get(f"/saker/{world.case.pk}/").content.decode()
    assert "Besøk på lageret" in timeline


def test_an_employer_contact_cannot_name_another_offices_case(world, client_as) -> None:  # type: ignore[no-untyped-def]
    firm = world.employer
    response = client_as("spesialist").post(
        f"/arbeidsgivere/{firm.pk}/kontakter/",
        {
            "contact-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "contact-channel": "phone",
            "contact-case": world.other_office_case.pk,
            "contact-duration_minutes": "10",
        },
    )
    assert response.status_code == 400
    assert not Contact.objects.filter(employer=firm).exists()
