"""Public forms are idempotent on double-submit: the same form sent twice creates one thing.

Each blank form carries a random token (`SubmissionTokenField`, hidden). `submit_once(scope, token, data,
save)` runs `save` once per (scope, token, data) and gives every repeat the first call's result (a short
string: what the view redirects to), even when both arrive at the same moment: the first takes a slot in the
Django cache (`cache.add` is atomic, shared by every process with Redis), the others wait for its result. A
failed `save` frees the slot, so that a corrected form or a retry runs again. The same token with other data
(the form reused through the browser's back button for someone else) is a new submission. No token (an old
page, a robot): `save` runs as before.

For another public form (one line in the form, one in the view):

    submission_token = SubmissionTokenField()
    url = submit_once("structure-application", form.cleaned_data["submission_token"], form.cleaned_data,
                      lambda: reverse(…, args=[submission.apply(form.cleaned_data).pk]))
"""

import hashlib
import json
import secrets
import time
from collections.abc import Callable

from django import forms
from django.core.cache import cache

from .errors import RuleViolation

PENDING = "\x00pending"
PENDING_SECONDS = 30  # a process that died while saving holds the slot no longer than this
RESULT_SECONDS = 24 * 60 * 60
WAIT_SECONDS = 10
IN_PROGRESS = "Ce formulaire est déjà en cours d'enregistrement : patientez quelques secondes, puis rechargez la page."


def new_token() -> str:
    return secrets.token_urlsafe(18)


class SubmissionTokenField(forms.CharField):
    """Hidden; a new token for each blank form (a callable initial), sent back with the form's data."""

    def __init__(self, **kwargs):
        kwargs = {"required": False, "max_length": 64, "widget": forms.HiddenInput, "initial": new_token} | kwargs
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            return ""  # an altered hidden field: no protection, but no error the person could fix


def _key(scope: str, token: str, data: dict) -> str:
    fingerprint = json.dumps([scope, token, data], sort_keys=True, default=str)
    return "once:" + hashlib.sha256(fingerprint.encode()).hexdigest()


def submit_once(scope: str, token: str, data: dict, save: Callable[[], str]) -> str:
    """`save()`'s result; for a repeat of the same submission, the first one's (waiting for it if needed)."""
    if not token:
        return save()
    key = _key(scope, token, data)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(key, PENDING, timeout=PENDING_SECONDS):
            try:
                result = save()
            except BaseException:
                cache.delete(key)
                raise
            cache.set(key, result, timeout=RESULT_SECONDS)
            return result
        result = cache.get(key)
        if result is not None and result != PENDING:
            return result
        if time.monotonic() > deadline:
            raise RuleViolation(IN_PROGRESS)
        time.sleep(0.05)  # the first is saving: its result comes in a moment
