"""What the logs say about a team's way of working, one function per metric a scale item names.

Each metric takes the team, the period and the user reading it, and returns a ``Measurement``:
the value the item's thresholds score, and the ids of the cases behind it (the review links to
them). The team's cases follow the dashboard's convention (``apps.dashboards.selectors``): cases
owned by the team's specialists, among those the user may read; contacts are the specialists' own.
Counts are SQL aggregates; only the per-case day arithmetic is done in Python.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cases.models import OPEN_STATUSES, Case, CaseStatus
from apps.cases.selectors import cases_visible_to
from apps.contacts.models import FACE_TO_FACE, Contact, Place
from apps.dashboards.selectors import Period
from apps.organisation.models import Role, Team, User
from apps.placements.models import PAID_KINDS, Placement

HUNDRED = Decimal(100)
# The evidence stores the labels in the language of the request that made the review.
DETAIL_LABELS = {
    "open_cases": _("open cases"),
    "specialists": _("job specialists"),
    "cases": _("cases"),
    "contacts": _("contacts"),
    "weeks": _("weeks"),
    "in_person": _("contacts in person"),
    "outside": _("outside the NAV office"),
    "placements": _("placements"),
    "paid": _("paid work"),
    "employers": _("employers"),
    "job_types": _("job types"),
    "employed": _("in paid work"),
    "followed_up": _("followed up after the start"),
    "months_on_average": _("months of follow-up on average"),
    "referred": _("referred"),
    "rejected": _("rejected at intake"),
}


@dataclass(frozen=True)
class Measurement:
    value: Decimal | None
    unit: Any  # a lazy translation, resolved when the evidence is stored
    case_ids: frozenset[int] = frozenset()
    # Numerator and denominator, or the counts the value came from, for the evidence column.
    detail: dict[str, Any] = field(default_factory=dict)

    def evidence(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else str(self.value),
            "unit": str(self.unit),
            "detail": {str(DETAIL_LABELS.get(k, k)): str(v) for k, v in self.detail.items()},
        }


@dataclass(frozen=True)
class Scope:
    """The team's specialists and the cases they own that ``user`` may read."""

    team: Team
    period: Period
    specialist_ids: frozenset[int]
    cases: QuerySet[Case]

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.period.first, datetime.time.min))

    @property
    def end(self) -> datetime.datetime:
        day = self.period.last + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def contacts(self) -> QuerySet[Contact]:
        return Contact.objects.filter(
            author_id__in=self.specialist_ids, occurred_at__gte=self.start, occurred_at__lt=self.end
        )

    def placements(self) -> QuerySet[Placement]:
        return Placement.objects.filter(
            case__in=self.cases,
            start_on__gte=self.period.first,
            start_on__lte=self.period.last,
        )


def scope_for(*, user: User, team: Team, period: Period) -> Scope:
    specialist_ids = frozenset(
        User.objects.filter(role=Role.SPECIALIST, is_active=True, teams=team).values_list(
            "pk", flat=True
        )
    )
    cases = cases_visible_to(user).filter(owner_id__in=specialist_ids)
    return Scope(team=team, period=period, specialist_ids=specialist_ids, cases=cases)


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    return _one_decimal(HUNDRED * part / whole) if whole else None


def _ids(values: Any) -> frozenset[int]:
    return frozenset(int(v) for v in values if v is not None)


