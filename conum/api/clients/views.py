"""The national team's pages for API clients: list, create (the token is shown once), revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conum.api.clients import services as clients
from conum.api.clients.forms import ApiClientForm
from conum.api.models import ApiClient
from conum.core.errors import RuleViolation
from conum.core.permissions import role_required
from conum.core.roles import Role

national_staff_only = role_required(Role.NATIONAL_STAFF)


@national_staff_only
def client_list(request):
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, token = clients.create_client(
                request.user, form.cleaned_data["name"], form.owner, form.cleaned_data["scopes"]
            )
        except RuleViolation as refusal:
            form.add_error(None, str(refusal))
        else:
            # Rendered, not redirected: the token is never stored, so it cannot be shown again.
            response = render(request, "api/client_created.html", {"client": client, "token": token})
            response["Cache-Control"] = "no-store"
            return response
    rows = ApiClient.objects.select_related("owner", "created_by").order_by("-created_at")
    return render(request, "api/client_list.html", {"form": form, "clients": rows})


@national_staff_only
@require_POST
def client_revoke(request, pk):
    client = get_object_or_404(ApiClient, pk=pk)
    try:
        clients.revoke_client(request.user, client)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Le client « {client.name} » est révoqué : son jeton ne fonctionne plus.")
    return redirect("api_clients:list")
