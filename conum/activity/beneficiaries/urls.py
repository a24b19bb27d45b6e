from django.urls import path

from conum.activity.beneficiaries import views

app_name = "beneficiaries"
urlpatterns = [
    path("", views.beneficiary_list, name="list"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.update, name="update"),
    path("<int:pk>/export.json", views.export, name="export"),
    path("<int:pk>/effacer/", views.erase, name="erase"),
]
