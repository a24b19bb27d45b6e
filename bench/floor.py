"""The floor of a page: the same bytes returned by a bare view, behind the same middleware, through the same test
client. What a page costs above it is the view's own work (queries, forms, templates)."""

from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

_body = {"bytes": b""}


def bare(request):
    return HttpResponse(_body["bytes"])


urlpatterns = [path("floor/", bare)]


def same_bytes(body: bytes):
    """Settings under which GET /floor/ answers `body`."""
    _body["bytes"] = body
    return override_settings(ROOT_URLCONF=__name__)
