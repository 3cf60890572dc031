"""The worker's side of a large import. A task is given the job's id and nothing else: the
worker reads the (encrypted) file itself, so no fødselsnummer ever passes through the broker."""

from __future__ import annotations

from celery import shared_task

from apps.imports.models import ImportJob, ImportStatus
from apps.imports.services import import_abandon, import_check, import_run


@shared_task
def check_import(job_id: int) -> None:
    """The dry run of a large file. Safe to run twice."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        return
    try:
        import_check(job=job)
    except Exception:
        import_abandon(job=job)
        raise


@shared_task
def run_import(job_id: int) -> None:
    """The import of a large, checked file, in one transaction. Safe to run twice."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.IMPORTING:
        return
    try:
        import_run(job=job)
    except Exception:
        # Nothing was written (the transaction rolled back); say so rather than leave the page
        # waiting for ever.
        import_abandon(job=job)
        raise
