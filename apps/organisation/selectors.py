from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from apps.cases.models import OPEN_STATUSES, CaseStatus
from apps.organisation.models import County, Office, Role, Team, User


@dataclass(frozen=True)
class MemberCaseload:
    member: User
    open_cases: int
    active_cases: int


@dataclass(frozen=True)
class TeamCaseload:
    team: Team
    members: list[MemberCaseload]

    @property
    def open_cases(self) -> int:
        return sum(m.open_cases for m in self.members)


def team_caseloads(*, teams: QuerySet[Team]) -> list[TeamCaseload]:
    """Each team's specialists with their open and active case counts, in three queries."""
    team_list = list(teams.select_related("office").order_by("name"))
    memberships = list(
        User.teams.through.objects.filter(
            team__in=team_list, user__role=Role.SPECIALIST, user__is_active=True
        ).values_list("team_id", "user_id")
    )
    # Counted on the users alone, so that a specialist in two teams is not counted twice.
    users = User.objects.filter(pk__in={user_id for _, user_id in memberships}).annotate(
        open_cases=Count("owned_cases", filter=Q(owned_cases__status__in=OPEN_STATUSES)),
        active_cases=Count("owned_cases", filter=Q(owned_cases__status=CaseStatus.ACTIVE)),
    )
    by_id = {user.pk: user for user in users}
    by_team: dict[int, list[MemberCaseload]] = {team.pk: [] for team in team_list}
    for team_id, user_id in memberships:
        user = by_id[user_id]
        by_team[team_id].append(MemberCaseload(user, user.open_cases, user.active_cases))
    return [
        TeamCaseload(team, sorted(by_team[team.pk], key=lambda m: str(m.member)))
        for team in team_list
    ]


def open_caseloads(user_ids: list[int]) -> dict[int, int]:
    """Open cases owned by each of the given specialists, in one query."""
    from apps.cases.models import Case

    rows = (
        Case.objects.filter(owner_id__in=user_ids, status__in=OPEN_STATUSES)
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    return dict(rows)


def office_staffing(*, county: County) -> QuerySet[Office]:
    return (
        Office.objects.filter(county=county)
        .annotate(
            team_count=Count("teams", distinct=True),
            specialist_count=Count(
                "staff", filter=Q(staff__role=Role.SPECIALIST, staff__is_active=True), distinct=True
            ),
        )
        .order_by("name")
    )


def county_staffing() -> QuerySet[County]:
    return County.objects.annotate(
        office_count=Count("offices", distinct=True),
        specialist_count=Count(
            "offices__staff",
            filter=Q(offices__staff__role=Role.SPECIALIST, offices__staff__is_active=True),
            distinct=True,
        ),
    ).order_by("number")
