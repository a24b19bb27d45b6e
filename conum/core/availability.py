"""When the database is unreachable: a 503 with a clear French message, never a 200 cut short.

`conum.core.views.server_error` (the 500 handler) answers 503 with `unavailable_page()` for the errors of a
database that cannot be reached; the API answers the same in its JSON format (conum/api/errors.py).

A streamed file (open data, exports) has sent its 200 before its last row is read: `started()` makes the
view read the first rows before the response starts, so that a database already down is a 503. An error in
the middle of a stream can no longer change the status: the file is then cut short (docs/open-data.md).
"""

from itertools import chain

from django.db import InterfaceError, OperationalError
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
    """Run a streamed body to its first chunk now, in the view (a database error is then raised before the
    status goes out), and give back the whole body. The generator must read its first rows before it yields
    its first chunk (the header goes out with the first row)."""
    chunks = iter(chunks)
    first = next(chunks, None)
    return iter(()) if first is None else chain([first], chunks)
