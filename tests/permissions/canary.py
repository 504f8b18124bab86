"""Canary-leak harness.

Tests plant unique tokens in private content with `plant_canary(visible_to=...)`. Every response
fetched through Django's test client during the test, and every email sent, is checked: a token
that reaches someone for whom `visible_to(user)` is false fails the test, whatever the test was
about. `visible_to` should be written from the raw membership data, not through the visibility
rule under test, so that the harness checks the rule instead of repeating it.
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client


@dataclass
class Canary:
    token: str
    visible_to: object
    description: str


@dataclass
class CanaryRegistry:
    canaries: list = field(default_factory=list)
    leaks: list = field(default_factory=list)
    responses_checked: int = 0

    def plant(self, *, visible_to, description=""):
        token = f"CANARY{uuid.uuid4().hex[:12].upper()}"
        self.canaries.append(Canary(token, visible_to, description))
        return token

    def check_text(self, text, viewer, where):
        for canary in self.canaries:
            if canary.token in text and not canary.visible_to(viewer):
                who = f"user {viewer.pk} ({viewer})" if viewer.is_authenticated else "AnonymousUser"
                self.leaks.append(
                    f"{canary.description or canary.token} leaked to {who} in {where}"
                )

    def check_response(self, response, method, path):
        self.responses_checked += 1
        if not self.canaries or getattr(response, "streaming", False):
            return
        request = getattr(response, "wsgi_request", None)
        viewer = getattr(request, "user", None) or AnonymousUser()
        body = response.content.decode("utf-8", errors="replace")
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        self.check_text(body + headers, viewer, f"{method} {path}")

    def check_outbox(self):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        for message in getattr(mail, "outbox", []):
            parts = [message.subject, message.body] + [
                a[0] for a in getattr(message, "alternatives", [])
            ]
            for address in message.to:
                recipient = users.filter(email__iexact=address).first() or AnonymousUser()
                self.check_text("\n".join(parts), recipient, f"email to {address}")


_active = None


@pytest.fixture
def canaries():
    """Plant a token: `token = canaries.plant(visible_to=lambda user: ..., description=...)`."""
    return _active


@pytest.fixture(autouse=True)
def _canary_watch(monkeypatch):
    global _active
    registry = CanaryRegistry()
    _active = registry
    original = Client.request

    def checked_request(self, **request):
        response = original(self, **request)
        registry.check_response(
            response, request.get("REQUEST_METHOD", "GET"), request.get("PATH_INFO")
        )
        return response

    monkeypatch.setattr(Client, "request", checked_request)
    yield registry
    if registry.canaries:
        registry.check_outbox()
    _active = None
    if registry.leaks:
        pytest.fail("Private content leaked:\n" + "\n".join(registry.leaks), pytrace=False)
