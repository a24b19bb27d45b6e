"""A real OpenID provider for the ProConnect tests: django-oauth-toolkit with OIDC, as its own small Django project
run in a subprocess on 127.0.0.1 (serve.py), with its own SQLite database and a fresh RSA key.

It answers like ProConnect where Conum depends on it: `acr`/`amr` in the id_token, `usual_name` and `uid`,
the user info as a signed JWT (`application/jwt`) under /proconnect/ (plain JSON under /o/, as other providers),
RP-initiated logout at `end_session_endpoint`.
"""
