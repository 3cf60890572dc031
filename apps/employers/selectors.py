from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from apps.cases.selectors import cases_visible_to
from apps.contacts.models import Contact
from apps.employers.models import Employer
from apps.organisation.models import User


def _latest_at_office(office_id: int | None) -> QuerySet[Contact]:
    return Contact.objects.filter(employer=OuterRef("pk"), office_id=office_id or 0).order_by(
        "-occurred_at", "-id"
    )


def with_last_contact(employers: QuerySet[Employer], user: User) -> QuerySet[Employer]:
    """Annotate who at the user's office last contacted each employer, and when (one query)."""
    latest = _latest_at_office(user.office_id)
    return employers.annotate(
        last_contact_at=Subquery(latest.values("occurred_at")[:1]),
        last_contact_by=Subquery(
            latest.annotate(
                name=Concat(F("author__first_name"), Value(" "), F("author__last_name"))
            ).values("name")[:1]
        ),
    )


def employers_search(query: str, user: User) -> QuerySet[Employer]:
    """By name, or by organisation number (spaces ignored)."""
    employers = Employer.objects.all()
    query = query.strip()
    if query:
        digits = query.replace(" ", "")
        employers = employers.filter(
            Q(name__icontains=query) | Q(orgnr__startswith=digits)
            if digits.isdigit()
            else Q(name__icontains=query)
        )
    return with_last_contact(employers, user).order_by("name")[:100]


@dataclass(frozen=True)
class EmployerContactRow:
    contact: Contact
    note_visible: bool


def employer_contacts(employer: Employer, user: User) -> list[EmployerContactRow]:
    """The office's contacts with the firm. A note about a case the user may not read is hidden;
    that the contact happened, by whom and when, is not."""
    contacts = list(
        Contact.objects.filter(employer=employer, office_id=user.office_id or 0)
        .select_related("author", "contact_person")
        .order_by("-occurred_at", "-id")[:50]
    )
    readable = set(
        cases_visible_to(user)
        .filter(pk__in=[c.case_id for c in contacts if c.case_id])
        .values_list("pk", flat=True)
    )
    return [EmployerContactRow(c, c.case_id is None or c.case_id in readable) for c in contacts]
