"""Unbounded uploads: a request past the limit is refused while reading, not spooled to disk first.

The body is produced on demand (a stream that counts what the server reads), so the test never holds the
300 MB it announces; it stops at READ_CAP, which no server following the rule ever reaches.
"""

import pytest
from django.test.client import ClientHandler

from conum.recruitment.models import Candidate
from tests.helpers import page_text
from tests.recruitment.builders import URL, form_data

BOUNDARY = "conum-boundary"
CHUNK = 64 * 1024  # Django's upload chunk
READ_CAP = 30 * 1000 * 1000


class StreamedBody:
    """multipart head, `size` bytes of a PDF, multipart tail; counts the bytes read, ends at READ_CAP."""

    def __init__(self, size: int):
        fields = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in form_data().items()
        )
        self.head = (
            fields + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="cv"; filename="cv.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def read(self, size=-1):
        size = self.length if size is None or size < 0 else size
        lo, hi = self.read_bytes, min(self.read_bytes + size, self.length, READ_CAP)
        head_end, tail_start = len(self.head), self.length - len(self.tail)
        out = self.head[lo:hi] if lo < head_end else b""
        if hi > head_end and lo < tail_start:
            out += b"0" * (min(hi, tail_start) - max(lo, head_end))
        if hi > tail_start:
            out += self.tail[max(lo, tail_start) - tail_start : hi - tail_start]
        self.read_bytes = hi
        return out

    def readline(self, size=-1):
        start = self.read_bytes
        line = self.read(CHUNK if size is None or size < 0 else size)
        end = line.find(b"\n") + 1 or len(line)
        self.read_bytes = start + end
        return line[:end]


def post_streamed(body: StreamedBody):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": URL,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.10",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": None,
    }
    return ClientHandler(enforce_csrf_checks=False)(environ)


@pytest.fixture(autouse=True)
def disk(settings, tmp_path):
    """Where an upload could land: Django's temporary files and the private storage of CVs."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "tmp").mkdir()
    return tmp_path


def files_under(path):
    return [p for p in path.rglob("*") if p.is_file()]


def test_a_300_mb_cv_is_refused_before_it_is_read(programme, disk):
    body = StreamedBody(300 * 1000 * 1000)
    response = post_streamed(body)
    assert response.status_code == 413
    text = page_text(response)
    assert "Envoi trop volumineux" in text and "au plus 10 Mo" in text
    assert body.read_bytes < CHUNK  # refused on Content-Length: nothing read
    assert files_under(disk) == []
    assert not Candidate.objects.exists()


def test_a_cv_past_the_limit_inside_the_request_allowance_is_not_kept(settings, programme, disk):
    """A body within the allowance (file + other fields) whose file passes the limit: the file's bytes past
    the limit go nowhere, its temporary file is deleted, the form says how big it was, nothing is saved."""
    settings.MAX_UPLOAD_SIZE_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100_000  # on disk, as a 10 MB CV would be
    body = StreamedBody(1_500_000)
    assert body.length < settings.MAX_UPLOAD_SIZE_MB * 1_000_000 + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_streamed(body)
    assert response.status_code == 200
    assert "Le CV fait 1.5 Mo : 1 Mo au plus." in page_text(response)
    assert body.read_bytes == body.length  # bounded by the allowance, read to its end to show the form
    assert files_under(disk) == []
    assert not Candidate.objects.exists()
