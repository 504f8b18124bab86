"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API returns has `type`, `title`, `status` and `detail`; validation errors add
`errors`, a list of {"loc", "msg"}. The `type` values are tag URIs (RFC 9457 §3.1.1: they name
the kind of problem and are not meant to be fetched); docs/api.md lists them.
"""

import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.errors import Invalid

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "tag:cop-platform,2026:problem/"

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not signed in"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid request"),
    429: gettext_lazy("Too many requests"),
}
SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid",
    429: "rate-limited",
}


class Problem(Exception):
    """Raised anywhere in an endpoint to answer with this problem."""

    def __init__(self, status, detail, *, slug=None, headers=None, errors=None):
        super().__init__(detail)
        self.status = status
        self.detail = str(detail)
        self.slug = slug or SLUGS.get(status, "error")
        self.headers = headers or {}
        self.errors = errors


def response(status, detail, *, slug=None, headers=None, errors=None):
    body = {
        "type": TYPE_BASE + (slug or SLUGS.get(status, "error")),
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    reply = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        reply[name] = value
    if status == 401:
        reply["WWW-Authenticate"] = 'Bearer realm="api"'
    return reply


def _location(loc):
    """Ninja's locations start with where the value came from ("body", "query"); keep the
    field's own path, which is what a client can act on."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts)


def validation_errors(errors):
    return [
        {"loc": _location(error.get("loc", ())), "msg": str(error.get("msg", ""))}
        for error in errors
    ]


def install(api):
    """Answer every error `api` raises with a problem document."""

    def on_problem(request, exc):
        return response(
            exc.status, exc.detail, slug=exc.slug, headers=exc.headers, errors=exc.errors
        )

    def on_validation(request, exc):
        errors = validation_errors(exc.errors)
        return response(422, _("Some of the values sent are not valid; see errors."), errors=errors)

    def on_authentication(request, exc):
        return response(
            401,
            _("Send a valid access token (Authorization: Bearer <token>) or sign in."),
        )

    def on_http_error(request, exc):
        if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
            return response(
                400, _("The request body could not be read: send JSON."), slug="bad-json"
            )
        return response(exc.status_code, exc.message)

    def on_not_found(request, exc):
        return response(404, _("There is nothing here, or you cannot see it."))

    def on_denied(request, exc):
        return response(403, str(exc) or _("You may not do that."))

    def on_invalid(request, exc):
        return response(422, str(exc))

    def on_form_body(request, exc):
        return response(415, _("Send the request body as JSON (Content-Type: application/json)."))

    def on_too_big(request, exc):
        return response(413, _("The request body is too large."))

    api.add_exception_handler(Problem, on_problem)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(Invalid, on_invalid)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(RawPostDataException, on_form_body)
