"""Counties, offices, teams and the staff who work in them, each with one role."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A county (fylke) as they are from 2024: fifteen, each with its official number."""

    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A NAV office (or a provider's office) where cases are run."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="offices", verbose_name=_("county")
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    unit_number = models.CharField(
        _("unit number"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        help_text=_("NAV's four-digit unit number (enhetsnummer), where the office has one."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="teams", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["office__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="team_unique_name_per_office"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.office.name})"


class Role(models.TextChoices):
    SPECIALIST = "specialist", _("Job specialist")
    TEAM_LEAD = "team_lead", _("Team lead")
    OFFICE_HEAD = "office_head", _("Office head")
    COUNTY_COORDINATOR = "county_coordinator", _("County coordinator")
    DIRECTORATE = "directorate", _("Directorate")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose work is with people: they may see participants, within their scope.
PERSON_DATA_ROLES = frozenset({Role.SPECIALIST, Role.TEAM_LEAD, Role.OFFICE_HEAD})
# Roles that belong to one office.
OFFICE_ROLES = PERSON_DATA_ROLES


class User(AbstractUser):
    """A member of staff. Every user has exactly one role, which decides what they may see."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinators",
        verbose_name=_("county"),
        help_text=_("Only for county coordinators."),
    )
    may_see_skjermet = models.BooleanField(
        _("may see shielded persons"),
        default=False,
        help_text=_(
            "Shielded participants (NAV employees) are visible only to staff given this right."
        ),
    )
    # For a specialist, the teams they work in; for a team lead, the teams they lead.
    teams = models.ManyToManyField(
        Team, blank=True, related_name="members", verbose_name=_("teams")
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=sorted(OFFICE_ROLES)) | Q(office__isnull=False),
                name="user_office_role_has_office",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COUNTY_COORDINATOR) | Q(county__isnull=False),
                name="user_county_coordinator_has_county",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_person_data(self) -> bool:
        return self.role in PERSON_DATA_ROLES

    @cached_property
    def team_ids(self) -> frozenset[int]:
        """The ids of the user's teams, read once per request (the user object lives that long)."""
        return frozenset(self.teams.values_list("id", flat=True))


class GroupMapping(models.Model):
    """Where a group of the organisation's identity provider places a member of staff.

    Single sign-on takes a user's role from the provider's groups (settings: OIDC_ROLE_GROUPS) and
    their office, team or county from these rows, which administrators keep in the admin.
    """

    group_id = models.CharField(_("group id"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("office")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("team")
    )
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("county")
    )

    class Meta:
        ordering = ["group_id"]
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")

    def __str__(self) -> str:
        return self.description or self.group_id
