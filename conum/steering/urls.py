from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("donnees-ouvertes/", views.open_data, name="open_data"),
    path("donnees-ouvertes/lieux-de-mediation-numerique.csv", views.places_csv, name="places_csv"),
    path("donnees-ouvertes/lieux-de-mediation-numerique.json", views.places_json, name="places_json"),
]
