"""The participant (deltaker): a person followed up in one or more cases over time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Office


class Participant(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    # The office that registered the person; cases decide who may read them.
    registered_by_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="registered_participants",
        verbose_name=_("registered by office"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
