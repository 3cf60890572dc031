"""The dashboard's table cells (apps/dashboards/templatetags/dashboard_cells.py)."""

from __future__ import annotations

from django.template import Context, Template

CELL = (
    "{% load dashboard_cells %}{% drill_cell fact n who=who extra=extra wait=wait testid=testid %}"
)


def render(**values: object) -> str:
    context = {"fact": "overdue", "n": 0, "who": None, "extra": None, "wait": None, "testid": ""}
    return Template(CELL).render(Context({**context, **values}))


def test_a_count_links_to_the_cases_behind_it_with_the_boards_filters() -> None:
    html = render(n=3, who=14, query="periode=siste-3&x=<y>")
    assert html.startswith('<td class="aksel-table__data-cell')
    assert (
        '<a class="aksel-link" href="/dashbord/saker/overdue/?periode=siste-3&amp;x=&lt;y&gt;'
        '&amp;spesialist=14">3</a>'
    ) in html


def test_zero_is_not_a_link_and_the_extras_follow_the_count() -> None:
    html = render(n=0, extra=30, wait=12, testid="overdue")
    assert "<a" not in html
    assert html == (
        '<td class="aksel-table__data-cell aksel-body-short aksel-table__data-cell--align-right"'
        ' data-testid="overdue">0 <span class="app-muted">/ 30</span>'
        ' <span class="app-muted">(12)</span></td>'
    )
