from django.urls import include, path

urlpatterns = [
    path("lieux/", include("conum.activity.places.urls")),
    path("ateliers/", include("conum.activity.workshops.urls")),
    path("comptes-rendus/", include("conum.activity.reports.urls")),
    path("personnes/", include("conum.activity.beneficiaries.urls")),
    path("agenda/", include("conum.activity.appointments.urls")),
]
