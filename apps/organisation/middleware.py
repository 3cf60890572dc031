from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

PAGE_METHODS = ("GET", "HEAD", "POST")


class PageMethodsMiddleware:
    """HTML pages answer GET, HEAD and POST only; everything else gets 405 before any view runs.

    Several views (Django's admin among them) treat any method that is not POST as a GET, so
    without this a PUT would quietly read a page. The REST API under /api/ has its own methods.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in PAGE_METHODS and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(PAGE_METHODS)
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS idle or SESSION_ABSOLUTE_SECONDS in all.

    Activity is any request except those marked ``X-Jobbspor-Background: 1`` (polling for unread
    counts, progress bars), which must not keep a forgotten session alive. An htmx request on an
    ended session gets ``HX-Redirect`` to the login page, so the login page is not swapped into a
    fragment of the old one.
    """

    # Write the activity time at most this often: a session row write per request is waste.
    WRITE_EVERY_SECONDS = 30

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            last = session.get(LAST_ACTIVITY, now)
            if (
                now - last > settings.SESSION_IDLE_SECONDS
                or now - login_at > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                minutes = settings.SESSION_IDLE_SECONDS // 60
                messages.info(request, _(LOGGED_OUT) % {"minutes": minutes})
                return _to_login(request)
            background = request.headers.get("X-Jobbspor-Background") == "1"
            if LAST_ACTIVITY not in session or (
                not background and now - last >= self.WRITE_EVERY_SECONDS
            ):
                session[LAST_ACTIVITY] = now
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302):
            location = response.get("Location", "")
            if location.startswith(str(resolve_url(settings.LOGIN_URL))):
                return _to_login(request)
        return response


LOGIN_AT = "jobbspor.login_at"
LOGGED_OUT = gettext_noop(
    "You were logged out after %(minutes)s minutes without activity. Log in to go on; "
    "what you had typed is kept."
)
LAST_ACTIVITY = "jobbspor.last_activity"


def session_started(request: HttpRequest) -> None:
    """Called at login: the 12-hour and 30-minute clocks start now."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[LAST_ACTIVITY] = now


def _to_login(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False):
        # Back to the page the user was on, not the fragment's endpoint.
        current = urlsplit(request.headers.get("HX-Current-URL", "")).path or "/"
        response = HttpResponse(status=200)
        response["HX-Redirect"] = (
            f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': current})}"
        )
        return response
    return redirect_to_login(request.get_full_path())


class NoStoreMiddleware:
    """Nothing a signed-in user is shown is kept by the browser or a proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/login"):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
