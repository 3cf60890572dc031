"""The team lead's (and office head's) caseload dashboard, per specialist, and the specialist's own.

Every number on the page is the size of a set of cases that this module computes, and the
drill-through page lists exactly that set: the two are one computation, so a number and the cases
behind it can never disagree. The query count does not grow with the team: each fact is read for
the whole team at once (one query each), and the programme rules a deadline needs come with the
cases.

Facts per specialist (the owner of the case; a co-owner's cases count for the owner only, so the
team's totals are sums):

- caseload: open cases (referred, intake, active, paused), against the norm of the programme most
  of them are in (``ProgrammeRules.caseload_norm_low/high``, ``caseload_ceiling``);
- cases per stage, the current stage of each open case;
- overdue checkpoints: open checkpoints due before today ("Til oppfølging" counts the same);
- no contact past the limit, and past the maximum duration: the deadlines of the specialist's own
  worklist (``apps.cases.warnings``), overdue today;
- waiting in stages 1 and 2: open cases whose current stage is 1 or 2, and the longest wait in days
  since the referral;
- contacts in the period by channel (with the participant), per open case and month against the
  programme's minimum of one every ``no_contact_days`` days; time use in hours from the contact log
  (with the participant, with employers, with mentors, other); employer contacts per week;
- placements without a mentor two weeks after their start (``placements_without_mentor``).

Outcomes per team come from ``apps.reporting.measures.rate`` over the team's cases discharged in
the period, so they equal the reports' figures for the same cases.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import OPEN_STATUSES, Case, CaseStatus
from apps.cases.selectors import cases_visible_to, with_worklist_facts
from apps.cases.warnings import case_deadlines
from apps.contacts.models import Channel, Contact
from apps.followups.models import Checkpoint, CheckpointStatus
from apps.organisation.models import Role, Team, User
from apps.placements.selectors import placements_without_mentor
from apps.programmes.models import Programme
from apps.reporting.measures import Rate, rate

FACTS = {
    "caseload": _("Open cases"),
    "stage_1": _("Stage 1"),
    "stage_2": _("Stage 2"),
    "stage_3": _("Stage 3"),
    "stage_4": _("Stage 4"),
    "stage_5": _("Stage 5"),
    "overdue": _("Overdue follow-ups"),
    "no_contact": _("No contact past the limit"),
    "past_maximum": _("Past the maximum duration"),
    "waiting": _("Waiting in stages 1–2"),
    "contacted": _("Cases with contacts in the period"),
    "without_mentor": _("Placements without a mentor"),
}
OUTCOMES = (
    ("in_work_at_discharge@1", None),
    ("in_work_after_discharge@1", 3),
    ("in_work_after_discharge@1", 6),
    ("in_work_after_discharge@1", 12),
)
DAYS_PER_MONTH = Decimal("30.4375")
CHANNEL_LABELS = dict(Channel.choices)


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def months(self) -> Decimal:
        return Decimal(self.days) / DAYS_PER_MONTH

    @property
    def weeks(self) -> Decimal:
        return Decimal(self.days) / 7

    @classmethod
    def default(cls, today: datetime.date) -> Period:
        """The last three whole months and this one so far."""
        first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        return cls(first, today)


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class SpecialistFigures:
    specialist: User
    cases: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    norm_low: int | None = None
    norm_high: int | None = None
    ceiling: int | None = None
    no_contact_days: int = 14
    longest_wait_days: int | None = None
    contacts_by_channel: Counter[str] = field(default_factory=Counter)
    participant_contacts: int = 0
    employer_contacts: int = 0
    minutes: Counter[str] = field(default_factory=Counter)

    def count(self, fact: str) -> int:
        return len(self.cases.get(fact, ()))

    @property
    def counts(self) -> dict[str, int]:
        return {fact: self.count(fact) for fact in FACTS}

    def per_case_month(self, period: Period) -> Decimal | None:
        return self.contacts_per_case_month(period)

    @property
    def channels(self) -> list[tuple[str, int]]:
        return [
            (str(CHANNEL_LABELS.get(c, c)), n) for c, n in sorted(self.contacts_by_channel.items())
        ]

    @property
    def caseload(self) -> int:
        return self.count("caseload")

    @property
    def load(self) -> str:
        """ "over", "under" or "within" the programme's norm (the ceiling is over)."""
        if self.norm_high is not None and self.caseload > (self.ceiling or self.norm_high):
            return "over"
        if self.norm_low is not None and self.caseload < self.norm_low:
            return "under"
        return "within"

    @property
    def stages(self) -> list[tuple[str, int]]:
        return [(f"stage_{n}", self.count(f"stage_{n}")) for n in range(1, 6)]

    def contacts_per_case_month(self, period: Period) -> Decimal | None:
        if not self.caseload or not period.days:
            return None
        return _one_decimal(Decimal(self.participant_contacts) / self.caseload / period.months)

    def contact_norm(self) -> Decimal:
        """The least a case needs: one contact every ``no_contact_days`` days, per month."""
        return _one_decimal(DAYS_PER_MONTH / self.no_contact_days)

    def employer_contacts_per_week(self, period: Period) -> Decimal:
        return _one_decimal(Decimal(self.employer_contacts) / period.weeks)

    def hours(self, kind: str) -> Decimal:
        return _one_decimal(Decimal(self.minutes[kind]) / 60)

    @property
    def hours_participant(self) -> Decimal:
        return self.hours("participant")

    @property
    def hours_employer(self) -> Decimal:
        return self.hours("employer")

    @property
    def hours_mentor(self) -> Decimal:
        return self.hours("mentor")

    @property
    def hours_other(self) -> Decimal:
        return self.hours("other")

    @property
    def hours_total(self) -> Decimal:
        return _one_decimal(Decimal(sum(self.minutes.values())) / 60)


