"""Who may do what with a case: each rule written once as a Scope (see apps.organisation.access)."""

from __future__ import annotations

from enum import StrEnum

from apps.organisation.access import Scope
from apps.organisation.models import Role, User


class CaseAction(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    LOG_CONTACT = "log_contact"


def case_scope(user: User, action: CaseAction) -> Scope:
    """The cases ``user`` may act on.

    - A job specialist reads the cases of their teams (to cover for a teammate) and may log
      contacts on them, but changes only the cases they own or co-own.
    - A team lead reads and changes every case of the teams they lead.
    - An office head does the same for the whole office.
    - Every other role sees no case at all.
    """
    if not user.is_authenticated or not user.is_active:
        return Scope.nothing()
    own = ({"owner_id": user.pk}, {"co_owner_id": user.pk})
    if user.role == Role.SPECIALIST:
        if action == CaseAction.CHANGE:
            return Scope.anyof(*own)
        return Scope.anyof({"team_id__in": user.team_ids}, *own)
    if user.role == Role.TEAM_LEAD:
        return Scope.anyof({"team_id__in": user.team_ids})
    if user.role == Role.OFFICE_HEAD and user.office_id is not None:
        return Scope.anyof({"office_id": user.office_id})
    return Scope.nothing()
