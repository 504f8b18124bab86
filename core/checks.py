"""System checks for settings the deployment guide requires (docs/deployment.md)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

SITE_URL_HINT = (
    "Set the SITE_URL environment variable to the site's public address, "
    "e.g. https://cop.example.org (docs/deployment.md)."
)


def _is_this_machine(host):
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Emails are rendered without a request, so every link in them starts with SITE_URL."""
    site_url = getattr(settings, "SITE_URL", "")
    if not site_url:
        return [
            Error(
                "SITE_URL is not set: links in emails would go nowhere.",
                hint=SITE_URL_HINT,
                id="core.E001",
            )
        ]
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return [
            Error(
                f"SITE_URL {site_url!r} is not an absolute http(s) address.",
                hint=SITE_URL_HINT,
                id="core.E002",
            )
        ]
    if _is_this_machine(parts.hostname):
        return [
            Error(
                f"SITE_URL {site_url!r} points at this machine, not at the public site.",
                hint=SITE_URL_HINT,
                id="core.E003",
            )
        ]
    return []
