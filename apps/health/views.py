from __future__ import annotations

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views import View

from apps.health.probes import probe_beat, probe_broker, probe_database


class HealthzView(View):
    """200 when the database, the broker and beat are all well; 503 with the details otherwise.

    Open to anyone (load balancers and monitoring do not log in); it shows no data, only state.
    """

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> JsonResponse:
        checks = {
            "database": probe_database(connections["default"]),
            "broker": probe_broker(
                settings.CELERY_BROKER_URL,
                settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                settings.HEALTHZ_BROKER_TIMEOUT_SECONDS,
            ),
            "beat": probe_beat(settings.HEALTHZ_BEAT_MAX_AGE_SECONDS),
        }
        ok = all(check["ok"] for check in checks.values())
        response = JsonResponse({"status": "ok" if ok else "failing", "checks": checks})
        response.status_code = 200 if ok else 503
        response["Cache-Control"] = "no-store"
        return response
