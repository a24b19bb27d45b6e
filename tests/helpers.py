import html
import threading
import time

from django.db import connection

from conum.core.errors import RuleViolation

# Every persona of tests/conftest.py, for permission matrices.
PERSONAS = [
    "anonymous",
    "candidate",
    "structure_manager",
    "other_structure_manager",
    "prefecture_agent",
    "other_prefecture_agent",
    "national_staff",
    "advisor",
    "coordinator",
]


def statuses_by_persona(client, request, url) -> dict[str, int]:
    """GET `url` as each persona; the status codes by persona name."""
    answered = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        answered[persona] = client.get(url).status_code
    return answered


# The second factor of the test accounts that require one (any 20 bytes, hex-encoded).
TEST_TOTP_KEY = "00112233445566778899aabbccddeeff00112233"


def totp_device(user):
    """The user's confirmed TOTP device, created with TEST_TOTP_KEY if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Application de test", key=TEST_TOTP_KEY)


def totp_code(device) -> str:
    """The code an authenticator app with the device's key shows now (django-otp's TOTP).

    django-otp accepts a code once: when this time step's code was already used, the next step's one (the
    device accepts one step ahead), and past that, wait for the clock."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    ahead = device.last_t + 1 - totp.t()
    if ahead > device.tolerance:
        time.sleep((ahead - device.tolerance) * device.step - (time.time() - device.t0) % device.step + 0.1)
        ahead = device.last_t + 1 - totp.t()
    totp.time = time.time() + max(ahead, 0) * device.step
    return f"{totp.token():0{device.digits}d}"


def page_text(response) -> str:
    """The response body with HTML entities decoded, to search for French messages."""
    return html.unescape(response.content.decode())


def outcome(call) -> str:
    """ "saved" when the call returns, "refused" when it raises RuleViolation."""
    try:
        call()
    except RuleViolation:
        return "refused"
    return "saved"


def run_concurrently(*calls) -> list[str]:
    """Start every call at the same moment, each in its own thread and database connection.

    Returns the sorted outcomes: "saved", or "refused" when the call raised RuleViolation.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(outcome(call))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def close_streamed(response) -> None:
    """Close a streamed response (its file) without closing the test's database connection.

    response.close() sends request_finished, whose close_old_connections handler would close the
    connection in the middle of the test; Django's test client disconnects it the same way.
    """
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