def caseload_per_specialist(s: Scope) -> Measurement:
    """Open cases (referred, intake, active, paused) per specialist of the team, today."""
    ids = _ids(s.cases.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    n = len(s.specialist_ids)
    value = _one_decimal(Decimal(len(ids)) / n) if n else None
    return Measurement(
        value, _("cases per specialist"), ids, {"open_cases": len(ids), "specialists": n}
    )


def days_to_employer_contact(s: Scope) -> Measurement:
    """Average days from intake (the intake talk, or the referral when there was none) to the
    first face-to-face employer contact on the case, over the cases whose first such contact fell
    in the period."""
    rows = list(
        s.cases.annotate(
            first_employer=Min(
                "contacts__occurred_at",
                filter=Q(contacts__with_employer=True, contacts__channel__in=FACE_TO_FACE),
            ),
            intake_on=Coalesce(F("intake_talk_date"), F("referral_date")),
        )
        .filter(first_employer__gte=s.start, first_employer__lt=s.end)
        .values_list("pk", "first_employer", "intake_on")
    )
    days = [max((timezone.localdate(first) - intake).days, 0) for _pk, first, intake in rows]
    value = (
        (Decimal(sum(days)) / len(days)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if days
        else None
    )
    return Measurement(value, _("days on average"), _ids(r[0] for r in rows), {"cases": len(days)})


def employer_contacts_per_week(s: Scope) -> Measurement:
    """Face-to-face employer contacts logged by the team's specialists, per specialist per week."""
    contacts = s.contacts().filter(with_employer=True, channel__in=FACE_TO_FACE)
    n = contacts.count()
    specialists = len(s.specialist_ids)
    value = (
        _one_decimal(Decimal(n) / specialists / s.period.weeks)
        if specialists and s.period.days
        else None
    )
    ids = _ids(
        contacts.filter(case__in=s.cases).values_list("case_id", flat=True).distinct().order_by()
    )
    return Measurement(
        value,
        _("contacts per specialist per week"),
        ids,
        {"contacts": n, "specialists": specialists, "weeks": _one_decimal(s.period.weeks)},
    )


def community_share(s: Scope) -> Measurement:
    """Of the specialists' contacts held in person, the share held outside the NAV office (%)."""
    counts = (
        s.contacts()
        .exclude(place=Place.NONE)
        .aggregate(in_person=Count("pk"), outside=Count("pk", filter=~Q(place=Place.NAV_OFFICE)))
    )
    ids = _ids(
        s.contacts()
        .exclude(place__in=[Place.NONE, Place.NAV_OFFICE])
        .filter(case__in=s.cases)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by()
    )
    return Measurement(_share(counts["outside"], counts["in_person"]), "%", ids, counts)


def competitive_share(s: Scope) -> Measurement:
    """Of the placements started in the period, the share that are paid work (%)."""
    counts = s.placements().aggregate(
        placements=Count("pk"), paid=Count("pk", filter=Q(kind__in=PAID_KINDS))
    )
    ids = _ids(s.placements().values_list("case_id", flat=True))
    return Measurement(_share(counts["paid"], counts["placements"]), "%", ids, counts)


def employer_diversity(s: Scope) -> Measurement:
    """Distinct employers among the placements started in the period, as a share of them (%)."""
    counts = s.placements().aggregate(
        placements=Count("pk"), employers=Count("employer_id", distinct=True)
    )
    ids = _ids(s.placements().values_list("case_id", flat=True))
    return Measurement(_share(counts["employers"], counts["placements"]), "%", ids, counts)


def job_type_diversity(s: Scope) -> Measurement:
    """Distinct job types (the placement's tasks, compared without case or surrounding spaces)
    among the placements started in the period, as a share of them (%)."""
    counts = s.placements().aggregate(
        placements=Count("pk"), job_types=Count(Lower(Trim("tasks")), distinct=True)
    )
    ids = _ids(s.placements().values_list("case_id", flat=True))
    return Measurement(_share(counts["job_types"], counts["placements"]), "%", ids, counts)


def follow_up_after_start(s: Scope) -> Measurement:
    """Participants in paid work (a paid placement started on or before the period's end and not
    ended before it began): the share with a contact on the case after the start and in the
    period, and the average months from the start to the last such contact."""
    placements = Placement.objects.filter(
        case__in=s.cases, kind__in=PAID_KINDS, start_on__lte=s.period.last
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=s.period.first))
    starts: dict[int, datetime.date] = {}
    for case_id, start_on in placements.values_list("case_id", "start_on").order_by("start_on"):
        starts.setdefault(case_id, start_on)
    last_contact = dict(
        s.contacts()
        .filter(case_id__in=list(starts))
        .values("case_id")
        .annotate(last=Max("occurred_at"))
        .values_list("case_id", "last")
    )
    followed = {
        case_id: timezone.localdate(last)
        for case_id, last in last_contact.items()
        if timezone.localdate(last) >= starts[case_id]
    }
    months = [Decimal((day - starts[c]).days) / Decimal("30.4375") for c, day in followed.items()]
    return Measurement(
        _share(len(followed), len(starts)),
        "%",
        frozenset(starts),
        {
            "employed": len(starts),
            "followed_up": len(followed),
            "months_on_average": _one_decimal(sum(months, Decimal(0)) / len(months))
            if months
            else "",
        },
    )


def exclusion_share(s: Scope) -> Measurement:
    """Of the cases referred in the period, the share rejected at intake (%)."""
    referred = s.cases.filter(referral_date__gte=s.period.first, referral_date__lte=s.period.last)
    counts = referred.aggregate(
        referred=Count("pk"), rejected=Count("pk", filter=Q(status=CaseStatus.REJECTED))
    )
    ids = _ids(referred.filter(status=CaseStatus.REJECTED).values_list("pk", flat=True))
    return Measurement(_share(counts["rejected"], counts["referred"]), "%", ids, counts)


METRICS: dict[str, Callable[[Scope], Measurement]] = {
    "caseload_per_specialist": caseload_per_specialist,
    "days_to_employer_contact": days_to_employer_contact,
    "employer_contacts_per_week": employer_contacts_per_week,
    "community_share": community_share,
    "competitive_share": competitive_share,
    "employer_diversity": employer_diversity,
    "job_type_diversity": job_type_diversity,
    "follow_up_after_start": follow_up_after_start,
    "exclusion_share": exclusion_share,
}
