from django.urls import path

from conum.activity.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="list"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/archiver/", views.archive, name="archive"),
    path("<int:pk>/reactiver/", views.restore, name="restore"),
]
