"""Reads from PostgreSQL's read replica, for the pages that may show figures a little behind.

With ``DATABASE_REPLICA_URL`` set, the settings add the ``replica`` database and ``ReplicaRouter``;
without it nothing here is used. The directorate's and the counties' report pages and the
dashboards (their views carry ``@method_decorator(may_read_replica, name="dispatch")``) read from
the replica on GET and HEAD. Everything else reads the primary, and every write goes to the
primary, on those pages too: the access log a drill-through writes, a saved filter, a target, a
PDF request.

A replica is behind the primary by the replication lag (usually well under a second), so a page
read from it must not depend on a write the same user has just made: the måltall page may show a
target set a moment ago only after the lag, which is why the page where targets are set, the PDF's
progress page (which reads the row its POST has just written) and the list of saved filters read
the primary. The session is read from the primary whatever the page, or a login made a moment ago
on another web host could be missing.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Read from the primary whatever the page: a session written by another web host a moment ago.
PRIMARY_ONLY_APPS = frozenset({"sessions"})

_reading_replica: ContextVar[bool] = ContextVar("jobbspor_reading_replica", default=False)

View = Callable[..., HttpResponseBase]


def may_read_replica(view: View) -> View:
    """Let ``view`` read from the replica on GET and HEAD (only where the replica is configured).

    A POST to the same view reads and writes the primary: what it does next must see its own
    writes.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in SAFE_METHODS:
            return view(request, *args, **kwargs)
        token = _reading_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_replica.reset(token)

    return wrapper


@contextlib.contextmanager
def reading_primary() -> Iterator[None]:
    """Within a page that reads the replica, read this from the primary: what the user has just
    written and is about to look for (a filter saved a moment ago)."""
    token = _reading_replica.set(False)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reading_replica() -> bool:
    """Whether reads are sent to the replica now (the page allows it and the replica is set)."""
    return _reading_replica.get() and REPLICA in connections.settings


class ReplicaRouter:
    """Reads of the pages marked ``may_read_replica`` to the replica; everything else, and every
    write, to the primary. Migrations run on the primary only: the replica copies them."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if reading_replica() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both databases hold the same rows: an object read from one may point at one from the
        # other.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return db == DEFAULT_DB_ALIAS
