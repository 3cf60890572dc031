"""The case page loads its forms (status changes, stage, documents) when they are opened, not
with the page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_case_page_links_the_status_forms_and_renders_none_of_them(world, client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("spesialist").get(f"/saker/{world.case.pk}/").content.decode()
    url = f"/saker/{world.case.pk}/status/discharge/"
    assert f'hx-get="{url}"' in page
    assert f'href="{url}"' in page  # without JavaScript, a page of its own
    assert 'name="discharge-end_reason"' not in page


def test_opening_a_status_change_loads_its_form(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    url = f"/saker/{world.case.pk}/status/discharge/"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert 'name="discharge-end_reason"' in html
    assert f'action="{url}"' in html
    assert "<html" not in html  # only the form, swapped into the page
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    assert 'name="discharge-end_reason"' in page.content.decode()


def test_a_status_change_the_case_cannot_make_has_no_form(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    assert client.get(f"/saker/{world.case.pk}/status/resume/").status_code == 404
    assert client.get(f"/saker/{world.case.pk}/status/no-such/").status_code == 404


def test_a_form_with_errors_comes_back_open_on_the_case_page(world, client_as) -> None:  # type: ignore[no-untyped-def]
    url = f"/saker/{world.case.pk}/status/discharge/"
    response = client_as("spesialist").post(url, {"discharge-end_reason": "work"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="discharge-end_reason"' in page
    assert '<details class="app-details" open>' in page


@pytest.mark.parametrize(
    ("path", "field"),
    [("fase/", 'name="stage-stage"'), ("dokumenter/", 'name="document-file"')],
)
def test_the_stage_and_document_forms_load_when_opened(world, client_as, path, field) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    url = f"/saker/{world.case.pk}/{path}"
    page = client.get(f"/saker/{world.case.pk}/").content.decode()
    assert f'hx-get="{url}"' in page
    assert field not in page
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert field in fragment
    assert f'action="{url}"' in fragment
    assert "<html" not in fragment
    assert field in client.get(url).content.decode()


def test_the_stage_form_suggests_the_next_stage(world, client_as) -> None:  # type: ignore[no-untyped-def]
    from tests.cases.factories import open_case

    case = open_case(world.users["spesialist"], stage=2)
    html = client_as("spesialist").get(f"/saker/{case.pk}/fase/", HTTP_HX_REQUEST="true")
    assert '<option value="3" selected>' in html.content.decode()
    # Under an agreement in force it suggests stage 4: tests/placements/test_placements.py.


def test_the_document_form_comes_back_open_with_its_error(world, client_as) -> None:  # type: ignore[no-untyped-def]
    url = f"/saker/{world.case.pk}/dokumenter/"
    response = client_as("spesialist").post(url, {"document-kind": "cv"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<details class="app-details" open>' in page
    assert 'name="document-file"' in page


def test_a_closed_case_offers_no_stage_form(world, client_as) -> None:  # type: ignore[no-untyped-def]
    from apps.cases.models import Case, CaseStatus

    Case.objects.filter(pk=world.case.pk).update(status=CaseStatus.DISCHARGED)
    assert client_as("spesialist").get(f"/saker/{world.case.pk}/fase/").status_code == 404
