"""Error reports to Sentry when SENTRY_DSN is set, with nothing that identifies a person.

`send_default_pii=False` already keeps out cookies, the user and IP addresses; `scrub` also
drops what a request may carry about someone (its body, query string and headers, which can
hold email addresses, tokens or a session) and keeps the request id, so a report can be matched
to the JSON log lines of the same request.
"""

from . import requestid

KEPT_HEADERS = {"content-type", "x-request-id"}


def scrub(event, hint=None):
    event.pop("user", None)
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
        if "url" in request:
            request["url"] = request["url"].split("?", 1)[0]
    request_id = requestid.current()
    if request_id != "-":
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init(dsn, *, environment="production", traces_sample_rate=0.0):
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        before_send=scrub,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
    )
