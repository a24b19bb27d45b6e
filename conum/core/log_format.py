"""How the console log writes records (settings.LOGGING).

A client error (4xx: a PermissionDenied turned into 403, a DisallowedHost turned into 400) is the client's
doing, not a fault of the code: Django logs it with the exception attached, which printed a full traceback for
every 403. It is written in one line; a 500 keeps its traceback.
"""

import logging


class OneLineClientErrors(logging.Formatter):
    def format(self, record):
        if record.exc_info and 400 <= getattr(record, "status_code", 0) < 500:
            # A copy: other handlers (error reporting) still receive the record as logged.
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return super().format(record)
