"""Text messages (appointment reminders) through a configurable provider; off unless SMS_PROVIDER_URL is set.

The interface is one function, `send(phone, text)`: True when the provider accepted the message. The one provider
written is a generic HTTP one: a JSON POST {"to": "+33…", "from": SMS_SENDER, "text": …} to SMS_PROVIDER_URL with
`Authorization: Bearer SMS_PROVIDER_TOKEN`, any 2xx status meaning accepted (most SMS gateways, or a small
adapter in front of one, take this shape). A failure is logged (without the number or the text) and never
stops the reminders: the e-mail is the reminder that counts.
"""

import logging

import requests
from django.conf import settings

logger = logging.getLogger(__name__)
MAX_LENGTH = 320  # two SMS segments at most


def enabled() -> bool:
    return bool(settings.SMS_PROVIDER_URL)


def send(phone: str, text: str) -> bool:
    if not enabled():
        return False
    headers = {"Authorization": f"Bearer {settings.SMS_PROVIDER_TOKEN}"} if settings.SMS_PROVIDER_TOKEN else {}
    body = {"to": phone, "from": settings.SMS_SENDER, "text": text[:MAX_LENGTH]}
    try:
        response = requests.post(
            settings.SMS_PROVIDER_URL, json=body, headers=headers, timeout=settings.SMS_PROVIDER_TIMEOUT_MS / 1000
        )
    except requests.RequestException as error:
        logger.warning("SMS provider unreachable: %s", type(error).__name__)
        return False
    if not 200 <= response.status_code < 300:
        logger.warning("SMS provider refused a message: HTTP %s", response.status_code)
        return False
    return True
