"""Checkpoints: made once at their anchor events, swept when due, closing the case at the end."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connections, transaction

from apps.cases import services as cases
from apps.cases.models import CaseEvent, CaseStatus
from apps.followups import services
from apps.followups.models import (
    Checkpoint,
    CheckpointKind,
    Notification,
    OutboxEmail,
)
from apps.programmes.models import Programme
from config.celery import app
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db


def post_discharge(case) -> list[tuple[int, datetime.date, str]]:  # type: ignore[no-untyped-def]
    return list(
        Checkpoint.objects.filter(case=case, kind=CheckpointKind.POST_DISCHARGE)
        .order_by("sequence")
        .values_list("sequence", "due_on", "status")
    )


def discharge(world, on: datetime.date):  # type: ignore[no-untyped-def]
    return cases.case_discharge(
        case=world.case,
        actor=world.user("spesialist"),
        on=on,
        reason="work",
        status={"in_work": True, "work_hours_per_week": 30},
    )


def test_discharge_creates_three_checkpoints_at_three_six_and_twelve_months(world) -> None:  # type: ignore[no-untyped-def]
    case = discharge(world, datetime.date(2026, 11, 2))
    assert post_discharge(case) == [
        (3, datetime.date(2027, 2, 2), "open"),
        (6, datetime.date(2027, 5, 2), "open"),
        (12, datetime.date(2027, 11, 2), "open"),
    ]
    assert (
        not Checkpoint.objects.filter(case=case, status="open")
        .exclude(kind=CheckpointKind.POST_DISCHARGE)
        .exists()
    )


def test_the_thirty_first_of_january_plus_a_month_is_the_end_of_february(world) -> None:  # type: ignore[no-untyped-def]
    assert services.add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert services.add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert services.add_months(datetime.date(2026, 10, 31), 3) == datetime.date(2027, 1, 31)
    programme = Programme.objects.get(code="utvidet-oppfolging")
    programme.rule_versions.update(checkpoint_months=[1, 3])
    world.case.rules.refresh_from_db()
    case = discharge(world, datetime.date(2027, 1, 31))
    assert [due for _, due, _ in post_discharge(case)] == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 4, 30),
    ]


def test_creating_a_checkpoint_twice_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    case = discharge(world, datetime.date(2026, 11, 2))
    event = CaseEvent.objects.get(case=case, to_status=CaseStatus.DISCHARGED)
    before = Checkpoint.objects.count()
    services.checkpoints_after_discharge(case, event.pk, datetime.date(2026, 11, 2))
    assert Checkpoint.objects.count() == before


def test_reopening_cancels_the_open_follow_ups_without_deleting_them(world) -> None:  # type: ignore[no-untyped-def]
    case = discharge(world, datetime.date(2026, 11, 2))
    cases.case_refer(
        actor=world.user("spesialist"),
        participant=case.participant,
        programme=case.programme,
        referral_date=datetime.date(2026, 12, 1),
    )
    assert [status for _, _, status in post_discharge(case)] == ["cancelled"] * 3


def test_a_referral_gets_intake_deadlines_and_a_contact_meets_the_first(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), status=CaseStatus.REFERRED)
    kinds = dict(Checkpoint.objects.filter(case=case).values_list("kind", "status"))
    assert kinds == {"intake_contact": "open", "intake_talk": "open"}
    from django.utils import timezone

    from apps.contacts.services import contact_log

    contact_log(
        actor=world.user("spesialist"),
        case=case,
        occurred_at=timezone.now(),
        channel="phone",
        place="none",
        with_whom=["participant"],
        initiative="specialist",
        duration_minutes=5,
        activity="individual",
    )
    assert Checkpoint.objects.get(case=case, kind="intake_contact").status == "done"


def test_walking_a_case_past_three_six_and_twelve_months_closes_it(world, client_as) -> None:  # type: ignore[no-untyped-def]
    world.user("spesialist").email = "sara@nav.invalid"
    world.user("spesialist").save()
    case = discharge(world, datetime.date(2026, 11, 2))
    for months, due in ((3, "2027-02-02"), (6, "2027-05-02"), (12, "2027-11-02")):
        with time_machine.travel(datetime.datetime.fromisoformat(due + "T07:00:00+01:00")):
            client = client_as("spesialist")  # months later: a new session
            services.checkpoints_sweep()
            checkpoint = Checkpoint.objects.get(case=case, sequence=months)
            assert (
                Notification.objects.filter(checkpoint__case=case, kind="due").count()
                == [3, 6, 12].index(months) + 1
            )
            form = client.get(f"/oppfolging/{checkpoint.pk}/")
            assert form.status_code == 200
            response = client.post(
                f"/oppfolging/{checkpoint.pk}/",
                {
                    "on": due,
                    "in_work": "on" if months < 12 else "",
                    "work_hours_per_week": "30" if months < 12 else "",
                    "job_seeker": "on" if months == 12 else "",
                },
            )
            assert response.status_code == 302, response.content.decode()[:500]
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert [s for _, _, s in post_discharge(case)] == ["done"] * 3
    assert Checkpoint.objects.get(case=case, sequence=12).outcome.job_seeker  # type: ignore[union-attr]
    assert CaseEvent.objects.filter(case=case, to_status=CaseStatus.CLOSED).count() == 1


def test_what_is_a_week_overdue_goes_to_the_team_lead_once(world) -> None:  # type: ignore[no-untyped-def]
    case = discharge(world, datetime.date(2026, 11, 2))
    with time_machine.travel(datetime.datetime(2027, 2, 10, 7, tzinfo=datetime.UTC)):
        services.checkpoints_sweep()
        services.checkpoints_sweep()
    lead = world.user("teamleder")
    assert (
        Notification.objects.filter(user=lead, kind="escalated", checkpoint__case=case).count() == 1
    )
    assert (
        Notification.objects.filter(
            user=world.user("spesialist"), kind="due", checkpoint__case=case
        ).count()
        == 1
    )


def test_emails_carry_a_link_only_and_keep_their_message_id_when_sent_again(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    spesialist.email = "sara@nav.invalid"
    spesialist.save()
    case = discharge(world, datetime.date(2026, 11, 2))
    with time_machine.travel(datetime.datetime(2027, 2, 2, 7, tzinfo=datetime.UTC)):
        services.checkpoints_sweep()
    services.outbox_send()
    checkpoint = Checkpoint.objects.get(case=case, sequence=3)
    message_id = f"<checkpoint-{checkpoint.pk}-due-{spesialist.pk}@jobbspor.invalid>"
    [message] = [m for m in mail.outbox if m.extra_headers["Message-ID"] == message_id]
    assert f"/oppfolging/{checkpoint.pk}/" in message.body
    assert len(mail.outbox) == OutboxEmail.objects.count(), "one e-mail per outbox row"
    for sent in mail.outbox:
        text = sent.subject + sent.body
        for secret in ("Kari", "Nordmann", "Skjermet", "Beskyttet", world.fnr, world.fnr[:6]):
            assert secret not in text
    # A worker killed after sending and before committing: the row is unsent again, and the
    # message goes again with the same Message-ID.
    before = len(mail.outbox)
    OutboxEmail.objects.filter(message_id=message_id).update(sent_at=None)
    services.outbox_send()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox[before:]] == [message_id]


def sweep_then_fail() -> None:
    with transaction.atomic():
        services.checkpoints_sweep()
        raise RuntimeError("roll back")


@pytest.mark.django_db(transaction=True)
def test_a_service_that_rolls_back_queues_nothing(reference_data) -> None:  # type: ignore[no-untyped-def]
    from celery.signals import before_task_publish

    from apps.organisation.demo import load_organisation

    users = load_organisation()
    case = open_case(users["spesialist"])
    cases.case_discharge(
        case=case,
        actor=users["spesialist"],
        on=datetime.date(2026, 11, 2),
        reason="work",
        status={"in_work": True, "work_hours_per_week": 30},
    )
    published: list[str] = []

    def record(sender: str | None = None, **kwargs: object) -> None:
        published.append(str(sender))

    before_task_publish.connect(record)
    try:
        with time_machine.travel(datetime.datetime(2027, 2, 2, 7, tzinfo=datetime.UTC)):
            with pytest.raises(RuntimeError, match="roll back"):
                sweep_then_fail()
            assert published == [], "a rolled-back sweep queued a task"
            assert not Notification.objects.exists()
            services.checkpoints_sweep()
    finally:
        before_task_publish.disconnect(record)
    assert Notification.objects.exists()
    assert "apps.followups.tasks.send_outbox" in published, "a committed sweep queues the outbox"


def test_the_sweep_counts_days_in_oslo_across_daylight_saving(world) -> None:  # type: ignore[no-untyped-def]
    checkpoint = services.checkpoint_create(
        case=world.case,
        kind=CheckpointKind.PROGRESS_REPORT,
        anchor_type="case",
        anchor_id=world.case.pk,
        sequence=50,
        due_on=datetime.date(2027, 3, 28),  # the night clocks go forward
    )
    with time_machine.travel(
        datetime.datetime(2027, 3, 27, 22, 30, tzinfo=datetime.UTC)
    ):  # 23:30 in Oslo
        services.checkpoints_sweep()
    checkpoint.refresh_from_db()
    assert checkpoint.notified_at is None, "still the 27th in Oslo"
    with time_machine.travel(
        datetime.datetime(2027, 3, 27, 23, 30, tzinfo=datetime.UTC)
    ):  # 00:30 on the 28th
        services.checkpoints_sweep()
    checkpoint.refresh_from_db()
    assert checkpoint.notified_at is not None


def test_a_task_with_a_countdown_over_an_hour_is_refused() -> None:
    from apps.followups.tasks import send_outbox

    with pytest.raises(ValueError, match="over an hour"):
        send_outbox.apply_async(countdown=2 * 3600)
    with pytest.raises(ValueError, match="over an hour"):
        send_outbox.apply_async(
            eta=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=90)
        )
    assert app.conf.task_acks_late


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_notify_each_checkpoint_once(reference_data) -> None:  # type: ignore[no-untyped-def]
    from apps.organisation.demo import load_organisation

    users = load_organisation()
    for _ in range(6):
        case = open_case(users["spesialist"])
        cases.case_discharge(
            case=case,
            actor=users["spesialist"],
            on=datetime.date(2026, 11, 2),
            reason="work",
            status={"in_work": True, "work_hours_per_week": 20},
        )
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def sweep() -> None:
        try:
            barrier.wait()
            services.checkpoints_sweep(today=datetime.date(2028, 1, 1))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    due = Checkpoint.objects.filter(kind=CheckpointKind.POST_DISCHARGE).count()
    assert Notification.objects.filter(kind="due").count() == due == 18
    assert (
        Notification.objects.filter(kind="escalated").count()
        == due * users["teamleder"].teams.count()
    )


def test_the_no_contact_deadline_moves_with_each_contact_and_a_missed_one_is_kept(world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from apps.contacts.services import contact_log

    case = open_case(world.user("spesialist"))  # active since 2026-09-11, no contact yet

    def log(day: datetime.date) -> None:
        contact_log(
            actor=world.user("spesialist"),
            case=case,
            occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
            channel="phone",
            place="none",
            with_whom=["participant"],
            initiative="specialist",
            duration_minutes=5,
            activity="individual",
        )

    def rows() -> list[tuple[int, datetime.date, str]]:
        return list(
            Checkpoint.objects.filter(case=case, kind=CheckpointKind.NO_CONTACT)
            .order_by("sequence")
            .values_list("sequence", "due_on", "status")
        )

    log(datetime.date(2026, 10, 1))
    count = len(rows())
    log(datetime.date(2026, 10, 10))
    assert len(rows()) == count, "a contact moves the open deadline rather than adding a row"
    services.checkpoints_sweep(today=datetime.date(2026, 10, 30))  # the deadline was missed
    log(datetime.date(2026, 11, 2))
    assert len(rows()) == count + 1, "the missed deadline is kept, the next one is a new row"
    assert rows()[-2][2] == "done"
    assert rows()[-1][1:] == (datetime.date(2026, 11, 16), "open")


def _due_checkpoints(world, count: int, due_on: datetime.date, first: int = 1000) -> list[int]:  # type: ignore[no-untyped-def]
    """``count`` progress-report checkpoints spread over the world's three open cases of two
    offices (owners, co-owners and teams differ), all due on ``due_on``."""
    cases_ = [world.case, world.colleague_case, world.other_office_case]
    made = Checkpoint.objects.bulk_create(
        Checkpoint(
            case=cases_[i % 3],
            kind=CheckpointKind.PROGRESS_REPORT,
            anchor_type="case",
            anchor_id=cases_[i % 3].pk,
            sequence=first + i,
            due_on=due_on,
        )
        for i in range(count)
    )
    return [c.pk for c in made]


def test_the_sweep_costs_the_same_queries_for_five_due_checkpoints_as_for_fifty(world) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = datetime.date(2031, 1, 10)
    # Whatever was due before: notified and escalated, so only what this test makes is due.
    Checkpoint.objects.update(
        notified_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
        escalated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    counted = []
    for count in (5, 50):
        _due_checkpoints(
            world, count, due_on=today - datetime.timedelta(days=30), first=count * 100
        )
        with CaptureQueriesContext(connection) as captured:
            assert services.checkpoints_sweep(today=today) == 2 * count  # notified, escalated
        counted.append(len(captured.captured_queries))
    assert counted[0] == counted[1], f"queries grow with the due checkpoints: {counted}"


def test_the_sweep_touches_only_the_checkpoints_that_are_due(world) -> None:  # type: ignore[no-untyped-def]
    today = datetime.date(2031, 1, 10)
    earlier = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    Checkpoint.objects.update(notified_at=earlier, escalated_at=earlier)
    due = _due_checkpoints(world, 7, due_on=today)
    later = _due_checkpoints(world, 4, due_on=today + datetime.timedelta(days=1), first=2000)
    assert services.checkpoints_sweep(today=today) == 7
    untouched = Checkpoint.objects.exclude(pk__in=due)
    assert not untouched.filter(notified_at__gt=earlier).exists()
    assert not untouched.filter(escalated_at__gt=earlier).exists()
    assert Checkpoint.objects.filter(pk__in=later, notified_at__isnull=True).count() == 4
    assert set(Notification.objects.values_list("checkpoint_id", flat=True)) == set(due)
    # Not a week overdue yet: nobody's team lead was told.
    assert not Notification.objects.filter(kind="escalated").exists()
    # Each due checkpoint told its case's owner (and co-owner), no one else.
    for checkpoint in Checkpoint.objects.filter(pk__in=due).select_related("case"):
        owners = {checkpoint.case.owner_id, checkpoint.case.co_owner_id} - {None}
        told = set(checkpoint.notifications.values_list("user_id", flat=True))
        assert told == owners
