"""Demo organisation: offices named in the seed reports, their teams, and the demo personas.

Used by ``manage.py demo_data`` and by the tests, so that the personas of STYLE.md are the same
people everywhere. Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.organisation.models import County, Office, Role, Team, User

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo password, refused in production.

# (county number, office, unit number, teams). Offices from reports 000-003.
OFFICES: list[tuple[str, str, str, list[str]]] = [
    ("03", "NAV Østensjø", "0312", ["Arbeid og inkludering", "Kvalifiseringsprogrammet"]),
    ("03", "NAV Sagene", "0314", ["Oppfølging"]),
    ("03", "NAV Østbyen", "0315", ["Jobbspesialister"]),
    ("31", "NAV Fredrikstad", "0106", ["AAP som lønnstilskudd"]),
    ("31", "NAV Sarpsborg", "0105", ["AAP som lønnstilskudd"]),
    ("42", "NAV Kristiansand", "1001", ["Arbeidsrettet oppfølging"]),
    ("46", "NAV Bergenhus", "1203", ["Jobbspesialister"]),
    ("46", "NAV Fyllingsdalen", "1204", ["Jobbspesialister"]),
    ("46", "NAV Laksevåg", "1205", ["Jobbspesialister"]),
    ("55", "NAV Tromsø", "1902", ["Tromsøpakken"]),
    ("34", "NAV Kongsvinger", "0402", ["Kjerneoppgaver"]),
    ("50", "NAV Heimdal", "5701", ["Kjerneoppgaver"]),
    ("40", "NAV Bamble", "0814", ["Kjerneoppgaver"]),
    ("32", "NAV Ski", "0213", ["Kjerneoppgaver"]),
]


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: Role
    office: str | None = None
    teams: tuple[str, ...] = ()
    county: str | None = None
    may_see_skjermet: bool = False


HOME_OFFICE = "NAV Østensjø"
HOME_TEAM = "Arbeid og inkludering"

PERSONAS = [
    # spesialist and teamleder handle shielded participants (NAV employees); kollega and
    # kontorleder do not, so the demo shows both sides of that rule.
    Persona(
        "spesialist",
        "Sara",
        "Nilsen",
        Role.SPECIALIST,
        HOME_OFFICE,
        (HOME_TEAM,),
        may_see_skjermet=True,
    ),
    Persona("kollega", "Jonas", "Berg", Role.SPECIALIST, HOME_OFFICE, (HOME_TEAM,)),
    Persona("annen", "Ingrid", "Dahl", Role.SPECIALIST, "NAV Sagene", ("Oppfølging",)),
    Persona(
        "teamleder",
        "Per",
        "Hansen",
        Role.TEAM_LEAD,
        HOME_OFFICE,
        (HOME_TEAM,),
        may_see_skjermet=True,
    ),
    Persona("kontorleder", "Anne", "Lie", Role.OFFICE_HEAD, HOME_OFFICE),
    Persona("fylke", "Ola", "Bakken", Role.COUNTY_COORDINATOR, county="03"),
    Persona("direktorat", "Eva", "Strand", Role.DIRECTORATE),
    Persona("admin", "Lars", "Moen", Role.ADMINISTRATOR),
]


def load_organisation() -> dict[str, User]:
    """Create the demo offices, teams and personas; return the personas by username."""
    teams: dict[tuple[str, str], Team] = {}
    for county_number, office_name, unit_number, team_names in OFFICES:
        office, _ = Office.objects.update_or_create(
            name=office_name,
            defaults={
                "county": County.objects.get(number=county_number),
                "unit_number": unit_number,
            },
        )
        for team_name in team_names:
            teams[(office_name, team_name)], _ = Team.objects.get_or_create(
                office=office, name=team_name
            )

    users: dict[str, User] = {}
    for persona in PERSONAS:
        user, created = User.objects.update_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@jobbspor.invalid",
                "role": persona.role,
                "office": Office.objects.get(name=persona.office) if persona.office else None,
                "county": County.objects.get(number=persona.county) if persona.county else None,
                "is_active": True,
                "may_see_skjermet": persona.may_see_skjermet,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.teams.set([teams[(persona.office, name)] for name in persona.teams if persona.office])
        users[persona.username] = user
    return users
