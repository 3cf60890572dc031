"""The case page loads its forms (status changes, stage, documents) when they are opened, not
with the page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_status_change_the_case_cannot_make_has_no_form(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    assert client.get(f"/saker/{world.case.pk}/status/resume/").status_code == 404
    assert client.get(f"/saker/{world.case.pk}/status/no-such/").status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("status/discharge/", 'name="discharge-end_reason"'),
        ("fase/", 'name="stage-stage"'),
        ("dokumenter/", 'name="document-file"'),
    ],
)
def test_the_case_page_links_its_forms_and_loads_each_when_opened(  # type: ignore[no-untyped-def]
    world, client_as, path, field
) -> None:
    client = client_as("spesialist")
    url = f"/saker/{world.case.pk}/{path}"
    page = client.get(f"/saker/{world.case.pk}/").content.decode()
    assert f'hx-get="{url}"' in page
    assert f'href="{url}"' in page  # without JavaScript, a page of its own
    assert field not in page
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert field in html
    assert f'action="{url}"' in html
    assert "<html" not in html  # only the form, swapped into the page
    own_page = client.get(url)
    assert own_page.status_code == 200
    assert "<html" in own_page.content.decode()
    assert field in own_page.content.decode()


def test_the_stage_form_suggests_the_next_stage(world, client_as) -> None:  # type: ignore[no-untyped-def]
    from tests.cases.factories import open_case

    case = open_case(world.users["spesialist"], stage=2)
    html = client_as("spesialist").get(f"/saker/{case.pk}/fase/", HTTP_HX_REQUEST="true")
    assert '<option value="3" selected>' in html.content.decode()
    # Under an agreement in force it suggests stage 4: tests/placements/test_placements.py.


@pytest.mark.parametrize(
    ("path", "data", "field", "multipart"),
    [
        (
            "status/discharge/",
            {"discharge-end_reason": "work"},
            'name="discharge-end_reason"',
            False,
        ),
        ("dokumenter/", {"document-kind": "cv"}, 'name="document-file"', True),
    ],
)
def test_a_form_with_errors_comes_back_open_on_the_case_page(  # type: ignore[no-untyped-def]
    world, client_as, path, data, field, multipart
) -> None:
    response = client_as("spesialist").post(f"/saker/{world.case.pk}/{path}", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert field in page
    assert '<details class="app-details" open>' in page
    assert ('enctype="multipart/form-data"' in page) is multipart


def test_a_closed_case_offers_no_stage_form(world, client_as) -> None:  # type: ignore[no-untyped-def]
    from apps.cases.models import Case, CaseStatus

    Case.objects.filter(pk=world.case.pk).update(status=CaseStatus.DISCHARGED)
    assert client_as("spesialist").get(f"/saker/{world.case.pk}/fase/").status_code == 404
