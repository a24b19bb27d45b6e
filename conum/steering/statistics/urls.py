"""Activity statistics for any scope (/statistiques/…) and the aggregated activity open data file."""

from django.urls import path

from conum.core.exports import export_paths
from conum.steering.statistics import views

urlpatterns = [
    path("statistiques/", views.statistics_page, name="statistics"),
    *export_paths("statistiques/export/<slug:table>", views.statistics_export, "statistics"),
    path(
        "donnees-ouvertes/activite-par-departement-mois-type-theme.csv",
        views.activity_open_data,
        name="activity_open_data",
    ),
]
