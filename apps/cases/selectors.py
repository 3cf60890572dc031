from __future__ import annotations

from django.db.models import QuerySet

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import Case
from apps.organisation.models import User


def cases_for(user: User, action: CaseAction = CaseAction.VIEW) -> QuerySet[Case]:
    """Every case ``user`` may act on in the given way: the one place case access is scoped."""
    return Case.objects.filter(case_scope(user, action).as_q())


def cases_visible_to(user: User) -> QuerySet[Case]:
    return cases_for(user, CaseAction.VIEW)
