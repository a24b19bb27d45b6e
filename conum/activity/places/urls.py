from django.urls import path

from conum.activity.places import duplicate_views, views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="list"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/archiver/", views.archive, name="archive"),
    path("<int:pk>/reactiver/", views.restore, name="restore"),
    path("doublons/", duplicate_views.queue, name="duplicates"),
    path("doublons/<int:pk>/fusionner/", duplicate_views.merge, name="duplicates_merge"),
    path("doublons/<int:pk>/distincts/", duplicate_views.keep_both, name="duplicates_distinct"),
]
