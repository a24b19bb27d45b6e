from django.urls import path

from conum.steering import views
from conum.steering.deployment.urls import urlpatterns as deployment_patterns
from conum.steering.statistics.urls import urlpatterns as statistics_patterns

app_name = "steering"
urlpatterns = [
    path("donnees-ouvertes/", views.open_data, name="open_data"),
    path("donnees-ouvertes/lieux-de-mediation-numerique.csv", views.places_csv, name="places_csv"),
    path("donnees-ouvertes/lieux-de-mediation-numerique.json", views.places_json, name="places_json"),
    path("chiffres-cles/", views.public_statistics, name="public_statistics"),
    path("chiffres-cles/chiffres.csv", views.public_statistics_csv, name="public_statistics_csv"),
    *deployment_patterns,  # /pilotage/… (conum/steering/deployment/urls.py)
    *statistics_patterns,  # /statistiques/… and the aggregated activity open data (statistics/urls.py)
]
