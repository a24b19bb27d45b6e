from django.urls import path, re_path

from . import appointment_views, level_views, views

app_name = "public"
urlpatterns = [
    path("", views.place_search, name="search"),
    path("lieux/<int:pk>/", views.place_detail, name="place"),
    path("ateliers/", views.workshop_search, name="workshops"),
    path("ateliers/<int:pk>/", views.workshop_detail, name="workshop"),
    path("ateliers/<int:pk>/inscription/", views.register, name="register"),
    # The registration's unguessable token (as in the cancellation link) is the key to its page.
    re_path(r"^inscription/(?P<token>[A-Za-z0-9_-]{1,64})/$", views.registration, name="registration"),
    re_path(r"^inscription/(?P<token>[A-Za-z0-9_-]{1,64})/atelier\.ics$", views.registration_ics, name="ics"),
    path("mon-niveau/", level_views.self_assessment, name="self_assessment"),
    path("lieux/<int:pk>/rendez-vous/", appointment_views.book, name="book"),
    # The appointment's unguessable token is the key to its page (confirmation, calendar file, cancellation).
    re_path(r"^rendez-vous/(?P<token>[A-Za-z0-9_-]{1,64})/$", appointment_views.appointment, name="appointment"),
    re_path(
        r"^rendez-vous/(?P<token>[A-Za-z0-9_-]{1,64})/rendez-vous\.ics$",
        appointment_views.appointment_ics,
        name="appointment_ics",
    ),
]
