from django.urls import path, re_path

from conum.activity.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("calendrier/", views.month_calendar, name="calendar"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("<int:pk>/inscrire/", views.add_registration, name="add_registration"),
    path("<int:pk>/presences/", views.attendance, name="attendance"),
    path(
        "<int:pk>/inscriptions/<int:registration_pk>/annuler/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    # The link of the e-mails: no account, the unguessable token is the key (token_urlsafe characters only).
    re_path(r"^annulation/(?P<token>[A-Za-z0-9_-]{1,64})/$", views.public_cancel, name="public_cancel"),
]
