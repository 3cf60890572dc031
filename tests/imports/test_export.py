"""Exports: the page's own list, filters and scope, logged like the page, formulas made harmless."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AccessAction, AccessLogEntry
from apps.cases.models import CaseStatus
from apps.employers.services import employer_register
from apps.organisation.models import User
from tests.cases.factories import open_case

NOW = datetime.datetime(2026, 9, 20, 9, tzinfo=datetime.UTC)
FORMULAS = ['=HYPERLINK("http://x.invalid")', "+4799999999", "-2+3", "@SUM(A1)"]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response: object) -> list[list[str]]:
    text = response.content.decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response: object) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]  # type: ignore[attr-defined]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # no formula anywhere
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def cases(users: dict[str, User]) -> dict[str, object]:
    with time_machine.travel(NOW):
        mine = [open_case(users["spesialist"], first_name=name) for name in FORMULAS]
        referred = open_case(users["spesialist"], first_name="Henvist", status=CaseStatus.REFERRED)
        colleague = open_case(users["kollega"], first_name="Kollegas")
        elsewhere = open_case(users["annen"], first_name="Sagene")
    return {"mine": mine, "referred": referred, "colleague": colleague, "elsewhere": elsewhere}


@time_machine.travel(NOW)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_worklist_export_is_the_users_list_with_formulas_escaped(
    users: dict[str, User], cases: dict[str, object], fmt: str
) -> None:
    response = client_for(users["spesialist"]).get(reverse("imports:export_worklist", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    names = [str(row[0]) for row in rows[1:]]
    assert sorted(names) == sorted(
        ["'" + name + " Nordmann" for name in FORMULAS] + ["Henvist Nordmann"]
    )
    everything = repr(rows)
    assert "Kollegas" not in everything
    assert "Sagene" not in everything


@time_machine.travel(NOW)
def test_the_worklist_export_keeps_the_pages_filters_and_logs_like_the_page(
    users: dict[str, User], cases: dict[str, object]
) -> None:
    url = reverse("imports:export_worklist", args=["csv"])
    rows = csv_rows(client_for(users["spesialist"]).get(url, {"status": "referred"}))
    assert [row[0] for row in rows[1:]] == ["Henvist Nordmann"]
    logged = AccessLogEntry.objects.filter(actor_id=users["spesialist"].pk, path=url)
    assert list(logged.values_list("case_id", "action")) == [
        (cases["referred"].pk, AccessAction.LIST)  # type: ignore[attr-defined]
    ]


@time_machine.travel(NOW)
def test_another_offices_cases_are_never_in_an_export(
    users: dict[str, User], cases: dict[str, object]
) -> None:
    url = reverse("imports:export_worklist", args=["csv"])
    # annen asks for spesialist's caseload: the list is scoped to what annen may read.
    rows = csv_rows(client_for(users["annen"]).get(url, {"spesialist": users["spesialist"].pk}))
    assert rows[1:] == []
    own = csv_rows(client_for(users["annen"]).get(url))
    assert [row[0] for row in own[1:]] == ["Sagene Nordmann"]
    # The team lead may look at a specialist of the team, as on the page.
    lead = csv_rows(client_for(users["teamleder"]).get(url, {"spesialist": users["kollega"].pk}))
    assert [row[0] for row in lead[1:]] == ["Kollegas Nordmann"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_employer_export_keeps_the_search_and_escapes_names(
    users: dict[str, User], fmt: str
) -> None:
    employer_register(actor=users["kollega"], orgnr="974760673", name="=Registerenheten")
    employer_register(actor=users["kollega"], orgnr="912345688", name="Lager AS", city="Oslo")
    url = reverse("imports:export_employers", args=[fmt])
    response = client_for(users["annen"]).get(url, {"q": "regist"})
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert [row[:2] for row in rows[1:]] == [["'=Registerenheten", "974760673"]]


@time_machine.travel(NOW)
def test_the_follow_up_export_is_the_users_due_list(
    users: dict[str, User], cases: dict[str, object]
) -> None:
    url = reverse("imports:export_due", args=["xlsx"])
    with time_machine.travel(datetime.datetime(2026, 9, 30, 9, tzinfo=datetime.UTC)):
        rows = xlsx_rows(client_for(users["spesialist"]).get(url))
    people = {row[1] for row in rows[1:]}
    assert "Henvist Nordmann" in people
    assert not {"Kollegas Nordmann", "Sagene Nordmann"} & people
    assert all(isinstance(row[4], datetime.datetime) for row in rows[1:])  # real dates
    assert AccessLogEntry.objects.filter(path=url, actor_id=users["spesialist"].pk).exists()


def test_the_list_pages_link_to_their_exports_with_their_filters(
    users: dict[str, User], cases: dict[str, object]
) -> None:
    client = client_for(users["spesialist"])
    page = client.get(reverse("cases:worklist"), {"status": "referred"}).content.decode()
    assert reverse("imports:export_worklist", args=["xlsx"]) + "?status=referred" in page
    page = client.get(reverse("employers:list"), {"q": "lager"}).content.decode()
    assert reverse("imports:export_employers", args=["csv"]) + "?q=lager" in page
    page = client.get(reverse("followups:due")).content.decode()
    assert reverse("imports:export_due", args=["csv"]) in page
