"""Access rules, each written once and read two ways.

A rule is a :class:`Scope`: an OR of clauses, each clause an AND of field conditions on the object
(``{"team_id__in": {1, 2}}``, ``{"owner_id": 7}``). The same scope becomes a ``Q`` for the
selectors, which filter in the database, and a Python test for the ``rules`` predicates, which judge
one object already in memory. Because both come from one definition, a list page and a permission
check cannot drift apart; ``tests/organisation/test_access_properties.py`` checks that the two
readings agree on random data.

Only the lookups the rules need are supported (exact, ``in``, ``isnull``); a rule asking for
anything else fails loudly when it is built, not quietly when it is evaluated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from apps.organisation.models import PERSON_DATA_ROLES, User

_SUPPORTED_LOOKUPS = ("in", "isnull")


def _split(key: str) -> tuple[list[str], str]:
    parts = key.split("__")
    if parts[-1] in _SUPPORTED_LOOKUPS:
        return parts[:-1], parts[-1]
    return parts, "exact"


def _resolve(obj: Any, path: list[str]) -> Any:
    value = obj
    for attribute in path:
        if value is None:
            return None
        value = getattr(value, attribute)
    return value


@dataclass(frozen=True)
class Scope:
    """Which objects a user may reach, as an OR of AND-clauses of field conditions."""

    clauses: tuple[Mapping[str, Any], ...]

    def __post_init__(self) -> None:
        for clause in self.clauses:
            for key, value in clause.items():
                path, lookup = _split(key)
                if not path or any(not part for part in path):
                    raise ValueError(f"Bad field path in access rule: {key!r}")
                if lookup == "in" and not isinstance(value, frozenset):
                    raise TypeError(f"{key!r} needs a frozenset, got {type(value).__name__}")

    @classmethod
    def nothing(cls) -> Scope:
        return cls(clauses=())

    @classmethod
    def anyof(cls, *clauses: Mapping[str, Any]) -> Scope:
        # An "in" over an empty set can never hold: drop such clauses so the SQL stays simple.
        kept = tuple(
            clause
            for clause in clauses
            if not any(_split(k)[1] == "in" and not v for k, v in clause.items())
        )
        return cls(clauses=kept)

    def as_q(self, prefix: str = "") -> Q:
        """The scope as a filter; with ``prefix`` (a relation's name), a filter on a related
        model through that relation, so that a query joins the scoped table instead of asking
        for its ids in a subquery (``Checkpoint.objects.filter(scope.as_q("case"))``)."""
        if not self.clauses:
            return Q(pk__in=[])
        lead = f"{prefix}__" if prefix else ""
        return reduce(
            or_,
            (Q(**{f"{lead}{k}": v for k, v in clause.items()}) for clause in self.clauses),
        )

    def matches(self, obj: Any) -> bool:
        return any(self._clause_matches(obj, clause) for clause in self.clauses)

    @staticmethod
    def _clause_matches(obj: Any, clause: Mapping[str, Any]) -> bool:
        for key, expected in clause.items():
            path, lookup = _split(key)
            actual = _resolve(obj, path)
            if lookup == "exact" and actual != expected:
                return False
            if lookup == "in" and actual not in expected:
                return False
            if lookup == "isnull" and (actual is None) != bool(expected):
                return False
        return True


def ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


def require_person_data_role(user: User) -> None:
    """Staff whose role never shows a person (directorate, county, admin) get 403, not 404.

    A 404 would pretend the page does not exist for them; the honest answer is that their role
    does not read personal data at all. Users whose role does, but who are outside the object's
    scope, get 404 from the scoped selectors instead, so they learn nothing about its existence.
    """
    if not user.is_authenticated or user.role not in PERSON_DATA_ROLES:
        raise PermissionDenied
