from django.urls import path

from conum.activity.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("disponibilites/", views.availability, name="availability"),
    path("disponibilites/<int:pk>/retirer/", views.remove_rule, name="remove_rule"),
    path("absences/<int:pk>/retirer/", views.remove_absence, name="remove_absence"),
    path("rendez-vous/<int:pk>/", views.detail, name="detail"),
    path("rendez-vous/<int:pk>/venue/", views.mark, name="mark"),
    path("rendez-vous/<int:pk>/dossier/", views.file, name="file"),
    path("rendez-vous/<int:pk>/annuler/", views.cancel, name="cancel"),
]
