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
    - A shielded (skjermet) participant's cases are left out for anyone without that right.
    """
    if not user.is_authenticated or not user.is_active:
        return Scope.nothing()
    # A shielded participant (a NAV employee) is outside every scope of staff without the right.
    shield: dict[str, object] = {} if user.may_see_skjermet else {"participant__skjermet": False}
    own = ({"owner_id": user.pk, **shield}, {"co_owner_id": user.pk, **shield})
    if user.role == Role.SPECIALIST:
        if action == CaseAction.CHANGE:
            return Scope.anyof(*own)
        return Scope.anyof({"team_id__in": user.team_ids, **shield}, *own)
    if user.role == Role.TEAM_LEAD:
        return Scope.anyof({"team_id__in": user.team_ids, **shield})
    if user.role == Role.OFFICE_HEAD and user.office_id is not None:
        return Scope.anyof({"office_id": user.office_id, **shield})
    return Scope.nothing()
