"""Placements, agreements and mentors are read through the cases they belong to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.cases.access import CaseAction
from apps.cases.models import Case
from apps.cases.selectors import cases_for
from apps.employers.models import Employer
from apps.organisation.models import User
from apps.placements.models import Placement

MENTOR_GRACE = datetime.timedelta(days=14)


def placements_for(user: User, action: CaseAction = CaseAction.VIEW) -> QuerySet[Placement]:
    return Placement.objects.filter(case__in=cases_for(user, action))


def placements_without_mentor(
    cases: QuerySet[Case] | Q, today: datetime.date
) -> QuerySet[Placement]:
    """Ongoing placements two weeks in with no mentor proposed or active (003 L679: 6 of 26).

    ``cases`` is a queryset of cases, or a filter on placements through their case
    (``Scope.as_q("case")``), which joins the cases instead of asking for their ids: for a team
    at national scale, 11 -> 2 ms."""
    from apps.mentors.models import MentorAssignment, MentorStatus

    mentors = MentorAssignment.objects.filter(placement=OuterRef("pk")).exclude(
        status=MentorStatus.ENDED
    )
    through_case = cases if isinstance(cases, Q) else Q(case__in=cases)
    return (
        Placement.objects.filter(
            through_case, ended_on__isnull=True, start_on__lte=today - MENTOR_GRACE
        )
        .annotate(has_mentor=Exists(mentors))
        .filter(has_mentor=False)
    )


@dataclass(frozen=True)
class OfficePlacement:
    placement: Placement
    readable: bool  # the user may read the case: the participant is named and linked


@dataclass(frozen=True)
class EmployerActivity:
    office: list[OfficePlacement]  # the user's office's placements, in full
    other_offices: int  # elsewhere: a count only


def employer_activity(employer: Employer, user: User) -> EmployerActivity:
    """The firm's placements with their agreements and mentors (DOMAIN.md): the user's office's in
    full, other offices' as a count. Who the participant is shows only where the user may read the
    case; the placement, its agreement and its mentor are the office's shared knowledge of the firm.
    """
    readable = set(
        cases_for(user, CaseAction.VIEW)
        .filter(placements__employer=employer)
        .values_list("pk", flat=True)
    )
    office = [
        OfficePlacement(p, p.case_id in readable)
        for p in Placement.objects.filter(employer=employer, case__office_id=user.office_id or 0)
        .select_related("case__participant")
        .prefetch_related("agreements", "mentors")
    ]
    elsewhere = (
        Placement.objects.filter(employer=employer)
        .exclude(case__office_id=user.office_id or 0)
        .count()
    )
    return EmployerActivity(office, elsewhere)


@dataclass(frozen=True)
class CaseEmployerSide:
    """What the case page shows of the employer side: the placements with their agreements and
    mentors, the warnings they raise, and the stage an agreement in force suggests."""

    placements: list[Placement]
    notices: list[str]
    suggested_stage: int | None


def case_employer_side(case: Case, today: datetime.date) -> CaseEmployerSide:
    """Three queries whatever the number of placements (the case page's query count is tested)."""
    from django.utils.translation import gettext as _

    from apps.agreements.models import AgreementStatus
    from apps.mentors.models import MentorStatus

    placements = list(
        Placement.objects.filter(case=case)
        .select_related("employer")
        .prefetch_related("agreements", "mentors")
    )
    notices: list[str] = []
    for placement in placements:
        mentors = [m for m in placement.mentors.all() if m.status != MentorStatus.ENDED]
        if (
            placement.is_ongoing(today)
            and not mentors
            and placement.start_on <= today - MENTOR_GRACE
        ):
            notices.append(
                _("The placement at %(employer)s has had no mentor since it began on %(start)s.")
                % {
                    "employer": placement.employer.name,
                    "start": placement.start_on.strftime("%d.%m.%Y"),
                }
            )
        if placement.extensions >= 2:
            notices.append(
                _(
                    "The placement at %(employer)s has been extended %(count)s times. "
                    "Talk with the employer about whether it will lead to work."
                )
                % {"employer": placement.employer.name, "count": placement.extensions}
            )
    in_force = any(
        a.status == AgreementStatus.ACTIVE for p in placements for a in p.agreements.all()
    )
    stage = getattr(case, "current_stage", None) or 0
    return CaseEmployerSide(
        placements=placements,
        notices=notices,
        suggested_stage=4 if in_force and stage < 4 else None,
    )
