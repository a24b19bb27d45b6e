from django.urls import path, re_path

from . import level_views, views

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
]
