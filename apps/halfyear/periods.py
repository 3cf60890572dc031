"""Half-years: 1 January to 30 June, and 1 July to 31 December."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"A half-year is 1 or 2, not {self.half}.")

    @classmethod
    def containing(cls, day: datetime.date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def just_ended(cls, today: datetime.date) -> HalfYear:
        """The last half-year that has ended by ``today``: on 1 July, the first half of the
        year; on 1 January, the second half of the year before."""
        return cls.containing(today).previous()

    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        if self.half == 1:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    @property
    def next_start(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)

    def has_ended(self, today: datetime.date) -> bool:
        return today > self.end

    @property
    def label(self) -> str:
        return _("%(half)d. half of %(year)d") % {"half": self.half, "year": self.year}

    def __str__(self) -> str:
        return f"{self.year}-{self.half}"
