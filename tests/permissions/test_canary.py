"""The canary harness itself: it must catch a leak, and stay quiet when the viewer may see it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpResponse

from tests.accounts.factories import UserFactory
from tests.permissions.canary import CanaryRegistry


class FakeRequest:
    def __init__(self, user):
        self.user = user


def response_showing(text, viewer):
    response = HttpResponse(text)
    response.wsgi_request = FakeRequest(viewer)
    return response


def test_a_token_shown_to_someone_not_allowed_is_recorded_as_a_leak():
    registry = CanaryRegistry()
    token = registry.plant(visible_to=lambda user: False, description="private ground rules")
    registry.check_response(response_showing(f"<p>{token}</p>", AnonymousUser()), "GET", "/x/")
    assert registry.leaks == ["private ground rules leaked to AnonymousUser in GET /x/"]


def test_a_token_shown_to_an_allowed_viewer_is_fine():
    registry = CanaryRegistry()
    token = registry.plant(visible_to=lambda user: True)
    registry.check_response(response_showing(token, AnonymousUser()), "GET", "/x/")
    assert registry.leaks == []


def test_tokens_in_email_to_the_wrong_person_are_leaks(db):
    outsider = UserFactory()
    registry = CanaryRegistry()
    token = registry.plant(visible_to=lambda user: False, description="private topic")
    mail.send_mail("New post", f"Body {token}", "site@example.org", [outsider.email])
    registry.check_outbox()
    assert len(registry.leaks) == 1 and outsider.email in registry.leaks[0]


def test_every_response_fetched_through_the_test_client_is_checked(client, canaries, db):
    before = canaries.responses_checked
    client.get("/help/")
    assert canaries.responses_checked == before + 1


@pytest.mark.parametrize("path", ["/", "/help/", "/terms/"])
def test_staff_only_feedback_never_reaches_public_pages(client, canaries, db, path):
    from core.models import Feedback

    token = canaries.plant(visible_to=lambda user: user.is_staff, description="feedback text")
    Feedback.objects.create(author=UserFactory(), message=f"Staff only {token}")
    client.force_login(UserFactory())
    assert client.get(path).status_code == 200
