"""Closedown done well: moving to closedown opens the guided flow; the facilitators write the
lessons learned (versioned), point to a successor, choose the read-only date, and tell every
member once by email."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from alerts.models import AlertPreferences, EmailFailure
from communities.models import Community
from lifecycle import services
from lifecycle.models import Closedown, ClosedownNotice
from tests.communities.factories import CommunityFactory, member_of
from tests.communities.worlds import _raw_member_check
from tests.lifecycle.factories import add_members, close_down, community_with_staff

pytestmark = pytest.mark.django_db


def url(name, community):
    return reverse(f"lifecycle:{name}", kwargs={"slug": community.slug})


def test_moving_to_closedown_opens_the_guided_flow(client):
    community, facilitator, _ = community_with_staff()
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:stage", kwargs={"slug": community.slug}),
        {"stage": "closedown", "note": "Goal met."},
    )
    assert response.status_code == 302 and response["Location"] == url("closedown", community)
    page = client.get(response["Location"]).content.decode()
    for step in ("Lessons learned", "A successor", "When it becomes read-only", "Tell the members"):
        assert step in page


def test_the_flow_is_only_for_a_community_in_closedown(client):
    community, facilitator, member = community_with_staff()
    client.force_login(facilitator)
    assert client.get(url("closedown", community)).status_code == 403
    assert client.get(url("lessons", community)).status_code == 404


def test_lessons_learned_are_written_by_facilitators_and_shown_to_members(client):
    community, facilitator, member = community_with_staff()
    close_down(community, facilitator)
    client.force_login(facilitator)
    form = client.get(url("lessons_edit", community)).context["form"]
    response = client.post(
        url("lessons_edit", community),
        {
            "what_worked": "<p>Monthly calls.</p>",
            "what_did_not": "<p>The wiki went stale.</p>",
            "outputs": "<p>The adoption guide.</p><script>alert(1)</script>",
            "base_version": form.initial["base_version"],
        },
    )
    assert response.status_code == 302
    client.force_login(member)
    page = client.get(url("lessons", community)).content.decode()
    assert "Monthly calls." in page and "The wiki went stale." in page
    assert "The adoption guide." in page and "<script>alert(1)" not in page
    assert client.get(url("lessons_edit", community)).status_code == 403


def test_two_facilitators_writing_at_once_never_overwrite_each_other(client):
    community, facilitator, _ = community_with_staff()
    other = member_of(community, facilitator=True)
    close_down(community, facilitator)
    base = services.closedown_of(community).edit_version
    services.lessons_update(
        community=community,
        by=other,
        what_worked="<p>Theirs.</p>",
        what_did_not="",
        outputs="",
        base_version=base,
    )
    client.force_login(facilitator)
    data = {"what_worked": "<p>Mine.</p>", "what_did_not": "", "outputs": "", "base_version": base}
    response = client.post(url("lessons_edit", community), data)
    assert response.status_code == 409
    assert "Mine." in response.content.decode()
    assert Closedown.objects.get(community=community).what_worked == "<p>Theirs.</p>"
    data["base_version"] = base + 1  # "Save mine anyway"
    assert client.post(url("lessons_edit", community), data).status_code == 302
    assert Closedown.objects.get(community=community).what_worked == "<p>Mine.</p>"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"what_worked": "", "what_did_not": " ", "outputs": ""}, "Write at least one"),
        ({"what_worked": "<p>Kept words</p>"}, "did not say which version"),
    ],
)
def test_bad_lessons_input_keeps_the_text(client, data, message):
    community, facilitator, _ = community_with_staff()
    close_down(community, facilitator)
    client.force_login(facilitator)
    if "what_worked" in data and data["what_worked"] == "":
        data["base_version"] = services.closedown_of(community).edit_version
    response = client.post(url("lessons_edit", community), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    if "Kept words" in str(data):
        assert "Kept words" in response.content.decode()


def test_a_successor_is_named_only_to_those_who_can_see_it(client):
    community, facilitator, member = community_with_staff()
    successor = CommunityFactory(name="Adoption Panel Network", private=True)
    member_of(successor, facilitator)
    close_down(community, facilitator)
    client.force_login(facilitator)
    response = client.post(url("successor", community), {"successor": successor.pk})
    assert response.status_code == 302
    assert client.get(url("lessons", community)).content.decode().count(successor.name) >= 1
    client.force_login(member)
    for page in (url("lessons", community), community.get_absolute_url()):
        assert successor.name not in client.get(page).content.decode()
    member_of(successor, member)
    assert successor.name in client.get(community.get_absolute_url()).content.decode()


def test_a_successor_must_be_one_the_facilitator_can_see(client):
    community, facilitator, _ = community_with_staff()
    hidden = CommunityFactory(name="Hidden Successor", private=True)
    close_down(community, facilitator)
    client.force_login(facilitator)
    response = client.post(url("successor", community), {"successor": hidden.pk})
    assert response.status_code == 400
    assert "Choose a community from the list." in response.content.decode()
    assert "Hidden Successor" not in response.content.decode()
    response = client.post(url("successor", community), {"successor": community.pk})
    assert response.status_code == 400
    assert Closedown.objects.get(community=community).successor is None


def test_members_post_until_the_read_only_date_then_it_is_an_archive(client):
    community, facilitator, member = community_with_staff()
    close_down(community, facilitator)
    client.force_login(facilitator)
    day = timezone.localdate() + timedelta(days=14)
    response = client.post(url("read_only", community), {"day": day.isoformat()})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.is_closing and community.read_only_from.date() == day
    client.force_login(member)
    home = client.get(community.get_absolute_url()).content.decode()
    assert "is closing down" in home
    new_topic = reverse("forums:topic_new", kwargs={"slug": community.slug})
    assert client.get(new_topic).status_code == 200
    Community.objects.filter(pk=community.pk).update(read_only_from=timezone.now())
    assert client.get(new_topic).status_code == 403


@pytest.mark.parametrize(
    "day, message",
    [("2001-01-01", "Choose today or a later date."), ("31/31/2031", "Enter a date such as")],
)
def test_a_bad_read_only_date_is_refused_with_the_text_kept(client, day, message):
    community, facilitator, _ = community_with_staff()
    close_down(community, facilitator)
    client.force_login(facilitator)
    response = client.post(url("read_only", community), {"day": day})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and day in page
    community.refresh_from_db()
    assert community.read_only_from is None


@override_settings(SITE_URL="https://cop.example.org")
def test_the_notice_goes_to_each_member_once_respecting_pauses_and_bounces(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    community, facilitator, member = community_with_staff(name="Daventry Benchmarking Group")
    paused = member_of(community)
    AlertPreferences.objects.create(user=paused, paused=True)
    bouncing = member_of(community)
    EmailFailure.objects.create(address=bouncing.email.lower(), flagged_at=timezone.now())
    close_down(community, facilitator)
    services.read_only_set(
        community=community, by=facilitator, day=timezone.localdate() + timedelta(days=7)
    )
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("notice", community)).status_code == 302
    to = sorted(address for message in mailoutbox for address in message.to)
    assert to == sorted([facilitator.email, member.email])
    message = next(m for m in mailoutbox if m.to == [member.email])
    assert "Daventry Benchmarking Group is closing down" in message.subject
    assert "https://cop.example.org" + url("archive", community) in message.body
    assert message.alternatives and "lessons learned" in message.alternatives[0][0]
    # Pressing again, or the task running again, tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("notice", community), follow=True)
    assert "already been told" in response.content.decode()
    from lifecycle.tasks import send_closedown_notices

    send_closedown_notices(community.pk)
    assert len(mailoutbox) == 2
    assert ClosedownNotice.objects.filter(community=community, status="sent").count() == 2


@pytest.mark.parametrize("members", [10, 1000])
def test_the_closedown_pages_take_constant_queries(client, django_assert_max_num_queries, members):
    community, facilitator, _ = community_with_staff()
    add_members(community, members)
    close_down(community, facilitator)
    services.lessons_update(
        community=community,
        by=facilitator,
        what_worked="<p>Calls.</p>",
        what_did_not="",
        outputs="",
        base_version=None,
    )
    client.force_login(facilitator)
    for name in ("closedown", "lessons", "lessons_edit", "archive"):
        with django_assert_max_num_queries(30):
            assert client.get(url(name, community)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(community.get_absolute_url()).status_code == 200


@override_settings(SITE_URL="https://cop.example.org")
def test_a_private_successors_name_reaches_only_its_members(
    client, canaries, mailoutbox, django_capture_on_commit_callbacks
):
    community, facilitator, member = community_with_staff()
    successor = CommunityFactory(name="Successor", private=True)
    token = canaries.plant(
        visible_to=_raw_member_check(successor), description="a private successor's name"
    )
    successor.name = f"Successor {token}"
    successor.save()
    member_of(successor, facilitator)
    close_down(community, facilitator)
    services.successor_set(community=community, by=facilitator, successor=successor)
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(community=community, by=facilitator)
    (theirs,) = [m for m in mailoutbox if m.to == [facilitator.email]]
    assert token in theirs.body
    (mine,) = [m for m in mailoutbox if m.to == [member.email]]
    assert token not in mine.body and "carries on" not in mine.body
    client.force_login(member)
    for page in (
        community.get_absolute_url(),
        url("lessons", community),
        url("archive", community),
    ):
        assert client.get(page).status_code == 200  # the harness checks every response
