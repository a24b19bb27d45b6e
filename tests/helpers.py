import html
import threading

from django.db import connection

from conum.core.errors import RuleViolation


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
