"""Who is asking, and how often they have failed: the client address behind our proxies, and failure counters.

Logins are throttled by django-axes (settings: AXES_*), which reads the address through ``client_ip``; page
passwords (newsroom.views) count failures in the cache through ``FailureCounter``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The reader's address: REMOTE_ADDR, or with N trusted proxies the Nth X-Forwarded-For entry from the right.

    Each proxy appends the address it saw, so entries further left were written by the client and prove nothing.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote_addr  # did not come through every proxy, so REMOTE_ADDR is the client
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler plus a limit per client address across usernames (password spraying).

    axes compares one failure limit with the largest of its lockout groups, so a per-address group would lock
    an address at the per-username limit; this keeps the per-address limit separate and higher.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """axes' count for (username, address), raised to the failure limit once the address reaches its own."""
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request: HttpRequest) -> int:
        """Failed logins from the request's client address, for any username, within the cool-off."""
        attempts = AccessAttempt.objects.filter(ip_address=client_ip(request))
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


@dataclass(frozen=True)
class FailureCounter:
    """Failures of one kind from one client, counted in the cache over a fixed window that starts at the first."""

    key: str
    limit: int
    window_seconds: int

    @classmethod
    def for_request(cls, request: HttpRequest, scope: str, *, limit: int, window_seconds: int) -> FailureCounter:
        return cls(f"throttle:{scope}:{client_ip(request)}", limit, window_seconds)

    def is_blocked(self) -> bool:
        return (cache.get(self.key) or 0) >= self.limit

    def fail(self) -> None:
        cache.add(self.key, 0, timeout=self.window_seconds)
        try:
            cache.incr(self.key)
        except ValueError:  # expired between add() and incr()
            cache.set(self.key, 1, timeout=self.window_seconds)

    def reset(self) -> None:
        cache.delete(self.key)
