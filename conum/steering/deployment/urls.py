"""Deployment dashboard (pilotage du déploiement), spliced into conum/steering/urls.py (namespace "steering")."""

from django.urls import path, re_path

from conum.core.exports import export_paths
from conum.steering.deployment import views

urlpatterns = [
    path("pilotage/", views.france, name="deployment"),
    path("pilotage/comptes-rendus/", views.silent_advisors, name="deployment_silent_advisors"),
    *export_paths("pilotage/departements", views.departements_export, "deployment_departements"),
    *export_paths("pilotage/regions", views.regions_export, "deployment_regions"),
    re_path(r"^pilotage/regions/(?P<code>[0-9]{2,3})/$", views.region, name="deployment_region"),
    path("pilotage/departements/<departement:code>/", views.departement, name="deployment_departement"),
    *export_paths(
        "pilotage/departements/<departement:code>/structures", views.structures_export, "deployment_structures"
    ),
]
