from django.urls import path

from conum.core.exports import export_paths

from . import views

app_name = "structures"
urlpatterns = [
    path("candidater/", views.apply, name="apply"),
    path("candidater/envoyee/", views.submitted, name="submitted"),
    path("ma-structure/", views.space, name="space"),
    path("ma-structure/candidatures/<int:pk>/avenant/", views.request_amendment, name="request_amendment"),
    path("ma-structure/<int:pk>/collegues/", views.invite_colleague, name="invite_colleague"),
    path("ma-structure/<int:pk>/nouvelle-candidature/", views.reapply, name="reapply"),
    path("prefecture/", views.prefecture_queue, name="prefecture_queue"),
    path("comite/", views.committee_queue, name="committee_queue"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("enveloppe/", views.envelope, name="envelope"),
    *export_paths("export", views.export, "export"),
]
