from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last time a named periodic signal arrived; one row per name, overwritten each time.

    ``beat`` is written by a task that beat sends every minute and a worker runs, so its age says
    that beat, the broker and at least one worker are all alive.
    """

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.last_seen:%Y-%m-%d %H:%M:%S}"
