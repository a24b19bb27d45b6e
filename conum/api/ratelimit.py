"""Rate limit of the API: API_RATE_LIMIT_PER_MINUTE requests per token (authenticated calls) or per client
address (anonymous calls), in fixed one-minute windows counted in the Django cache (shared by every process
with Redis). Over the limit: 429 with a French detail and a Retry-After header (errors.py)."""

import time

from django.conf import settings
from ninja.throttling import BaseThrottle

from conum.core import ratelimit

WINDOW_SECONDS = 60


def limit_per_minute() -> int:
    return getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120)


def _window() -> int:
    return int(time.time() // WINDOW_SECONDS)


def retry_after() -> int:
    """Seconds until the current window ends (at least 1)."""
    return max(1, WINDOW_SECONDS - int(time.time() % WINDOW_SECONDS))


class ApiRateLimit(BaseThrottle):
    """Checked by django-ninja after authentication, so `request.auth` is the ApiClient when there is one."""

    def allow_request(self, request) -> bool:
        limit = limit_per_minute()
        client = getattr(request, "auth", None)
        if client is not None and getattr(client, "pk", None):
            return ratelimit.hit(f"api-token:{_window()}", str(client.pk), WINDOW_SECONDS + 5) <= limit
        # Anonymous: per client, read behind the proxies by conum.core.client_address.
        return ratelimit.allow(request, f"api:{_window()}", limit, WINDOW_SECONDS + 5)
