"""Object permissions for cases, read from the same scopes the selectors filter with."""

from __future__ import annotations

import rules

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import Case
from apps.organisation.models import User


@rules.predicate
def can_view_case(user: User, case: Case) -> bool:
    return case_scope(user, CaseAction.VIEW).matches(case)


@rules.predicate
def can_change_case(user: User, case: Case) -> bool:
    return case_scope(user, CaseAction.CHANGE).matches(case)


@rules.predicate
def can_log_contact_on_case(user: User, case: Case) -> bool:
    return case_scope(user, CaseAction.LOG_CONTACT).matches(case)


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.change_case", can_change_case)
rules.add_perm("cases.log_contact_on_case", can_log_contact_on_case)
