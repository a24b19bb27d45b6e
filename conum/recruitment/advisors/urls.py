from django.urls import path

from conum.core.exports import export_paths
from conum.recruitment.advisors import views

app_name = "advisors"
urlpatterns = [
    path("", views.directory, name="directory"),
    *export_paths("export", views.export, "export"),
    *export_paths("contrats", views.contracts_export, "contracts"),
    *export_paths("ruptures", views.breaks_export, "breaks"),
    path("ruptures/", views.breaks_to_validate, name="breaks"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rupture/", views.declare_break, name="declare_break"),
]
