"""Error reporting with Sentry (sentry-sdk), on when SENTRY_DSN is set, with personal data scrubbed.

What leaves the server is only what is needed to find a bug: the exception, its stack without local
variables, the route (`/compte/reinitialiser/{uidb64}/{token}/`, never the path with its values), the query
string with the values that could name someone replaced, a few technical headers, the numeric account id.
Never: request bodies, cookies, the client's address, authorisation headers; e-mail addresses and phone
numbers are replaced wherever they appear (exception messages, logs, breadcrumbs).
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

FILTERED = "[filtré]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A French-plan number (0X XX XX XX XX, overseas 0262… included) or an international one (+687 24 12 34, 0033…),
# written with spaces, dots or dashes or without; never digits inside a longer number (a SIRET, an id).
PHONE = re.compile(r"(?<![\w+])(?:0[1-9](?:[\s.-]?\d{2}){4}|(?:\+|00)\d{1,3}(?:[\s.-]?\d){6,12})(?!\d)")
# Headers worth keeping to understand a bug; every other one (Cookie, Authorization, X-Forwarded-For…) is dropped.
KEPT_HEADERS = {"accept", "accept-language", "content-type", "content-length", "host", "user-agent", "referer"}
# Query parameters whose value is always hidden, whatever it looks like.
SECRET_PARAMETERS = re.compile(r"mail|phone|tel|token|jeton|key|cle|password|mot_de_passe|nom|name|q$", re.I)


def scrub_text(text: str) -> str:
    """`text` with its e-mail addresses and phone numbers (French plan and international) replaced."""
    return PHONE.sub(FILTERED, EMAIL.sub(FILTERED, text))


def _scrubbed(value):
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value


def scrub_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(key, FILTERED if SECRET_PARAMETERS.search(key) else scrub_text(value)) for key, value in pairs])


def _scrub_request(event: dict) -> None:
    request = event.get("request")
    if not request:
        return
    for name in ("data", "cookies", "env"):
        request.pop(name, None)
    headers = {name: value for name, value in (request.get("headers") or {}).items() if name.lower() in KEPT_HEADERS}
    # The previous page's address may carry a secret as well: its origin alone.
    request["headers"] = {name: _origin_only(value) if name.lower() == "referer" else value
                          for name, value in headers.items()}  # fmt: skip
    if request.get("query_string"):
        request["query_string"] = scrub_query(request["query_string"])
    if request.get("url"):
        # The path may carry a secret (a password reset or a cancellation link): the route stands for it.
        parts = urlsplit(request["url"])
        request["url"] = urlunsplit((parts.scheme, parts.netloc, _route(event), "", ""))


def _route(event: dict) -> str:
    routed = (event.get("transaction_info") or {}).get("source") == "route"
    return event["transaction"] if routed and event.get("transaction") else "/" + FILTERED


def _origin_only(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send (and before_send_transaction): the event without personal data."""
    _scrub_request(event)
    if event.get("transaction") and (event.get("transaction_info") or {}).get("source") != "route":
        event["transaction"] = "/" + FILTERED
    user = event.get("user") or {}
    event["user"] = {"id": str(user["id"])} if str(user.get("id", "")).isdigit() else {}
    for name in ("exception", "logentry", "message", "breadcrumbs", "extra", "contexts", "tags", "spans"):
        if name in event:
            event[name] = _scrubbed(event[name])
    return event


def traces_rate(raw: str) -> float:
    """SENTRY_TRACES_SAMPLE_RATE: a share of requests traced, from 0 (none, the default) to 1 (all)."""
    try:
        rate = float(raw or 0)
    except ValueError:
        rate = -1
    if not 0 <= rate <= 1:
        raise ImproperlyConfigured(f"SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1, got {raw!r}")
    return rate


def init_sentry(dsn: str, environment: str, traces_sample_rate: float) -> bool:
    """Start reporting errors to `dsn`; nothing (and False) when it is empty."""
    if not dsn:
        return False
    import sentry_sdk  # only where reporting is on
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(transaction_style="url")],
        # send_default_pii stays unset: off, its default (this SDK warns when it is passed at all).
        include_local_variables=False,  # a frame's variables may hold a person's details
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
    return True
