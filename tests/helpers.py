import html
import threading

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


def page_text(response) -> str:
    """The response body with HTML entities decoded, to search for French messages."""
    return html.unescape(response.content.decode())


def run_concurrently(*calls) -> list[str]:
    """Start every call at the same moment, each in its own thread and database connection.

    Returns the sorted outcomes: "saved", or "refused" when the call raised RuleViolation.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("saved")
        except RuleViolation:
            outcomes.append("refused")
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
