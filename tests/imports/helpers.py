from __future__ import annotations

from typing import Any

from apps.imports.models import ImportJob
from apps.imports.services import import_check, import_job_create
from apps.organisation.models import User


def checked(actor: User, kind: str, data: bytes, name: str = "fil.csv") -> ImportJob:
    """Upload and dry-run a file in this process, as a small file is in the request."""
    job = import_job_create(actor=actor, kind=kind, name=name, data=data)
    return import_check(job=job)


def problems(job: ImportJob) -> list[tuple[int | None, str, str]]:
    return list(job.errors.values_list("row", "column", "message"))


def break_check_digit(digits: str) -> str:
    """The same number with its last digit changed: the mod-11 check fails."""
    return digits[:10] + str((int(digits[10]) + 1) % 10)


def cells(**values: Any) -> dict[str, Any]:
    return values
