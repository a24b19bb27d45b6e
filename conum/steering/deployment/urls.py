"""Deployment dashboard (pilotage du déploiement), spliced into conum/steering/urls.py (namespace "steering")."""

from django.urls import path, re_path

from conum.steering.deployment import views

urlpatterns = [
    path("pilotage/", views.france, name="deployment"),
    path(
        "pilotage/departements.csv",
        views.departements_export,
        {"file_format": "csv"},
        name="deployment_departements_csv",
    ),
    path(
        "pilotage/departements.xlsx",
        views.departements_export,
        {"file_format": "xlsx"},
        name="deployment_departements_xlsx",
    ),
    path("pilotage/regions.csv", views.regions_export, {"file_format": "csv"}, name="deployment_regions_csv"),
    path("pilotage/regions.xlsx", views.regions_export, {"file_format": "xlsx"}, name="deployment_regions_xlsx"),
    re_path(r"^pilotage/regions/(?P<code>[0-9]{2,3})/$", views.region, name="deployment_region"),
    path("pilotage/departements/<departement:code>/", views.departement, name="deployment_departement"),
    path(
        "pilotage/departements/<departement:code>/structures.csv",
        views.structures_export,
        {"file_format": "csv"},
        name="deployment_structures_csv",
    ),
    path(
        "pilotage/departements/<departement:code>/structures.xlsx",
        views.structures_export,
        {"file_format": "xlsx"},
        name="deployment_structures_xlsx",
    ),
]
