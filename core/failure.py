"""A short "we are having trouble" page (503) when the database or the cache is unavailable.

Django turns an exception into a response at every middleware layer (each one is wrapped in
`convert_exception_to_response`), so an outage raised inside the session or authentication
middleware, a view or a template never reaches an outer middleware as an exception: it arrives as
the 500 page. On its way, Django sends `got_request_exception` while the exception is being
handled; the receiver below marks the request when that exception is an outage, and
`FriendlyFailureMiddleware` swaps the response for the 503 page.

The page is a standalone template rendered without a request, so no context processor, session
or cache lookup runs, and it needs neither the database nor Redis. For a POST it shows back, in
read-only text boxes, what the member typed (escaped, passwords and tokens left out), because
that text has not been saved.
"""

import logging
import sys

import redis
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils.html import escape

logger = logging.getLogger(__name__)

# OperationalError covers a refused or dropped connection, InterfaceError a connection already
# closed under a persistent one; the redis errors are a cache server that is down or too slow.
OUTAGES = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
RETRY_AFTER_SECONDS = 60
# POST fields never shown back: secrets, and the form's own machinery.
HIDDEN_FIELD_WORDS = ("password", "token", "secret", "csrf")
# Headers that the inner middleware (CSP, clickjacking) put on the response being replaced.
KEPT_HEADERS = ("Content-Security-Policy", "X-Frame-Options")

FALLBACK_PAGE = (
    "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
    "<title>We are having trouble</title></head><body><main>"
    "<h1>We are having trouble</h1>"
    "<p>Your work is not lost — please try again in a minute.</p>"
    "{typed}</main></body></html>"
)


def outage_in(exc):
    """The outage exception behind `exc` (itself, or one it was raised from), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGES):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def note_outage(sender, request=None, **kwargs):
    """`got_request_exception` receiver: mark the request if the exception is an outage."""
    if request is None:
        return
    outage = outage_in(sys.exc_info()[1])
    if outage is not None:
        request._cop_outage = outage


got_request_exception.connect(note_outage, dispatch_uid="core.failure.note_outage")


def typed_fields(request):
    """{label, text} for each non-empty text field of a POST, leaving out secrets."""
    if request.method != "POST":
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # a body that cannot be parsed again: nothing to show back
        return []
    fields = []
    for name, values in items:
        if any(word in name.lower() for word in HIDDEN_FIELD_WORDS):
            continue
        label = name.replace("_", " ").strip().capitalize() or "Text"
        fields.extend({"label": label, "text": value} for value in values if value.strip())
    return fields


def render_page(request):
    """The 503 page's HTML; if the template itself cannot render, a plain built-in page."""
    typed = typed_fields(request)
    try:
        return get_template("503.html").render({"typed": typed, "posted": request.method == "POST"})
    except Exception:
        logger.exception("the 503 template could not be rendered")
        shown = "".join(
            f"<p>{escape(field['label'])}</p>"
            f"<textarea readonly rows='8' cols='60'>\n{escape(field['text'])}</textarea>"
            for field in typed
        )
        if request.method == "POST":
            shown = "<p>What you typed has not been saved yet.</p>" + shown
        return FALLBACK_PAGE.format(typed=shown)


def unavailable_response(request):
    response = HttpResponse(render_page(request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The page may hold what the member typed: never keep it in any cache.
    response["Cache-Control"] = "no-store"
    return response


class FriendlyFailureMiddleware:
    """Answers 503 with the "we are having trouble" page when the database or cache is down.

    It sits above the session and authentication middleware in MIDDLEWARE so that an outage in
    any of them, in the view or in a template reaches it (marked by `note_outage`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        outage = getattr(request, "_cop_outage", None)
        if outage is None:
            return response
        logger.warning(
            "Service unavailable (%s: %s): %s %s",
            type(outage).__name__,
            str(outage).strip().splitlines()[0] if str(outage).strip() else "",
            request.method,
            request.path,
        )
        friendly = unavailable_response(request)
        for header in KEPT_HEADERS:
            if header in response:
                friendly[header] = response[header]
        return friendly
