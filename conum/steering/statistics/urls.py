"""Activity statistics for any scope (/statistiques/…) and the aggregated activity open data file."""

from django.urls import path

from conum.steering.statistics import views

urlpatterns = [
    path("statistiques/", views.statistics_page, name="statistics"),
    path(
        "statistiques/export/<slug:table>.csv",
        views.statistics_export,
        {"file_format": "csv"},
        name="statistics_csv",
    ),
    path(
        "statistiques/export/<slug:table>.xlsx",
        views.statistics_export,
        {"file_format": "xlsx"},
        name="statistics_xlsx",
    ),
    path(
        "donnees-ouvertes/activite-par-departement-mois-type-theme.csv",
        views.activity_open_data,
        name="activity_open_data",
    ),
]
