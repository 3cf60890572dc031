from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from apps.halfyear.periods import HalfYear
from apps.halfyear.services import forms_create_for_all_offices


@shared_task
def create_halfyear_forms() -> int:
    """On 1 January and 1 July (config/celery.py): every office's draft form for the half-year
    just ended. Safe to run twice, or to be killed halfway: a form is made once per office and
    half-year, and the next run makes the ones still missing."""
    return forms_create_for_all_offices(half_year=HalfYear.just_ended(timezone.localdate()))
