"""Start the test provider (serve.py) in a subprocess, and sign in at it as a browser would (with `requests`)."""

import html
import json
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID, CLIENT_SECRET = "conum-test", "conum-test-secret-0123456789"


@dataclass
class Provider:
    url: str
    private_key: rsa.RSAPrivateKey  # its signing key, for tests that forge tokens

    @property
    def discovery_url(self) -> str:
        """ProConnect's flavour (user info as a signed JWT)."""
        return f"{self.url}/proconnect/.well-known/openid-configuration"

    @property
    def plain_discovery_url(self) -> str:
        """A plain OpenID provider's (user info as JSON)."""
        return f"{self.url}/o/.well-known/openid-configuration"


@contextmanager
def running_provider(folder: Path, users: list[dict], redirect_uri: str, post_logout_redirect_uri: str):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": redirect_uri,
        "post_logout_redirect_uri": post_logout_redirect_uri,
    }
    inherited = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_"))}
    env = inherited | {
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": pem.decode(),
        "OIDC_PROVIDER_USERS": json.dumps(users),
        "OIDC_PROVIDER_CLIENT": json.dumps(client),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the test provider did not start: {process.stderr.read()}")
        yield Provider(f"http://127.0.0.1:{port}", key)
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


def sign_in_at_provider(browser: requests.Session, authorize_url: str, email: str, password: str, stop_at: str) -> str:
    """Follow the provider's pages from `authorize_url` (its login form, filled in) to the redirect that leaves
    for `stop_at` (Conum's callback), which is returned."""
    url = authorize_url
    for _ in range(10):
        if url.startswith(stop_at):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (301, 302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if response.status_code != 200 or token is None:
            raise AssertionError(f"unexpected page at the provider: {response.status_code} {response.text[:500]}")
        data = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
        data["next"] = html.unescape(re.search(r'name="next" value="([^"]*)"', response.text).group(1))
        response = browser.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, f"the provider refused the sign-in: {response.text[:500]}"
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects at the provider")
