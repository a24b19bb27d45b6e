"""Whole pages kept for a short while for visitors without an account (the citizen site at a press peak).

Such a page is the same for every visitor at a given URL, so one rendering can serve them all for
PUBLIC_PAGE_CACHE_SECONDS (0 turns it off). Never kept: pages of signed-in users, of a visitor carrying a
session or a message, responses other than 200, and pages that hold a CSRF token, a CSP nonce or set a cookie.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

PREFIX = "visitor-page:"


def _key(request) -> str:
    return PREFIX + hashlib.sha256(request.get_full_path().encode()).hexdigest()


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        # The page holds this request's CSP nonce (django-csp's lazy nonce is true once used): another visitor
        # gets another nonce, and this page's inline code would not run for them.
        and not getattr(request, "csp_nonce", None)
    )


def for_visitors(view):
    """Serve `view`'s page from the cache to visitors without an account (see the module's doc)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapped
