"""Calls to the State's reference services (Sirene's "recherche d'entreprises", the Base Adresse Nationale).

One way to call them: the base URL and the on/off switch from settings (docs/configuration.md), a short timeout
(REFERENCE_API_TIMEOUT_MS, about 2 s) so that a form never hangs, answers kept in Django's cache
(REFERENCE_API_CACHE_SECONDS, a day), and every failure (off, unreachable, slow, an error status, an answer that
is not what the service documents) raised as one `ServiceUnavailable`, which callers turn into a French notice
and a fallback: a reference service never blocks a form or a save, and never makes a 500.

After a failure the service is taken as down for DOWN_SECONDS, so that the next forms and the rows of an import
fall back at once instead of each waiting for the timeout.
"""

import hashlib
import json
import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DOWN_SECONDS = 60
USER_AGENT = "Conum (conseiller numérique France Services)"


@dataclass(frozen=True)
class Service:
    name: str  # as people know it, in French messages
    key: str  # cache keys
    url_setting: str
    switch_setting: str

    @property
    def enabled(self) -> bool:
        return bool(getattr(settings, self.switch_setting) and getattr(settings, self.url_setting))

    def url(self, path: str) -> str:
        return getattr(settings, self.url_setting).rstrip("/") + path


SIRENE = Service("Sirene", "sirene", "SIRENE_API_URL", "SIRENE_ENABLED")
GEOCODING = Service("Base Adresse Nationale", "ban", "GEOCODING_API_URL", "GEOCODING_ENABLED")


class ServiceUnavailable(Exception):
    """The service is off, did not answer in time, or answered something unusable."""

    def __init__(self, service: Service, reason: str):
        super().__init__(f"{service.name} : {reason}")
        self.service = service
        self.reason = reason


def timeout() -> float:
    return settings.REFERENCE_API_TIMEOUT_MS / 1000


def cache_key(service: Service, *parts) -> str:
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
    return f"reference:{service.key}:{digest}"


def remembered(key: str):
    """The answer kept under `key` (by `keep`), or None."""
    return cache.get(key)


def keep(key: str, value) -> None:
    cache.set(key, value, settings.REFERENCE_API_CACHE_SECONDS)


def remembered_many(keys: list[str]) -> dict:
    """The answers kept under any of `keys` (one round trip to the cache)."""
    return cache.get_many(keys)


def keep_many(values: dict) -> None:
    cache.set_many(values, settings.REFERENCE_API_CACHE_SECONDS)


def get_json(service: Service, path: str, params: dict, *, ok_statuses=(200,)) -> tuple[int, object]:
    """(status, decoded JSON) of GET `path`; ServiceUnavailable unless the status is one of `ok_statuses`."""
    response = _send(service, "GET", path, params=params, timeout=timeout())
    if response.status_code not in ok_statuses:
        _failed(service, f"statut HTTP {response.status_code}")
    try:
        return response.status_code, response.json()
    except ValueError:
        _failed(service, "réponse qui n'est pas du JSON")


def post_file(service: Service, path: str, *, files: dict, data: dict, batch_timeout: float) -> str:
    """The text answered to a multipart POST (a CSV sent, a CSV back)."""
    response = _send(service, "POST", path, files=files, data=data, timeout=batch_timeout)
    if response.status_code != 200:
        _failed(service, f"statut HTTP {response.status_code}")
    return response.content.decode("utf-8-sig", errors="replace")


def _send(service: Service, method: str, path: str, **kwargs) -> requests.Response:
    if not service.enabled:
        raise ServiceUnavailable(service, "service désactivé")
    if cache.get(_down_key(service)):
        raise ServiceUnavailable(service, "service indisponible depuis peu")
    try:
        return requests.request(method, service.url(path), headers={"User-Agent": USER_AGENT}, **kwargs)
    except requests.RequestException as error:
        _failed(service, type(error).__name__)


def _failed(service: Service, reason: str):
    logger.warning("Service %s indisponible : %s", service.name, reason)
    cache.set(_down_key(service), True, DOWN_SECONDS)
    raise ServiceUnavailable(service, reason)


def _down_key(service: Service) -> str:
    return f"reference:{service.key}:down"
