"""The programme's rules as warnings on a case: deadlines, not walls (DOMAIN.md).

A pure function of the case and a few facts the selectors annotate, so the worklist computes
every case's warnings without a query of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.cases.models import Case, CaseStatus

SOON_DAYS = 14


@dataclass(frozen=True)
class Deadline:
    code: str
    message: str
    due: datetime.date

    def overdue(self, today: datetime.date) -> bool:
        return self.due < today

    def soon(self, today: datetime.date) -> bool:
        return today <= self.due <= today + datetime.timedelta(days=SOON_DAYS)


def _date(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localdate(value)
    return value


def case_deadlines(
    case: Case,
    *,
    last_contact: datetime.date | datetime.datetime | None,
    first_employer_contact: datetime.date | datetime.datetime | None,
) -> list[Deadline]:
    """Every open deadline the programme's rules (the case's own version) set for this case."""
    rules = case.rules
    last = _date(last_contact)
    employer = _date(first_employer_contact)
    days = datetime.timedelta
    deadlines: list[Deadline] = []
    if case.status in (CaseStatus.REFERRED, CaseStatus.INTAKE):
        if last is None:
            deadlines.append(
                Deadline(
                    "first_contact",
                    _("First contact within %(days)s days of the referral")
                    % {"days": rules.intake_contact_days},
                    case.referral_date + days(rules.intake_contact_days),
                )
            )
        if case.intake_talk_date is None:
            deadlines.append(
                Deadline(
                    "intake_talk",
                    _("Intake talk within %(days)s days of the referral")
                    % {"days": rules.intake_talk_days},
                    case.referral_date + days(rules.intake_talk_days),
                )
            )
        deadlines.append(
            Deadline(
                "decision",
                _("Decision within %(days)s days of the referral") % {"days": rules.decision_days},
                case.referral_date + days(rules.decision_days),
            )
        )
    if case.status == CaseStatus.ACTIVE and case.participant_since is not None:
        since = max(d for d in (last, case.participant_since) if d is not None)
        deadlines.append(
            Deadline(
                "no_contact",
                _("Contact at least every %(days)s days") % {"days": rules.no_contact_days},
                since + days(rules.no_contact_days),
            )
        )
        if employer is None:
            deadlines.append(
                Deadline(
                    "first_employer_contact",
                    _("First employer contact within %(days)s days")
                    % {"days": rules.first_employer_contact_days},
                    case.participant_since + days(rules.first_employer_contact_days),
                )
            )
    if case.status in (CaseStatus.ACTIVE, CaseStatus.PAUSED) and case.participant_since is not None:
        end = rules.maximum_end(case.participant_since)
        if end is not None:
            deadlines.append(
                Deadline("maximum_duration", _("Maximum duration of the programme"), end)
            )
    return sorted(deadlines, key=lambda d: d.due)


def warnings(deadlines: list[Deadline], today: datetime.date) -> list[Deadline]:
    """The deadlines that are passed or within two weeks."""
    return [d for d in deadlines if d.overdue(today) or d.soon(today)]


def next_due(deadlines: list[Deadline]) -> Deadline | None:
    return deadlines[0] if deadlines else None
