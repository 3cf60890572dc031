from __future__ import annotations

import random

import pytest

from apps.organisation.demo import load_organisation
from apps.organisation.models import User


@pytest.fixture
def users(db: None) -> dict[str, User]:
    """The demo personas (spesialist, kollega, annen, teamleder, ...), without the shared World."""
    return load_organisation()


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20261123)
