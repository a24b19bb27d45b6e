"""When the database is unreachable: a 503 with a clear French message, never a 200 cut short.

`conum.core.views.server_error` (the 500 handler) answers 503 with `unavailable_page()` for the errors of a
database that cannot be reached; the API answers the same in its JSON format (conum/api/errors.py).

A streamed file (open data, exports) has sent its 200 before its first row is read: `started()` makes the
view ask the database a trivial question before the response starts, so that a database already down is a
503. An error in the middle of a stream can no longer change the status: the file is then cut short
(docs/open-data.md).
"""

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

# A refused or lost connection, a server shutting down, a statement cancelled: the database, not the request.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
MESSAGE = "Le service est momentanément indisponible : réessayez dans quelques minutes."


def database_down(error) -> bool:
    return isinstance(error, DATABASE_DOWN)


def unavailable_page() -> HttpResponse:
    # Rendered without the request, as the 500 page: its context processors would query the database.
    response = HttpResponse(render_to_string("core/503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def started(chunks):
    """Check now, in the view, that the database answers (a refusal raises before the status goes out), and give
    back the body untouched. The body's generator is not started here: it would hold a server-side cursor open
    until the response is closed, and one left to the garbage collector closes it in the middle of another
    query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return chunks
