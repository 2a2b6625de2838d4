"""A health-check endpoint for load balancers and process supervisors: /healthz."""

import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; the cache is reported but optional (pages render without it)."""
    checks: dict[str, str] = {}
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        checks["database"] = f"error: {type(error).__name__}"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "degraded"
    except Exception as error:  # noqa: BLE001 - the cache is optional
        checks["cache"] = f"degraded: {type(error).__name__}"
    healthy = checks["database"] == "ok"
    checks["status"] = "ok" if healthy else "unavailable"
    checks["elapsed_ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
    return JsonResponse(checks, status=200 if healthy else 503)
