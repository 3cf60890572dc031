"""The form's pages: what each person sees, what is logged, and what a page costs in queries."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from apps.audit.models import AccessAction, AccessLogEntry
from apps.halfyear.models import HalfYearForm
from apps.halfyear.services import form_refresh, form_sign, form_submit
from apps.organisation.demo import load_organisation
from apps.organisation.models import User
from tests.halfyear.helpers import complete_every_row, h1_form, start_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def users() -> dict[str, User]:
    return load_organisation()


@pytest.fixture
def form(users: dict[str, User]) -> HalfYearForm:
    return h1_form(users)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_form_page_names_nobody_and_logs_no_read(form, users) -> None:  # type: ignore[no-untyped-def]
    before = AccessLogEntry.objects.count()
    page = client_for(users["kollega"]).get(reverse("halfyear:detail", args=[form.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aud" not in html
    assert "Utskrevet" in html  # the column heading, not Per Utskrevet's name
    assert "Per Utskrevet" not in html
    assert AccessLogEntry.objects.count() == before


def test_the_page_shows_what_is_missing_and_which_rows_are_yours(form, users) -> None:  # type: ignore[no-untyped-def]
    html = client_for(users["spesialist"]).get(reverse("halfyear:detail", args=[form.pk]))
    text = html.content.decode()
    assert "7 svar mangler i rapporten i 2 rader. 2 av disse radene gjelder dine saker." in text
    assert text.count("Din sak") == 2
    kollega = client_for(users["kollega"]).get(reverse("halfyear:detail", args=[form.pk]))
    assert "Din sak" not in kollega.content.decode()
    assert "0 av disse radene gjelder dine saker." in kollega.content.decode()


def test_the_row_page_names_the_participant_to_its_specialist_and_logs_it(form, users) -> None:  # type: ignore[no-untyped-def]
    row = form.rows.get(number=1)
    url = reverse("halfyear:row", args=[form.pk, row.pk])
    page = client_for(users["spesialist"]).get(url)
    assert "Aud Aktiv" in page.content.decode()
    entry = AccessLogEntry.objects.get(actor_id=users["spesialist"].pk, path=url)
    assert (entry.action, entry.case_id) == (AccessAction.EDIT, row.case_id)
    other = client_for(users["kollega"]).get(url)
    assert other.status_code == 200
    assert "Aud Aktiv" not in other.content.decode()
    assert not AccessLogEntry.objects.filter(actor_id=users["kollega"].pk, path=url).exists()


def test_completing_a_row_in_the_browser_form(form, users) -> None:  # type: ignore[no-untyped-def]
    row = form.rows.get(benefit="aap")
    url = reverse("halfyear:row", args=[form.pk, row.pk])
    client = client_for(users["spesialist"])
    missing = client.post(url, {"initiative": "participant", "practice_before": "no"})
    assert missing.status_code == 400
    done = client.post(
        url,
        {
            "initiative": "participant",
            "practice_before": "no",
            "aap_granted_month": "2025-09",
            "follow_up_content": ["training", "adaptation"],
        },
    )
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.aap_granted_month == datetime.date(2025, 9, 1)
    assert row.follow_up_content == ["training", "adaptation"]
    assert row.missing_in_form == 0


def test_there_is_no_pdf_before_the_form_is_signed(form, users) -> None:  # type: ignore[no-untyped-def]
    client = client_for(users["spesialist"])
    assert client.get(reverse("halfyear:pdf", args=[form.pk])).status_code == 404
    complete_every_row(form, users["spesialist"])
    form_submit(form=form, actor=users["spesialist"])
    form_sign(form=form, actor=users["teamleder"])
    pdf = client.get(reverse("halfyear:pdf", args=[form.pk]))
    assert pdf.status_code == 200
    assert pdf.content == bytes(HalfYearForm.objects.get(pk=form.pk).snapshot.pdf)
    assert pdf["Content-Disposition"] == 'attachment; filename="halvarsrapport-0312-2026-1.pdf"'


def test_the_preparer_posting_sign_is_refused_with_the_reason(form, users) -> None:  # type: ignore[no-untyped-def]
    complete_every_row(form, users["spesialist"])
    form_submit(form=form, actor=users["spesialist"])
    page = client_for(users["spesialist"]).post(reverse("halfyear:sign", args=[form.pk]))
    assert page.status_code == 403
    assert "Du har utarbeidet denne rapporten" in page.content.decode()
    assert HalfYearForm.objects.get(pk=form.pk).status == "submitted"


def test_the_list_offers_to_make_the_missing_form(users) -> None:  # type: ignore[no-untyped-def]
    client = client_for(users["kontorleder"])
    page = client.get(reverse("halfyear:list")).content.decode()
    assert "Lag rapporten for" in page
    made = client.post(reverse("halfyear:create"))
    assert made.status_code == 302
    assert HalfYearForm.objects.filter(office=users["kontorleder"].office).count() == 1
    assert "Lag rapporten for" not in client.get(reverse("halfyear:list")).content.decode()


@pytest.mark.parametrize("extra_cases", [0, 12])
def test_the_form_page_costs_the_same_queries_for_more_rows(  # type: ignore[no-untyped-def]
    users, extra_cases: int, django_assert_max_num_queries
) -> None:
    form = h1_form(users)
    for n in range(extra_cases):
        start_case(users["kollega"], on=datetime.date(2026, 1, 5) + datetime.timedelta(days=n))
    form_refresh(form=form, actor=users["kollega"])
    client = client_for(users["teamleder"])
    url = reverse("halfyear:detail", args=[form.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(10):
        page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="row-') == 2 + extra_cases
