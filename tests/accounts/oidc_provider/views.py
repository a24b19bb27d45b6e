import json

from oauth2_provider.views import ConnectDiscoveryInfoView


class ProConnectDiscoveryView(ConnectDiscoveryInfoView):
    """The provider's discovery document, pointing at the user info endpoint that answers a signed JWT."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        data["userinfo_endpoint"] = request.build_absolute_uri("/proconnect/userinfo/")
        response.content = json.dumps(data)
        return response
