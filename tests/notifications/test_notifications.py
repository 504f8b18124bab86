"""The bell: personal notifications with an unread count, a list, and marking read."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from communities import services as community_services
from notifications.models import Notification
from notifications.services import notify
from tests.accounts.factories import AdminFactory, UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_bell_shows_how_many_are_unread_on_every_page(client):
    me = UserFactory()
    NotificationFactory.create_batch(3, user=me)
    NotificationFactory(user=me, read_at="2026-01-01T00:00Z")
    NotificationFactory()  # someone else's
    client.force_login(me)
    page = client.get(reverse("core:help")).content.decode()
    assert 'class="nav-bell"' in page
    assert '3<span class="visually-hidden"> unread</span>' in page


def test_the_bell_and_the_messages_link_cost_one_query_together(client, django_assert_num_queries):
    from django.template import Context, Template

    from communities.sight import sight_of
    from profiles.context_processors import navigation

    me = UserFactory()
    NotificationFactory(user=me)

    class Request:
        user = me

    context = navigation(Request())
    sight_of(me)  # what a request's earlier steps would have worked out and cached
    with django_assert_num_queries(1):
        rendered = Template("{{ n }}{% if n %}!{% endif %} {{ m }}").render(
            Context(
                {"n": context["unread_notification_count"], "m": context["unread_conversations"]}
            )
        )
    assert rendered == "1! 0"


def test_signed_out_visitors_have_no_bell(client):
    assert "nav-bell" not in client.get(reverse("core:help")).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_it(client):
    me = UserFactory()
    notification = NotificationFactory(user=me, url="/help/")
    client.force_login(me)
    page = client.get(reverse("notifications:index")).content.decode()
    assert escape(notification.summary) in page
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/help/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_never_redirects_off_the_site(client):
    me = UserFactory()
    notification = NotificationFactory(user=me, url="https://evil.example/")
    client.force_login(me)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:index")


def test_mark_all_as_read(client):
    me = UserFactory()
    NotificationFactory.create_batch(2, user=me)
    theirs = NotificationFactory()
    client.force_login(me)
    client.post(reverse("notifications:mark_read"))
    assert not Notification.objects.for_user(me).unread().exists()
    assert Notification.objects.for_user(theirs.user).unread().count() == 1


def test_nobody_is_notified_of_their_own_action_nor_while_suspended():
    me = UserFactory()
    assert notify(user=me, kind="reply", actor=me, summary="x") is None
    suspended = UserFactory(is_active=False)
    assert notify(user=suspended, kind="reply", actor=me, summary="x") is None


def test_membership_decisions_are_notified():
    private = CommunityFactory(name="Adoption Policy CoP", private=True)
    facilitator = member_of(private, facilitator=True)
    facilitator.name = "Fran Facilitator"
    facilitator.save()
    yes, no = UserFactory(), UserFactory()
    for person, approve in ((yes, True), (no, False)):
        request = community_services.membership_request_create(
            user=person, community=private, reason="I work on this."
        )
        community_services.membership_request_decide(
            membership_request=request, by=facilitator, approve=approve
        )
    [approved] = Notification.objects.for_user(yes)
    [declined] = Notification.objects.for_user(no)
    assert approved.summary == "Fran Facilitator approved your request to join Adoption Policy CoP."
    assert approved.url == private.get_absolute_url() and approved.actor == facilitator
    assert declined.summary == "Fran Facilitator declined your request to join Adoption Policy CoP."


def test_proposers_hear_about_their_proposal():
    admin = AdminFactory()
    proposer = UserFactory()
    community = community_services.community_propose(
        proposer=proposer,
        name="Climate Adaptation Officers",
        short_description="Flooding and heat.",
        domain="Adaptation.",
        purpose="Share plans.",
        intended_members="Officers.",
        visibility="public",
    )
    community_services.community_approve(community=community, admin=admin)
    [notification] = Notification.objects.for_user(proposer)
    assert "Climate Adaptation Officers is approved" in notification.summary


def test_a_new_message_rings_the_bell_once_per_conversation_until_read():
    from profiles import services as profile_services

    sender, recipient = UserFactory(name="Priya Shah"), UserFactory()
    conversation = profile_services.conversation_start(
        sender=sender, recipient=recipient, subject="Panel paperwork", body="Hello!"
    )
    profile_services.message_send(sender=sender, conversation=conversation, body="And again.")
    [notification] = Notification.objects.for_user(recipient)
    assert notification.kind == "message"
    assert notification.summary == "Priya Shah sent you a message: Panel paperwork"


def test_the_bell_stops_counting_what_its_reader_may_no_longer_see_at_once(client):
    """The count's SQL is compiled once per member and state of sight; leaving a private
    community and a community switching a feature off change that state."""
    from core.features import keys

    private = CommunityFactory(private=True)
    me = member_of(private, UserFactory())
    facilitator = member_of(private, UserFactory(), facilitator=True)
    NotificationFactory(user=me, community=private, feature="forum")
    NotificationFactory(user=me, community=private, feature="wiki")
    NotificationFactory(user=me)
    client.force_login(me)

    def bell():
        page = client.get(reverse("core:help")).content.decode()
        for n in range(4):
            if f'{n}<span class="visually-hidden"> unread</span>' in page:
                return n
        return 0

    assert bell() == 3
    assert bell() == 3, "the same answer from the compiled query"

    without_wiki = [key for key in keys() if key != "wiki"]
    community_services.community_update(community=private, by=facilitator, features=without_wiki)
    assert bell() == 2

    community_services.membership_leave(user=me, community=private)
    assert bell() == 1
