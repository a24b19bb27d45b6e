from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.parameters, name="parameters"),
    path("smic/", views.minimum_wages, name="minimum_wages"),
    path("parcours-de-formation/", views.training_tracks, name="training_tracks"),
    path("dotations/", views.quotas, name="quotas"),
    path("dotations/<departement:code>/", views.quota_edit, name="quota_edit"),
]
