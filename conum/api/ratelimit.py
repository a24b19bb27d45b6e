"""Rate limit of the API: API_RATE_LIMIT_PER_MINUTE requests per token (authenticated calls) or per client
(anonymous calls), in one-minute windows of conum.core.ratelimit. Over the limit: 429 with a French detail and
a Retry-After header (errors.py)."""

from django.conf import settings
from ninja.throttling import BaseThrottle

from conum.core import ratelimit

WINDOW_SECONDS = 60


def limit_per_minute() -> int:
    return getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120)


def _counted(request) -> tuple[str, str]:
    """(scope, subject) of a call: its token when authenticated, else its client read behind the proxies."""
    client = getattr(request, "auth", None)
    if client is not None and getattr(client, "pk", None):
        return "api-token", str(client.pk)
    return "api", ratelimit.client_key(request)


def retry_after(request) -> int:
    """Seconds until the window of this call's token or client ends (at least 1)."""
    return ratelimit.seconds_left(*_counted(request), WINDOW_SECONDS)


class ApiRateLimit(BaseThrottle):
    """Checked by django-ninja after authentication, so `request.auth` is the ApiClient when there is one."""

    def allow_request(self, request) -> bool:
        return ratelimit.hit(*_counted(request), WINDOW_SECONDS) <= limit_per_minute()
