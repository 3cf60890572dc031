"""The employer register: firms, their contact persons. Shared by every office.

Employer contacts are ``apps.contacts.Contact`` rows with an employer (and, optionally, a case),
so they count in time use like any contact and show "last contacted by whom and when".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PRIVATE = "private", _("Private")
    PUBLIC = "public", _("Public")


class SizeBand(models.TextChoices):
    MICRO = "1_4", _("1–4 employees")
    SMALL = "5_19", _("5–19 employees")
    MEDIUM = "20_49", _("20–49 employees")
    LARGE = "50_99", _("50–99 employees")
    XLARGE = "100", _("100 or more employees")


class Employer(models.Model):
    orgnr = models.CharField(_("organisation number"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(
        _("sector"), max_length=10, choices=Sector.choices, default=Sector.PRIVATE
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [models.Index(fields=["name"], name="employer_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def orgnr_display(self) -> str:
        return f"{self.orgnr[:3]} {self.orgnr[3:6]} {self.orgnr[6:]}"


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("still there"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name
