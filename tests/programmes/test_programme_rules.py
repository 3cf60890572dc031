from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.programmes.models import Programme, ProgrammeRules
from apps.programmes.selectors import programme_rules_in_force

pytestmark = pytest.mark.django_db


def test_the_six_programmes_of_the_domain_are_loaded_with_their_rules() -> None:
    programmes = {p.code: p for p in Programme.objects.all()}
    assert set(programmes) == {
        "aap-lonnstilskudd",
        "kvp-place-then-train",
        "utvidet-oppfolging",
        "oppfolging",
        "supported-employment-forsok",
        "ips",
    }
    oppfolging = programme_rules_in_force(
        programme=programmes["oppfolging"], on=datetime.date(2026, 1, 1)
    )
    assert oppfolging is not None
    assert (oppfolging.max_duration_months, oppfolging.extension_months) == (6, 6)
    assert oppfolging.hours_per_participant_month == 10
    assert oppfolging.outcome_targets == {"in_work_at_end": 65}
    assert oppfolging.checkpoint_months == [3, 6, 12]
    ips = programme_rules_in_force(programme=programmes["ips"], on=datetime.date(2026, 1, 1))
    assert ips is not None
    assert ips.max_duration_months is None


def test_the_rules_in_force_are_the_latest_version_on_or_before_the_date() -> None:
    programme = Programme.objects.get(code="ips")
    newer = ProgrammeRules.objects.create(
        programme=programme, effective_from=datetime.date(2027, 1, 1), caseload_norm_high=18
    )
    assert (
        programme_rules_in_force(
            programme=programme, on=datetime.date(2026, 12, 31)
        ).caseload_norm_high
        == 20
    )  # type: ignore[union-attr]
    assert programme_rules_in_force(programme=programme, on=datetime.date(2027, 1, 1)) == newer
    assert programme_rules_in_force(programme=programme, on=datetime.date(2012, 1, 1)) is None


def test_the_maximum_end_counts_every_extension_across_month_ends() -> None:
    rules = ProgrammeRules(max_duration_months=6, extension_months=6, max_extensions=1)
    assert rules.maximum_end(datetime.date(2026, 8, 31)) == datetime.date(2027, 8, 31)
    rules = ProgrammeRules(max_duration_months=1)
    assert rules.maximum_end(datetime.date(2027, 1, 31)) == datetime.date(2027, 2, 28)
    assert ProgrammeRules(max_duration_months=None).maximum_end(datetime.date(2026, 1, 1)) is None


@pytest.mark.parametrize("months", [[6, 3], [3, 3], [0, 3], ["3"], "3,6", [True]])
def test_checkpoint_months_must_be_a_rising_list_of_whole_months(months: object) -> None:
    rules = ProgrammeRules(
        programme=Programme.objects.get(code="ips"),
        effective_from=datetime.date(2030, 1, 1),
        caseload_norm_high=20,
        checkpoint_months=months,
    )
    with pytest.raises(ValidationError) as error:
        rules.full_clean()
    assert "checkpoint_months" in error.value.message_dict


def test_a_norm_whose_low_end_is_above_its_high_end_is_refused() -> None:
    rules = ProgrammeRules(
        programme=Programme.objects.get(code="ips"),
        effective_from=datetime.date(2030, 1, 1),
        caseload_norm_low=25,
        caseload_norm_high=20,
    )
    with pytest.raises(ValidationError) as error:
        rules.full_clean()
    assert "caseload_norm_low" in error.value.message_dict
