"""``manage.py load_reference_data``, on a small folder of the same shape as the real one."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.cases.models import Case
from apps.organisation.models import Office
from apps.reporting.models import Target
from apps.reporting.stock import monthly_stock

pytestmark = pytest.mark.django_db

FLOWS = """month,office,entered,left
2013-03,Oslo,3,0
2013-03,Sarpsborg,1,1
2013-04,Oslo,2,4
"""
MAALTALL = """county,office,year,expected_at_year_end,expected_average,achieved_average
Oslo,Oslo (all offices),2013,168,84,27
Hordaland,Bergen (Bergenhus, Fyllingsdalen, Laksevåg),2013,63,31,20
Østfold,Østfold (Sarpsborg + Fredrikstad combined),2013,,,14
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "monthly_flows.csv").write_text(FLOWS, encoding="utf-8")
    (tmp_path / "maaltall.csv").write_text(MAALTALL, encoding="utf-8")
    return tmp_path


def test_the_command_builds_the_cases_and_targets_once(folder: Path) -> None:
    call_command("load_reference_data", directory=folder, stdout=None)
    assert Case.objects.count() == 6
    assert Target.objects.count() == 2  # the combined Østfold row is no target
    (oslo,) = monthly_stock(
        first=datetime.date(2013, 3, 1),
        last=datetime.date(2013, 4, 1),
        offices=[Office.objects.get(name="Oslo")],
    )
    assert [(m.entered, m.left, m.at_month_end) for m in oslo.months] == [(3, 0, 3), (2, 4, 1)]

    call_command("load_reference_data", directory=folder, stdout=None)
    assert (Case.objects.count(), Target.objects.count()) == (6, 2)


def test_the_command_refuses_where_synthetic_numbers_are_refused(folder: Path) -> None:
    with (
        override_settings(JOBBSPOR_ALLOW_SYNTHETIC_FNR=False),
        pytest.raises(CommandError, match="synthetic"),
    ):
        call_command("load_reference_data", directory=folder)
    assert not Case.objects.exists()


def test_the_command_needs_the_flows(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"monthly_flows\.csv"):
        call_command("load_reference_data", directory=tmp_path)
