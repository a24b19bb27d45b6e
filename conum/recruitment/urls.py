from django.urls import path

from conum.core.exports import export_paths
from conum.recruitment import match_views, views

app_name = "recruitment"
urlpatterns = [
    path("candidater/", views.apply, name="apply"),
    path("candidater/envoyee/", views.applied, name="applied"),
    path("confirmer/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("ma-candidature/", views.my_application, name="my_application"),
    path("ma-candidature/modifier/", views.edit_application, name="edit_application"),
    path("ma-candidature/entretiens/<int:pk>/", match_views.interview_reply, name="interview_reply"),
    path("candidats/<int:pk>/cv/", views.cv, name="cv"),
    path("structures/<int:pk>/candidats/", views.candidates, name="candidates"),
    *export_paths("structures/<int:pk>/candidats/export", views.export_candidates, "candidates"),
    path("structures/<int:pk>/rechercher/", views.search_candidates, name="search"),
    path("mises-en-relation/<int:pk>/", match_views.match_detail, name="match"),
    path("mises-en-relation/<int:pk>/contrat/", views.record_contract, name="record_contract"),
    path("mises-en-relation/<int:pk>/<str:name>/", views.transition, name="transition"),
    path("contrats/", views.contracts_to_validate, name="contracts"),
]
