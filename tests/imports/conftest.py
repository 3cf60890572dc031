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


# The browser test here uses tests/browser's fixtures (Chromium, axe-core on every page); this
# hook is what lets them tell a passed test, whose pages must have no accessibility violation.
from tests.browser.conftest import pytest_runtest_makereport  # noqa: E402, F401
