from django.urls import path

from conum.recruitment.advisors import views

app_name = "advisors"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export, {"file_format": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("contrats.csv", views.contracts_export, {"file_format": "csv"}, name="contracts_csv"),
    path("contrats.xlsx", views.contracts_export, {"file_format": "xlsx"}, name="contracts_xlsx"),
    path("ruptures.csv", views.breaks_export, {"file_format": "csv"}, name="breaks_csv"),
    path("ruptures.xlsx", views.breaks_export, {"file_format": "xlsx"}, name="breaks_xlsx"),
    path("ruptures/", views.breaks_to_validate, name="breaks"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rupture/", views.declare_break, name="declare_break"),
]