TIME_KINDS = ("participant", "employer", "mentor", "other")
BAR_START, BAR_WIDTH, ROW_HEIGHT = 36, 68, 10  # the caseload chart, in its viewBox's units


@dataclass(frozen=True)
class DashboardLine:
    row: SpecialistFigures
    contacts_per_case_month: Decimal | None
    employer_contacts_per_week: Decimal
    bar: float  # the caseload's bar, in the chart's units (BAR_WIDTH is the longest)
    norm_at: float | None  # where the norm's line goes, from the bar's start


@dataclass
class Dashboard:
    teams: list[Team]
    period: Period
    programme: Programme | None
    today: datetime.date
    rows: list[SpecialistFigures]
    outcomes: list[Rate]

    def total(self, fact: str) -> int:
        return len(set().union(*(row.cases.get(fact, set()) for row in self.rows)))

    @property
    def totals(self) -> dict[str, int]:
        return {fact: self.total(fact) for fact in FACTS}

    @property
    def lines(self) -> list[DashboardLine]:
        """Each specialist's row with the figures that depend on the period worked out."""
        return [
            DashboardLine(
                row=row,
                contacts_per_case_month=row.contacts_per_case_month(self.period),
                employer_contacts_per_week=row.employer_contacts_per_week(self.period),
                bar=round(row.caseload / self.max_caseload * BAR_WIDTH, 2),
                norm_at=(
                    round(
                        BAR_START
                        + (row.ceiling or row.norm_high or 0) / self.max_caseload * BAR_WIDTH,
                        2,
                    )
                    if (row.ceiling or row.norm_high)
                    else None
                ),
            )
            for row in self.rows
        ]

    @property
    def hours(self) -> dict[str, Decimal]:
        return {
            kind: _one_decimal(Decimal(sum(r.minutes[kind] for r in self.rows)) / 60)
            for kind in TIME_KINDS
        }

    def row_for(self, specialist_id: int) -> SpecialistFigures | None:
        return next((r for r in self.rows if r.specialist.pk == specialist_id), None)

    def case_ids(self, fact: str, specialist_id: int | None = None) -> set[int]:
        rows = [r for r in self.rows if specialist_id is None or r.specialist.pk == specialist_id]
        return set().union(*(r.cases.get(fact, set()) for r in rows))

    @property
    def chart_height(self) -> int:
        return max(len(self.rows), 1) * ROW_HEIGHT

    @property
    def max_caseload(self) -> int:
        values = [r.caseload for r in self.rows]
        values += [r.ceiling or r.norm_high or 0 for r in self.rows]
        return max(values, default=0) or 1


def teams_for(user: User) -> QuerySet[Team]:
    """The teams whose dashboard the user may open: a team lead's own, an office head's office."""
    if user.role == Role.TEAM_LEAD:
        return user.teams.select_related("office").order_by("name")
    if user.role == Role.OFFICE_HEAD and user.office_id is not None:
        return (
            Team.objects.filter(office_id=user.office_id).select_related("office").order_by("name")
        )
    return Team.objects.none()


