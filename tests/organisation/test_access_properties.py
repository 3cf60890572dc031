"""The selectors (SQL) and the rules predicates (Python) read the same access rules: they agree.

Hypothesis builds random offices, teams, staff of every role and cases, then for every user and
every action compares the ids the selector returns with the cases the predicate admits.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.cases.access import CaseAction
from apps.cases.models import Case, CaseStatus
from apps.cases.selectors import cases_for
from apps.organisation.models import County, Office, Role, Team, User
from apps.programmes.models import Programme
from tests.participants.factories import ParticipantFactory

PERMISSIONS = {
    CaseAction.VIEW: "cases.view_case",
    CaseAction.CHANGE: "cases.change_case",
    CaseAction.LOG_CONTACT: "cases.log_contact_on_case",
}

worlds = st.fixed_dictionaries(
    {
        "teams_per_office": st.lists(st.integers(1, 3), min_size=1, max_size=3),
        "users": st.lists(
            st.tuples(
                st.sampled_from(list(Role)),
                st.integers(0, 8),  # office index (mod the number of offices)
                st.sets(st.integers(0, 8), max_size=2),  # team indices (mod teams in the office)
                st.booleans(),  # active
                st.booleans(),  # may see shielded participants
            ),
            min_size=1,
            max_size=8,
        ),
        "cases": st.lists(
            st.tuples(
                st.integers(0, 20),  # owner index (mod specialists)
                st.one_of(st.none(), st.integers(0, 20)),  # co-owner index
                st.integers(0, 20),  # team index (mod all teams)
                st.sampled_from(list(CaseStatus)),
                st.booleans(),  # the participant is shielded (skjermet)
            ),
            max_size=12,
        ),
    }
)


def build(spec: dict) -> list[User]:  # type: ignore[type-arg]
    county = County.objects.get(number="03")
    offices, teams_by_office = [], []
    for i, team_count in enumerate(spec["teams_per_office"]):
        office = Office.objects.create(name=f"Eiendomskontor {i}", county=county)
        offices.append(office)
        teams_by_office.append(
            [Team.objects.create(office=office, name=f"T{j}") for j in range(team_count)]
        )
    users = []
    for n, (role, office_index, team_indices, active, shield_right) in enumerate(spec["users"]):
        office = offices[office_index % len(offices)]
        user = User.objects.create(
            username=f"u{n}",
            role=role,
            is_active=active,
            may_see_skjermet=shield_right,
            office=office if role in (Role.SPECIALIST, Role.TEAM_LEAD, Role.OFFICE_HEAD) else None,
            county=county if role == Role.COUNTY_COORDINATOR else None,
        )
        if role in (Role.SPECIALIST, Role.TEAM_LEAD):
            office_teams = teams_by_office[offices.index(office)]
            user.teams.set({office_teams[i % len(office_teams)] for i in team_indices})
        users.append(user)
    specialists = [u for u in users if u.role == Role.SPECIALIST]
    all_teams = [team for teams in teams_by_office for team in teams]
    programme = Programme.objects.get(code="ips")
    rules = programme.rule_versions.get()
    if specialists:
        for owner_i, co_i, team_i, status, skjermet in spec["cases"]:
            team = all_teams[team_i % len(all_teams)]
            participant = ParticipantFactory(registered_by_office=team.office, skjermet=skjermet)
            Case.objects.create(
                participant=participant,
                programme=programme,
                rules=rules,
                office=team.office,
                team=team,
                owner=specialists[owner_i % len(specialists)],
                co_owner=None if co_i is None else specialists[co_i % len(specialists)],
                status=status,
                referral_date=datetime.date(2026, 1, 1),
            )
    return users


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=worlds)
def test_selectors_and_rules_predicates_agree(spec: dict) -> None:  # type: ignore[type-arg]
    with transaction.atomic():
        users = build(spec)
        cases = list(Case.objects.all())
        for user in users:
            fresh = User.objects.get(pk=user.pk)  # no cached team ids from building
            for action, permission in PERMISSIONS.items():
                by_selector = set(cases_for(fresh, action).values_list("id", flat=True))
                by_rules = {case.pk for case in cases if fresh.has_perm(permission, case)}
                assert by_selector == by_rules, (fresh.role, action)
        transaction.set_rollback(True)


def test_an_in_rule_needs_a_frozenset() -> None:
    from apps.organisation.access import Scope

    with pytest.raises(TypeError):
        Scope.anyof({"team_id__in": [1, 2]})
