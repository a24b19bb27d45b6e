from django.contrib.auth import views as auth_views
from django.urls import path

from . import proconnect_views, second_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.space, name="space"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("equipe/", views.team, name="team"),
    path("equipe/inviter/", views.invite, name="invite"),
    path("equipe/<int:pk>/activation/", views.set_active, name="set_active"),
    path("deconnexion/", proconnect_views.LogoutView.as_view(), name="logout"),
    path("proconnect/connexion/", proconnect_views.start, name="proconnect_login"),
    path("proconnect/retour/", proconnect_views.callback, name="proconnect_callback"),
    path("proconnect/deconnexion/", proconnect_views.logout_callback, name="proconnect_logout_callback"),
    path("double-authentification/", second_factor_views.verify, name="second_factor_verify"),
    path("double-authentification/activation/", second_factor_views.set_up, name="second_factor_set_up"),
    path(
        "double-authentification/codes-de-secours/",
        second_factor_views.recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path(
        "double-authentification/codes-de-secours/nouveaux/",
        second_factor_views.regenerate_recovery_codes,
        name="second_factor_regenerate",
    ),
    path("double-authentification/reinitialisation/", second_factor_views.reset, name="second_factor_reset"),
    path("mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
