"""The admin site: reference data only, for administrators only.

Participant data is never registered here (DOMAIN.md: "the admin site holds reference data only").
Access follows the user's role rather than Django's is_staff/permission tables, so that one field
decides what a member of staff may do everywhere in the product.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth.views import LogoutView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Role

_View = TypeVar("_View", bound=Callable[..., Any])


def is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.role == Role.ADMINISTRATOR)


class ReferenceDataAdminSite(admin.AdminSite):
    site_header = _("Jobbspor administration")
    site_title = _("Jobbspor administration")
    index_title = _("Reference data")
    final_catch_all_view = False
    enable_nav_sidebar = False

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # No model here has a page of its own, and no form uses autocomplete: drop both views
        # rather than leave two URLs that answer nobody.
        unused = {"view_on_site", "autocomplete"}
        return [url for url in super().get_urls() if getattr(url, "name", None) not in unused]

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # Signed in but not an administrator: say no, rather than offer another login form.
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return cast(_View, update_wrapper(wrapper, inner))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # One login page for the whole product.
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        return redirect_to_login(reverse("admin:index"))

    # The admin's logout is the product's: sign out and go to /login/. Django's stub promises a
    # TemplateResponse here, but any response is what the URL resolver serves.
    def logout(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        return LogoutView.as_view()(request)


class ReferenceDataAdmin(admin.ModelAdmin):
    """A ModelAdmin that administrators may use in full and nobody else at all."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)
