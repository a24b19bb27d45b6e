from django.urls import include, path

urlpatterns = [
    path("lieux/", include("conum.activity.places_urls")),
    path("ateliers/", include("conum.activity.workshops_urls")),
    path("comptes-rendus/", include("conum.activity.reports_urls")),
]
