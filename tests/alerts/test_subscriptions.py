"""Following things ("Subscribe for email alerts"), My alerts, and choosing on joining."""

import pytest
from django.apps import apps
from django.urls import reverse

from alerts.models import AlertPreferences, Frequency, Subscription
from alerts.services import subscribe
from communities import services as community_services
from tests.accounts.factories import UserFactory
from tests.activity.factories import stand_in
from tests.communities.factories import CommunityFactory, MembershipFactory, member_of

pytestmark = pytest.mark.django_db


def subscribe_form(community, frequency="daily", feature="", next_url=""):
    return {
        "target": "communities.community",
        "target_id": community.pk,
        "feature": feature,
        "frequency": frequency,
        "next": next_url or community.get_absolute_url(),
    }


def test_a_reader_subscribes_to_a_community_from_its_page_without_javascript(client):
    community = CommunityFactory(name="Knowledge Management")
    reader = UserFactory()
    client.force_login(reader)

    page = client.get(community.get_absolute_url()).content.decode()
    assert "Subscribe for email alerts" in page

    response = client.post(reverse("alerts:subscribe"), subscribe_form(community, "weekly"))
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()
    subscription = Subscription.objects.get(user=reader)
    assert (subscription.target, subscription.frequency) == (community, Frequency.WEEKLY)
    page = client.get(community.get_absolute_url()).content.decode()
    assert "You get email alerts for Knowledge Management" in page
    assert "Weekly digest" in page


def test_following_only_the_forum_of_a_community(client):
    community = CommunityFactory(name="Knowledge Management")
    reader = member_of(community)
    client.force_login(reader)
    client.post(reverse("alerts:subscribe"), subscribe_form(community, "immediate", "forum"))
    subscription = Subscription.objects.get(user=reader)
    assert (subscription.feature, subscription.frequency) == ("forum", Frequency.IMMEDIATE)
    mine = client.get(reverse("alerts:mine")).content.decode()
    assert "The forum of Knowledge Management" in mine


def test_a_feature_the_community_does_not_have_cannot_be_followed(client):
    community = CommunityFactory(features=["forum"])
    client.force_login(member_of(community))
    response = client.post(reverse("alerts:subscribe"), subscribe_form(community, feature="wiki"))
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_nobody_can_follow_a_private_community_they_cannot_see(client):
    private = CommunityFactory(private=True)
    client.force_login(UserFactory())
    response = client.post(reverse("alerts:subscribe"), subscribe_form(private))
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_the_next_address_must_be_on_this_site(client):
    community = CommunityFactory()
    client.force_login(UserFactory())
    form = subscribe_form(community, next_url="https://evil.example/")
    response = client.post(reverse("alerts:subscribe"), form)
    assert response["Location"] == community.get_absolute_url()


def test_my_alerts_lists_every_subscription_with_its_frequency_and_saves_changes(client):
    me = UserFactory()
    first = CommunityFactory(name="Adoption Policy CoP")
    second = CommunityFactory(name="Talent Management")
    a = subscribe(user=me, target=first, frequency=Frequency.DAILY)
    b = subscribe(user=me, target=second, feature="documents", frequency=Frequency.WEEKLY)
    someone_elses = subscribe(user=UserFactory(), target=first, frequency=Frequency.DAILY)
    client.force_login(me)

    page = client.get(reverse("alerts:mine")).content.decode()
    assert "Adoption Policy CoP" in page and "The document library of Talent Management" in page

    client.post(
        reverse("alerts:mine"),
        {
            "action": "subscriptions",
            f"frequency-{a.pk}": "immediate",
            f"frequency-{b.pk}": "off",
            f"frequency-{someone_elses.pk}": "off",
        },
    )
    a.refresh_from_db(), b.refresh_from_db(), someone_elses.refresh_from_db()
    assert (a.frequency, b.frequency, someone_elses.frequency) == ("immediate", "off", "daily")

    client.post(reverse("alerts:mine"), {"action": "subscriptions", "remove": a.pk})
    assert list(Subscription.objects.filter(user=me)) == [b]


def test_my_alerts_does_not_name_things_i_can_no_longer_see(client, canaries):
    private = CommunityFactory(private=True)
    token = canaries.plant(visible_to=lambda user: False, description="topic title")
    topic = stand_in(private, note=token)
    me = UserFactory()
    subscribe(user=me, target=topic)
    client.force_login(me)
    page = client.get(reverse("alerts:mine")).content.decode()
    assert "Something you can no longer see" in page


def test_the_global_default_and_pause(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post(
        reverse("alerts:mine"),
        {"action": "preferences", "default_frequency": "weekly", "paused": "on"},
    )
    assert response.status_code == 302
    prefs = AlertPreferences.objects.get(user=me)
    assert prefs.default_frequency == "weekly" and prefs.paused and prefs.paused_at
    assert "Your alerts are paused" in client.get(reverse("alerts:mine")).content.decode()

    community = CommunityFactory()
    MembershipFactory(community=community, facilitator=True)
    community_services.membership_join(user=me, community=community)
    assert Subscription.objects.get(user=me).frequency == Frequency.WEEKLY


def test_joining_follows_the_community_with_a_daily_digest_and_the_welcome_offers_a_choice(client):
    community = CommunityFactory(name="Knowledge Management")
    MembershipFactory(community=community, facilitator=True)
    me = UserFactory()
    client.force_login(me)

    client.post(reverse("communities:join", args=[community.slug]))

    subscription = Subscription.objects.get(user=me)
    assert (subscription.target, subscription.frequency) == (community, Frequency.DAILY)
    home = client.get(community.get_absolute_url()).content.decode()
    assert "How would you like to hear about new things in Knowledge Management?" in home
    client.post(reverse("alerts:subscribe"), subscribe_form(community, "immediate"))
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.IMMEDIATE


def test_approved_requests_and_accepted_invitations_follow_too():
    private = CommunityFactory(private=True)
    facilitator = member_of(private, facilitator=True)
    requester = UserFactory()
    request = community_services.membership_request_create(
        user=requester, community=private, reason="I work on adoption."
    )
    community_services.membership_request_decide(
        membership_request=request, by=facilitator, approve=True
    )
    assert Subscription.objects.filter(user=requester, target_id=private.pk).exists()


def test_leaving_stops_following_the_community(client):
    community = CommunityFactory()
    MembershipFactory(community=community, facilitator=True)
    me = UserFactory()
    community_services.membership_join(user=me, community=community)
    subscribe(user=me, target=community, feature="forum")
    community_services.membership_leave(user=me, community=community)
    assert not Subscription.objects.filter(user=me).exists()


def test_the_subscribe_tool_costs_one_query(rf, django_assert_num_queries):
    from django.template import Context, Template

    community = CommunityFactory()
    request = rf.get("/")
    request.user = UserFactory()
    template = Template("{% load alerts_tags %}{% subscribe_button community %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request, "community": community}))
    assert "Subscribe for email alerts" in html


@pytest.mark.skipif(not apps.is_installed("profiles"), reason="the profiles app is not installed")
def test_my_alerts_also_holds_the_private_message_email_choice(client):
    from profiles.services import profile_for

    me = UserFactory()
    client.force_login(me)
    page = client.get(reverse("alerts:mine")).content.decode()
    assert "Email me when someone sends me a message" in page
    client.post(reverse("alerts:mine"), {"action": "messages", "messages-message_email": "off"})
    me.refresh_from_db()
    assert profile_for(me).message_email == "off"
