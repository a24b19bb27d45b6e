from django.contrib.auth.views import LoginView
from django.urls import include, path, re_path
from oauth2_provider import views as oauth_views

from .views import ProConnectDiscoveryView

urlpatterns = [
    path("login/", LoginView.as_view(template_name="provider_login.html"), name="login"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    # ProConnect's flavour: the same provider, its user info a signed JWT.
    re_path(r"^proconnect/\.well-known/openid-configuration$", ProConnectDiscoveryView.as_view()),
    path("proconnect/userinfo/", oauth_views.UserInfoView.as_view(), name="proconnect-userinfo"),
]
