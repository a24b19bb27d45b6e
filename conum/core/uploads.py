"""Request bodies and uploaded files are refused past their limit while reading, never spooled first.

- `RequestSizeLimitMiddleware` (before anything reads the body) answers 413 at once, without reading a byte,
  when Content-Length is above what any form may send: the largest file (`MAX_UPLOAD_SIZE_MB`) plus the
  other fields (`DATA_UPLOAD_MAX_MEMORY_SIZE`) for a multipart form, `DATA_UPLOAD_MAX_MEMORY_SIZE` otherwise.
  Django reads no more than Content-Length, so this bounds every read.
- `FileSizeLimitHandler` (first of `FILE_UPLOAD_HANDLERS`) counts each file's bytes as they arrive: past
  `MAX_UPLOAD_SIZE_MB` the file's data goes nowhere (the temporary file is deleted) and the form receives an
  empty `OversizedUpload` of the size sent, so that its field says how big the file was and nothing is saved.

nginx's `client_max_body_size` must be at least `max_request_bytes()` (docs/deployment.md).
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.utils.deprecation import MiddlewareMixin

from .views import error_page

MEGABYTE = 1000 * 1000
# API clients are answered in the API's error format (docs/api.md), never with an HTML page.
JSON_PATH_PREFIX = "/api/v1/"


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_SIZE_MB * MEGABYTE


def max_request_bytes(content_type: str = "multipart/form-data") -> int:
    if content_type == "multipart/form-data":
        return max_upload_bytes() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django then reads nothing either


def too_large_message() -> str:
    return (
        f"Votre envoi est trop volumineux : un fichier joint fait au plus {settings.MAX_UPLOAD_SIZE_MB} Mo. "
        "Revenez au formulaire et choisissez un fichier plus léger. Rien n'a été enregistré."
    )


def too_large_response(request):
    message = too_large_message()
    if request.path.startswith(JSON_PATH_PREFIX):
        return JsonResponse({"detail": message, "errors": []}, status=413)
    return error_page(
        request,
        413,
        "Envoi trop volumineux",
        message,
        "Un CV au format PDF tient le plus souvent en moins de 2 Mo : exportez-le de nouveau depuis votre traitement "
        "de texte ou réduisez la taille de ses images.",
    )


class RequestSizeLimitMiddleware(MiddlewareMixin):
    """Its check runs before any process_view (CSRF's reads request.POST) and any view reads the body."""

    def process_request(self, request):
        if _declared_length(request) > max_request_bytes(request.content_type):
            return too_large_response(request)
        return None


class OversizedUpload(UploadedFile):
    """What the form receives for a file past the limit: no content, the size that was sent."""

    def __init__(self, name, content_type, size, charset=None, content_type_extra=None):
        super().__init__(BytesIO(b""), name, content_type, size, charset, content_type_extra)

    def read(self, *args, **kwargs):
        raise ValueError("an upload past MAX_UPLOAD_SIZE_MB has no content: check its size first")


class FileSizeLimitHandler(FileUploadHandler):
    """First upload handler: passes each chunk on to the next handlers until the file passes the limit."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= max_upload_bytes():
            return raw_data
        if not self.oversized:
            self.oversized = True
            self._discard_stored_part()
        return None  # the next handlers (memory, temporary file) never see this chunk

    def file_complete(self, file_size):
        if self.oversized:  # returned first, so the next handlers' (discarded) files are never used
            return OversizedUpload(self.file_name, self.content_type, self.received, self.charset)
        return None

    def _discard_stored_part(self):
        # What the next handlers stored so far: closing a temporary upload deletes its file.
        for handler in self.request.upload_handlers if self.request is not None else []:
            if handler is not self and hasattr(handler, "file"):
                handler.file.close()
