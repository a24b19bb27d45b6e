from django.urls import path

from conum.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("candidater/", views.apply, name="apply"),
    path("candidater/envoyee/", views.applied, name="applied"),
    path("confirmer/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("ma-candidature/", views.my_application, name="my_application"),
    path("ma-candidature/modifier/", views.edit_application, name="edit_application"),
    path("candidats/<int:pk>/cv/", views.cv, name="cv"),
    path("structures/<int:pk>/candidats/", views.candidates, name="candidates"),
    path(
        "structures/<int:pk>/candidats/export.csv",
        views.export_candidates,
        {"file_format": "csv"},
        name="candidates_csv",
    ),
    path(
        "structures/<int:pk>/candidats/export.xlsx",
        views.export_candidates,
        {"file_format": "xlsx"},
        name="candidates_xlsx",
    ),
    path("structures/<int:pk>/rechercher/", views.search_candidates, name="search"),
    path("mises-en-relation/<int:pk>/contrat/", views.record_contract, name="record_contract"),
    path("mises-en-relation/<int:pk>/<str:name>/", views.transition, name="transition"),
    path("contrats/", views.contracts_to_validate, name="contracts"),
]
