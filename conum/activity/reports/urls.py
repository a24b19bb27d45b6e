from django.urls import path

from conum.activity.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("nouveau/", views.create, name="create"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("statistiques/", views.my_statistics, name="statistics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.update, name="update"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
]
