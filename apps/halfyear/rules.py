"""Object permissions for half-yearly forms, read from the same rules as the selectors."""

from __future__ import annotations

import rules

from apps.halfyear import access
from apps.halfyear.models import HalfYearForm, HalfYearRow
from apps.organisation.models import User


@rules.predicate
def can_view_form(user: User, form: HalfYearForm) -> bool:
    return access.may_read(user, form)


@rules.predicate
def can_sign_form(user: User, form: HalfYearForm) -> bool:
    return access.may_sign(user, form)


@rules.predicate
def can_complete_row(user: User, row: HalfYearRow) -> bool:
    return access.may_complete(user, row)


rules.add_perm("halfyear.view_form", can_view_form)
rules.add_perm("halfyear.sign_form", can_sign_form)
rules.add_perm("halfyear.complete_row", can_complete_row)
