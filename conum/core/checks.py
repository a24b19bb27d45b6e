"""Deployment checks of Conum's own settings (run by `conum check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    warnings = []
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        warnings.append(
            Warning(
                "E-mails (password reset links included) are printed on the console, not sent.",
                hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to an SMTP server.",
                id="conum.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        warnings.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in e-mails would not point to the public HTTPS site.",
                hint="Set SITE_URL to the public address, e.g. https://conum.example.gouv.fr",
                id="conum.W002",
            )
        )
    return warnings
