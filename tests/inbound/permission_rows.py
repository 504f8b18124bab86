"""The hosted-provider inbound webhook. Nobody signs in to it: a request without the provider's
credentials (HTTP basic auth with the webhook secret) is refused, whoever sends it."""

from tests.permissions.matrix import Row, expect

ROWS = [
    Row(
        "inbound:anymail",
        method="POST",
        data={"RawEmail": "From: a@example.org\r\n\r\nHello"},
        expect=expect(default=400),
        note="without the webhook secret: refused",
    ),
    Row("inbound:anymail", expect=expect(default=405), note="GET is not allowed"),
]
