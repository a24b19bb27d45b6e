from django.urls import path

from conum.api.clients import views as client_views

app_name = "api_clients"

urlpatterns = [
    path("", client_views.client_list, name="list"),
    path("<int:pk>/revoquer/", client_views.client_revoke, name="revoke"),
]
