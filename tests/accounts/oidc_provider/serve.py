"""`python -m tests.accounts.oidc_provider.serve`: set up the provider's database (users and Conum's client from
the environment), then serve on a free port of 127.0.0.1, printed on the first line of stdout, until killed."""

import json
import os
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.oidc_provider.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def set_up():
    call_command("migrate", run_syncdb=True, verbosity=0)
    for profile in json.loads(os.environ["OIDC_PROVIDER_USERS"]):
        User.objects.create_user(profile["email"], profile["email"], profile["password"])
    client = json.loads(os.environ["OIDC_PROVIDER_CLIENT"])
    Application.objects.create(
        name="Conum",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        post_logout_redirect_uris=client["post_logout_redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,  # no consent page: ProConnect asks none either
    )


if __name__ == "__main__":
    set_up()
    get_resolver().url_patterns  # import the views now, not on the first request  # noqa: B018
    server = make_server("127.0.0.1", 0, get_wsgi_application(), ThreadingServer, QuietHandler)
    print(server.server_port, flush=True)
    server.serve_forever()
