"""Issue 14, low item: every 403 logged a full traceback. A client error is logged in one line; a 500 keeps it.

What the console handler of settings.LOGGING prints (the production log) is captured by pointing its stream
at a buffer; caplog shows that the warning itself is still logged.
"""

import io
import logging
import sys
from contextlib import contextmanager

import pytest

from tests.factories import UserFactory


@contextmanager
def console_output():
    """What the configured console handler writes during the block."""
    (console,) = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    buffer = io.StringIO()
    previous = console.setStream(buffer)
    try:
        yield buffer
    finally:
        console.setStream(previous)


def test_a_403_is_logged_in_one_line(client, db, caplog):
    client.force_login(UserFactory())  # a candidate: the journal is the national team's
    with caplog.at_level(logging.WARNING, logger="django.request"), console_output() as output:
        assert client.get("/journal/").status_code == 403
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert (record.levelno, record.status_code) == (logging.WARNING, 403)
    assert output.getvalue() == "Forbidden (Permission denied): /journal/\n"


def test_a_suspicious_request_is_logged_in_one_line(client, db, caplog):
    with caplog.at_level(logging.WARNING), console_output() as output:
        assert client.get("/", HTTP_HOST="attaquant.example").status_code == 400
    assert [record.name for record in caplog.records] == ["django.security.DisallowedHost"]
    lines = output.getvalue().splitlines()
    assert len(lines) == 1 and "attaquant.example" in lines[0] and "Traceback" not in output.getvalue()


def test_a_server_error_keeps_its_traceback():
    logger = logging.getLogger("django.request")
    with console_output() as output:
        try:
            raise RuntimeError("panne")
        except RuntimeError:
            logger.error("Internal Server Error: /x/", exc_info=sys.exc_info(), extra={"status_code": 500})
    assert "Traceback" in output.getvalue() and "RuntimeError: panne" in output.getvalue()


@pytest.mark.parametrize("status_code", [403, 404])
def test_any_client_error_record_drops_its_traceback(status_code):
    logger = logging.getLogger("django.request")
    with console_output() as output:
        try:
            raise PermissionError("refus")
        except PermissionError:
            logger.warning("Refusé : /y/", exc_info=sys.exc_info(), extra={"status_code": status_code})
    assert output.getvalue() == "Refusé : /y/\n"
