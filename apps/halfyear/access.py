"""Who may do what with a half-yearly form: each rule written once.

The form belongs to an office. Its specialists, team leads and office head read it (nobody from
another office: the selectors give them 404); roles that never see persons get 403 in the views.
Completing a row is changing what is said about a case, so it follows the case's own rule
(``apps.cases.access.case_scope`` with CHANGE): the owner, the co-owner, the team lead, the office
head. Signing and sending back are for the office's team leads, and the preparer never signs.
"""

from __future__ import annotations

from apps.cases.access import CaseAction, case_scope
from apps.halfyear.models import HalfYearForm, HalfYearRow
from apps.organisation.access import Scope
from apps.organisation.models import PERSON_DATA_ROLES, Role, User


def form_scope(user: User) -> Scope:
    """The forms ``user`` may read: their own office's, for the roles that work with people."""
    if not user.is_authenticated or not user.is_active:
        return Scope.nothing()
    if user.role not in PERSON_DATA_ROLES or user.office_id is None:
        return Scope.nothing()
    return Scope.anyof({"office_id": user.office_id})


def may_read(user: User, form: HalfYearForm) -> bool:
    return form_scope(user).matches(form)


def is_team_lead_of(user: User, form: HalfYearForm) -> bool:
    return may_read(user, form) and user.role == Role.TEAM_LEAD


def may_sign(user: User, form: HalfYearForm) -> bool:
    """A team lead of the form's office who did not prepare it (the state is checked apart)."""
    return is_team_lead_of(user, form) and form.preparer_id != user.pk


def may_complete(user: User, row: HalfYearRow) -> bool:
    return may_read(user, row.form) and case_scope(user, CaseAction.CHANGE).matches(row.case)
