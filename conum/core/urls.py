from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("securite/", views.security_policy, name="security_policy"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("journal/", views.journal_list, name="journal"),
]
