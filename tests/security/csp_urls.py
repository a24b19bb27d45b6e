"""The site, plus pages that tests of the Content-Security-Policy need: one with an inline script carrying the
request's nonce (what a template needing one would do), the same page kept for visitors, and an error."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from conum.core.page_cache import for_visitors

INLINE_SCRIPT = '<script nonce="{{ CSP_NONCE }}">document.title = "Script autorisé";</script>'


def inline_script_page(request):
    html = f"<!DOCTYPE html><html lang='fr'><head><title>Page de test</title></head><body><p>Bonjour</p>{INLINE_SCRIPT}"
    return HttpResponse(engines["django"].from_string(html + "</body></html>").render({}, request))


def failing_page(request):
    raise RuntimeError("Erreur provoquée par le test")


urlpatterns = [
    path("test-csp/script/", inline_script_page),
    path("test-csp/script-gardee/", for_visitors(inline_script_page)),
    path("test-csp/erreur/", failing_page),
    path("", include("conum.urls")),
]
handler403 = "conum.core.views.permission_denied"
handler404 = "conum.core.views.page_not_found"
handler500 = "conum.core.views.server_error"
