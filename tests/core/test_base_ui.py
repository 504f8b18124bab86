"""The frame every page shares: navigation, breadcrumbs, footer, text size, security headers."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core.models import Feedback
from tests.accounts.factories import AdminFactory
from tests.activity.factories import log
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


def test_visitors_see_the_landing_page_with_ways_in(client):
    body = client.get("/").content.decode()
    assert "Join for free" in body and reverse("account_login") in body
    assert "My home" not in body


def test_members_see_my_home_with_the_main_navigation(member_client, member):
    body = member_client.get("/").content.decode()
    for item in ("My home", "My profile", "Log out", "You are here", "Help", "Terms", "Feedback"):
        assert item in body
    assert f"Welcome, {escape(member.display_name)}" in body
    assert member.username not in body, "usernames are never shown where a name belongs"


def test_every_page_starts_with_a_skip_link_to_the_main_content(client):
    body = client.get("/help/").content.decode()
    assert body.index('class="skip-link" href="#main"') < body.index("<header")
    assert '<main id="main"' in body


def test_log_out_is_a_form_post_not_a_link(member_client):
    body = member_client.get("/").content.decode()
    assert f'action="{reverse("account_logout")}"' in body


def test_text_size_works_without_javascript_and_is_remembered(client):
    response = client.post(reverse("core:text_size"), {"size": "largest", "next": "/help/"})
    assert response.status_code == 302 and response["Location"] == "/help/"
    assert response.cookies["text_size"].value == "largest"
    assert 'class="text-largest"' in client.get("/help/").content.decode()


def test_an_unknown_text_size_is_ignored(client):
    client.cookies["text_size"] = "gigantic"
    assert 'class="text-standard"' in client.get("/help/").content.decode()
    response = client.post(reverse("core:text_size"), {"size": "gigantic", "next": "/"})
    assert "text_size" not in response.cookies


def test_text_size_never_sends_people_off_the_site(client):
    response = client.post(
        reverse("core:text_size"), {"size": "large", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


def test_the_current_text_size_is_announced_as_pressed(client):
    client.cookies["text_size"] = "large"
    body = client.get("/help/").content.decode()
    assert (
        'value="large" class="text-size__btn text-size__btn--large"\n          aria-pressed="true"'
        in body
    )


def test_pages_send_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_feedback_reaches_the_site_team(member_client, member, django_capture_on_commit_callbacks):
    AdminFactory(email="team@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("core:feedback"), {"message": "Search is great", "page": "/x/"}
        )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.author == member and feedback.page == "/x/"
    sent = mail.outbox[-1]
    assert sent.to == ["team@example.org"] and "Search is great" in sent.body
    assert sent.alternatives and "Search is great" in sent.alternatives[0][0]


def test_empty_feedback_is_refused_with_a_clear_message(member_client):
    response = member_client.post(reverse("core:feedback"), {"message": "   ", "page": "/x/"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "This field is required" in body
    assert not Feedback.objects.exists()


def test_feedback_that_is_too_long_keeps_the_text(member_client):
    text = "word " * 1200
    response = member_client.post(reverse("core:feedback"), {"message": text})
    body = response.content.decode()
    assert "There is a problem" in body and text.strip() in body


def queries_for(client, path):
    client.get(path)  # warms what communities.sight caches (renewed by the new memberships)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def give_a_busy_life(member, communities):
    """Memberships, activity and notifications: everything My home and the header read."""
    for _ in range(communities):
        community = CommunityFactory()
        member_of(community, member)
        for _ in range(3):
            log(community=community)


@pytest.mark.parametrize("path", ["/", "/help/", "/terms/", "/feedback/", "/accounts/settings/"])
def test_a_page_runs_the_same_small_number_of_queries_however_busy_a_member_is(
    member_client, member, path
):
    give_a_busy_life(member, communities=2)
    quiet = queries_for(member_client, path)
    give_a_busy_life(member, communities=25)
    busy = queries_for(member_client, path)
    assert busy == quiet, f"{path}: {quiet} queries for a quiet member, {busy} for a busy one"
    assert busy <= 20


def test_a_missing_page_says_what_to_do_next(member_client):
    response = member_client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "Browse all communities" in body
    assert "My home" in body, "the 404 page keeps the site navigation"


def test_choice_groups_are_fieldsets_with_a_legend():
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        colour = forms.ChoiceField(
            label="Favourite colour",
            choices=[("r", "Red"), ("b", "Blue")],
            widget=forms.RadioSelect,
        )

    html = render_to_string("includes/_form.html", {"form": Choice()})
    assert "<legend>Favourite colour</legend>" in html
    assert html.index("<fieldset") < html.index('type="radio"')
