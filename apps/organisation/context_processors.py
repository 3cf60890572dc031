from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_limits(request: HttpRequest) -> dict[str, Any]:
    """The idle limit and the warning time, for the page's session timer (static/js/app.js)."""
    return {
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "session_warning_minutes": settings.SESSION_WARNING_SECONDS // 60,
    }
