"""The directorate's and the county coordinators' aggregates: counts only, never a person.

The same report objects as the pages, the CSV and the PDF (``apps.reporting.reports``), with the
same small-number suppression: a hidden count is ":" here as there. A county coordinator gets
their county's part of the national report whatever the query string says.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api import serializers as s
from apps.api.permissions import ReportRole
from apps.api.views.base import acting_user
from apps.organisation.models import Role
from apps.reporting.forms import ReportFilterForm
from apps.reporting.reports import (
    MaaltallReport,
    OutcomeReport,
    current_year,
    maaltall_report,
    outcome_report,
)

YEAR = OpenApiParameter(
    "year", int, description="The year (2013 to this year); by default the last with a month over."
)
PROGRAMME = OpenApiParameter("programme", int, description="A programme's id; all when left out.")
COUNTY = OpenApiParameter(
    "county", int, description="A county's id (directorate only); the whole country when left out."
)
FIRST_YEAR = OpenApiParameter("first_year", int, description="From this year, for several years.")


class ReportView(APIView):
    permission_classes = [ReportRole]
    over_years = False

    def filters(self, request: Request) -> dict[str, Any]:
        user = acting_user(request)
        directorate = user.role == Role.DIRECTORATE
        form = ReportFilterForm(
            {"year": current_year(), **request.query_params.dict()},
            show_county=directorate,
            show_first_year=self.over_years,
        )
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        data = form.cleaned_data
        if not directorate and user.county is None:  # the database forbids it; never national
            raise PermissionDenied
        return {
            "year": data["year"],
            "programme": data["programme"],
            "county": data.get("county") if directorate else user.county,
            "first_year": data.get("first_year"),
        }


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [dataclasses.asdict(row) for row in rows]


def _maaltall(report: MaaltallReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "programme": report.programme.pk if report.programme else None,
        "county": report.county.pk if report.county else None,
        "months": [month.strftime("%Y-%m") for month in report.months],
        "year_over": report.year_over,
        "rows": _rows(report.rows),
        "counties": _rows(report.counties),
        "total": dataclasses.asdict(report.total),
        "hidden": report.hidden,
    }


def _outcomes(report: OutcomeReport) -> dict[str, Any]:
    return {
        "first_year": report.first_year,
        "year": report.year,
        "programme": report.programme.pk if report.programme else None,
        "county": report.county.pk if report.county else None,
        "titles": list(report.titles),
        "rows": _rows(report.rows),
        "total": dataclasses.asdict(report.total),
    }


class MaaltallView(ReportView):
    @extend_schema(
        summary=("Måltall: participants at each month's end against the targets"),
        parameters=[YEAR, PROGRAMME, COUNTY],
        responses={200: s.MaaltallReportSerializer},
    )
    def get(self, request: Request) -> Response:
        f = self.filters(request)
        report = maaltall_report(year=f["year"], programme=f["programme"], county=f["county"])
        return Response(s.MaaltallReportSerializer(_maaltall(report)).data)


class OutcomesView(ReportView):
    over_years = True

    @extend_schema(
        summary=("Outcomes of the cases discharged in the period, per office"),
        parameters=[YEAR, FIRST_YEAR, PROGRAMME, COUNTY],
        responses={200: s.OutcomeReportSerializer},
    )
    def get(self, request: Request) -> Response:
        f = self.filters(request)
        report = outcome_report(
            year=f["year"], first_year=f["first_year"], programme=f["programme"], county=f["county"]
        )
        return Response(s.OutcomeReportSerializer(_outcomes(report)).data)
