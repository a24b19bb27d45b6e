"""Issue 14, low item: a NUL byte in a filter made a 500 (`/journal/?action=%00`, `/programme/dotations/?region=%00`).

Every URL of the project (walked from the URL resolver, converters filled with plausible values) is asked
with a NUL in every known parameter, by GET and by POST, anonymously and as national staff: never a 500.
Forms answer with a field message; a view whose query meets the NUL answers the French 400 page; the API a
422 in its error format. The database refuses a NUL as PostgreSQL does, on SQLite too (`postgresql_nul`).
"""

import functools
import itertools
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django import forms
from django.db import DataError, connection
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

import conum
from conum.core.models import Journal
from tests.helpers import close_streamed, page_text

NUL = "\x00"
# Values tried, in order, for each parameter of a URL until the URL resolver accepts one.
PATH_VALUES = ["1", "87", "87085", "x"]
SOURCE_PARAMETER = re.compile(r"""request\.(?:GET|POST)\.(?:get|getlist)\(\s*["'](\w+)["']""")


def named_urls(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            parameters = list(getattr(pattern.pattern, "converters", {})) or list(pattern.pattern.regex.groupindex)
            yield f"{namespace}:{pattern.name}".strip(":"), parameters


@functools.cache
def every_url() -> list[str]:
    urls = set()
    for name, parameters in named_urls():
        for values in itertools.product(PATH_VALUES, repeat=len(parameters)):
            try:
                urls.add(reverse(name, kwargs=dict(zip(parameters, values, strict=True))))
                break
            except NoReverseMatch:
                continue
        else:
            raise AssertionError(f"no plausible value fills the URL {name} {parameters}")
    return sorted(urls)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


@functools.cache
def known_parameters() -> list[str]:
    """Every field of every form of the project, and every parameter a view reads by name."""
    get_resolver().url_patterns  # noqa: B018 (imports every view, hence every form)
    names = {
        name
        for form in _subclasses(forms.BaseForm)
        if form.__module__.startswith("conum.")
        for name in form.base_fields
    }
    for path in Path(conum.__file__).parent.rglob("*.py"):
        names.update(SOURCE_PARAMETER.findall(path.read_text(encoding="utf-8")))
    return sorted(names | {"x", "page", "q"})


def test_the_sweep_covers_the_reported_urls_and_filters():
    urls, parameters = every_url(), known_parameters()
    assert len(urls) > 100
    assert {"/journal/", "/programme/dotations/", "/api/v1/communes", "/structures/candidater/"} <= set(urls)
    assert {"action", "region", "departement", "commune", "siret"} <= set(parameters)


def _holds_nul(params) -> bool:
    if isinstance(params, dict):
        params = params.values()
    return any(
        _holds_nul(value) if isinstance(value, list | tuple | dict) else isinstance(value, str) and NUL in value
        for value in params or ()
    )


@pytest.fixture
def postgresql_nul():
    """Every query refuses a NUL in its parameters, with PostgreSQL's error (psycopg's DataError), on any engine."""

    def refuse(execute, sql, params, many, context):
        if _holds_nul(params):
            raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.parametrize("persona", ["anonymous", "national_staff"])
def test_no_url_answers_500_to_a_nul_byte(request, programme, postgresql_nul, persona):
    client = Client(raise_request_exception=False)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    parameters = known_parameters()
    query = "&".join(f"{name}=%00" for name in parameters)
    # URL-encoded (cheaper to parse than multipart, which the public-form test below sends).
    post_body = urlencode(dict.fromkeys(parameters, NUL) | {f"x{NUL}": "1"})
    journal_before = Journal.objects.count()
    server_errors, api_answers = [], set()
    for url in every_url():
        if user:
            client.force_login(user)  # again: a POST to the logout URL signs out
        for method, response in [
            ("GET", client.get(f"{url}?{query}")),
            ("POST", client.post(url, post_body, content_type="application/x-www-form-urlencoded")),
        ]:
            close_streamed(response)
            if response.status_code >= 500:
                server_errors.append(f"{method} {url}")
            if url.startswith("/api/v1/"):
                api_answers.add((response.status_code, response["Content-Type"]))
    assert server_errors == []
    assert api_answers == {(422, "application/json")}
    assert Journal.objects.count() == journal_before


@pytest.mark.parametrize("url", ["/journal/?action=%00", "/programme/dotations/?region=%00"])
def test_the_reported_filters_answer_a_french_400_page(client, programme, national_staff, postgresql_nul, url):
    client.force_login(national_staff)
    response = client.get(url)
    assert response.status_code == 400
    text = page_text(response)
    assert "Demande invalide" in text and "caractère non autorisé" in text


def test_clean_filters_still_work(client, programme, national_staff, postgresql_nul):
    client.force_login(national_staff)
    assert client.get("/journal/", {"action": "structures.décision"}).status_code == 200
    assert client.get("/programme/dotations/", {"region": "75"}).status_code == 200


def test_the_api_answers_in_its_error_format(client, territories):
    response = client.get("/api/v1/communes", {"q": f"Limoges{NUL}"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "q", "message": "caractère nul ou invalide : retirez-le"}]


def test_a_nul_in_a_public_form_gets_a_field_message_and_changes_nothing(client, programme, postgresql_nul):
    from conum.structures.models import HostStructure
    from tests.structures.builders import form_data

    response = client.post("/structures/candidater/", form_data(name=f"Mairie{NUL}"))  # multipart, as browsers
    assert response.status_code == 200 and "Le caractère nul n’est pas autorisé." in page_text(response)
    assert not HostStructure.objects.exists()
