"""The coordinator's space: its team (/equipe/)."""

from django.urls import path

from conum.steering.team import views

app_name = "team"
urlpatterns = [
    path("", views.team_page, name="page"),
]
