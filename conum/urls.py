from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from conum.api.urls import api
from conum.territories.converters import CommuneCodeConverter, DepartementCodeConverter

register_converter(DepartementCodeConverter, "departement")
register_converter(CommuneCodeConverter, "commune")

urlpatterns = [
    path("", include("conum.core.urls")),
    path("territoires/", include("conum.territories.urls")),
    path("programme/", include("conum.programme.urls")),
    path("compte/", include("conum.accounts.urls")),
    path("structures/", include("conum.structures.urls")),
    path("recrutement/", include("conum.recruitment.urls")),
    path("conseillers/", include("conum.recruitment.advisors.urls")),
    path("activite/", include("conum.activity.urls")),
    path("aide-numerique/", include("conum.public.urls")),
    path("", include("conum.steering.urls")),
    path("equipe/", include("conum.steering.team.urls")),
    path("api/clients/", include("conum.api.clients.urls")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]

handler403 = "conum.core.views.permission_denied"
handler404 = "conum.core.views.page_not_found"
handler500 = "conum.core.views.server_error"