def dashboard(
    *,
    user: User,
    teams: Iterable[Team],
    period: Period,
    programme: Programme | None = None,
    specialist_id: int | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """Every figure of the dashboard for the specialists of ``teams`` (or one of them), from the
    cases ``user`` may read. About ten queries, whatever the size of the teams."""
    today = today or timezone.localdate()
    team_list = list(teams)
    specialists = User.objects.filter(
        role=Role.SPECIALIST, is_active=True, teams__in=[t.pk for t in team_list]
    ).distinct()
    if specialist_id is not None:
        specialists = specialists.filter(pk=specialist_id)
    rows = {u.pk: SpecialistFigures(u) for u in specialists.order_by("last_name", "first_name")}
    visible = cases_visible_to(user).filter(owner_id__in=list(rows))
    # The same cases as a filter through a relation (a checkpoint's or a contact's case): a join
    # the planner estimates well, where "case IN (scoped subquery)" made it walk every case of
    # the team, open or closed, at national scale.
    through_case = case_scope(user, CaseAction.VIEW).as_q("case") & Q(case__owner_id__in=list(rows))
    if programme is not None:
        visible = visible.filter(programme=programme)
        through_case &= Q(case__programme=programme)

    # Open cases with their current stage, last contact and rules: one query.
    programmes: dict[int, Counter[int]] = defaultdict(Counter)
    rules_by_programme = {}
    # Only the rules are joined: the figures need no participant, programme or owner, and
    # building those objects for a team's 300 cases was a fifth of the page's time.
    open_cases = with_worklist_facts(visible.filter(status__in=OPEN_STATUSES))
    for case in open_cases.select_related(None).select_related("rules").order_by():
        row = rows[case.owner_id]
        row.cases["caseload"].add(case.pk)
        stage = getattr(case, "current_stage", None) or 1
        row.cases[f"stage_{stage}"].add(case.pk)
        programmes[case.owner_id][case.programme_id] += 1
        rules_by_programme[case.programme_id] = case.rules
        if stage in (1, 2):
            row.cases["waiting"].add(case.pk)
            waited = (today - case.referral_date).days
            row.longest_wait_days = max(row.longest_wait_days or 0, waited)
        deadlines = case_deadlines(
            case,
            last_contact=getattr(case, "last_contact_at", None),
            first_employer_contact=getattr(case, "first_employer_contact_at", None),
        )
        for deadline in deadlines:
            if deadline.overdue(today) and deadline.code == "no_contact":
                row.cases["no_contact"].add(case.pk)
            if deadline.overdue(today) and deadline.code == "maximum_duration":
                row.cases["past_maximum"].add(case.pk)
    for owner_id, counts in programmes.items():
        main = rules_by_programme[counts.most_common(1)[0][0]]
        row = rows[owner_id]
        row.norm_low, row.norm_high = main.caseload_norm_low, main.caseload_norm_high
        row.ceiling, row.no_contact_days = main.caseload_ceiling, main.no_contact_days

    # Overdue checkpoints: one query.
    for owner_id, case_id in (
        Checkpoint.objects.filter(through_case, status=CheckpointStatus.OPEN, due_on__lt=today)
        .values_list("case__owner_id", "case_id")
        .order_by()
    ):
        rows[owner_id].cases["overdue"].add(case_id)

    # Contacts in the period, by author: two queries (the counts, and the cases behind them).
    start = timezone.make_aware(datetime.datetime.combine(period.first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(period.last + datetime.timedelta(days=1), datetime.time.min)
    )
    contacts = Contact.objects.filter(
        author_id__in=list(rows), occurred_at__gte=start, occurred_at__lt=end
    )
    if programme is not None:
        contacts = contacts.filter(Q(case__programme=programme) | Q(case__isnull=True))
    for item in (
        contacts.values("author_id", "channel", "with_participant", "with_employer", "with_mentor")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    ):
        row = rows[item["author_id"]]
        kind = (
            "participant"
            if item["with_participant"]
            else "employer"
            if item["with_employer"]
            else "mentor"
            if item["with_mentor"]
            else "other"
        )
        row.minutes[kind] += item["minutes"] or 0
        if item["with_participant"]:
            row.participant_contacts += item["n"]
            row.contacts_by_channel[item["channel"]] += item["n"]
        if item["with_employer"]:
            row.employer_contacts += item["n"]
    for author_id, case_id in (
        contacts.filter(through_case).values_list("author_id", "case_id").order_by().distinct()
    ):
        rows[author_id].cases["contacted"].add(case_id)

    # Placements without a mentor: one query.
    for owner_id, case_id in placements_without_mentor(through_case, today).values_list(
        "case__owner_id", "case_id"
    ):
        rows[owner_id].cases["without_mentor"].add(case_id)

    # The team's outcomes: the reporting measures over its cases discharged in the period.
    discharged = visible.filter(
        status__in=(CaseStatus.DISCHARGED, CaseStatus.CLOSED),
        end_date__gte=period.first,
        end_date__lte=period.last,
    )
    outcomes = [
        rate(name, cases=discharged, months=months, as_of=today) for name, months in OUTCOMES
    ]
    return Dashboard(
        teams=team_list,
        period=period,
        programme=programme,
        today=today,
        rows=list(rows.values()),
        outcomes=outcomes,
    )


def drill_cases(board: Dashboard, fact: str, specialist_id: int | None) -> QuerySet[Case]:
    """The cases behind one number of ``board``."""
    ids = board.case_ids(fact, specialist_id)
    return (
        Case.objects.filter(pk__in=ids)
        .select_related("participant", "programme", "owner")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
