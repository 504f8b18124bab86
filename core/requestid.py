"""A request id on every request, its response and every log line written while serving it.

A load balancer's `X-Request-ID` is kept when it looks like an id (so one request can be
followed from the proxy's log to ours); otherwise a new one is made. Log records get it as
`request_id` through `RequestIdFilter` ("-" outside a request, such as in a Celery task).
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_current = contextvars.ContextVar("request_id", default="-")


def current():
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request_id = offered if ACCEPTED.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the request is finished (not only until this middleware returns), so that
        # Django's own "Not Found" and error log lines, written after the middleware, carry it.
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _finished(**kwargs):
    _current.set("-")


request_finished.connect(_finished, dispatch_uid="core-requestid-finished")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _current.get()
        return True
