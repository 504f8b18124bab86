"""Daily and weekly digests: built from the event log, grouped by community and feature, only
what the recipient may see at send time, never empty, never twice, never their own posts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from activity.models import Verb
from activity.services import hide_for
from alerts.digests import TOP_ITEMS_PER_COMMUNITY, latest_period
from alerts.models import Frequency, SentDigest
from alerts.services import preferences_update, subscribe
from alerts.tasks import send_digest_batch
from communities.models import Membership
from communities.services import membership_leave
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, stand_in, yesterday
from tests.alerts.conftest import html_of, leads_to
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


def member_only(community):
    def visible_to(user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return user.is_staff or Membership.objects.filter(user=user, community=community).exists()

    return visible_to


def test_a_follower_gets_yesterdays_news_grouped_by_community_and_feature(run_digests):
    community = CommunityFactory(name="Adoption Policy CoP")
    reader = follower(community, user=UserFactory(name="Alex Reader", email="alex@example.org"))
    author = UserFactory(name="Priya Shah")
    topic = stand_in(community)
    log(Verb.TOPIC_STARTED, actor=author, community=community, target=topic,
        title="Matching panels", excerpt="How do you run matching panels?", created=yesterday(9),
        url=f"/c/{community.slug}/forum/{topic.pk}/")  # fmt: skip
    log(Verb.WIKI_CREATED, actor=author, community=community, title="Glossary",
        created=yesterday(10), url=f"/c/{community.slug}/wiki/glossary/")  # fmt: skip
    log(Verb.TOPIC_STARTED, actor=author, community=community, title="Posted today")

    [message] = run_digests("daily")

    assert message.to == ["alex@example.org"]
    assert message.subject == "Your daily digest: 2 updates in Adoption Policy CoP"
    text, html = message.body, html_of(message)
    for part in (text, html):
        assert "Adoption Policy CoP" in part
        assert "Priya Shah started a topic:" in part and "Matching panels" in part
        assert "How do you run matching panels?" in part
        assert f"http://127.0.0.1:8000/c/{community.slug}/forum/{topic.pk}/" in leads_to(part)
        assert "http://127.0.0.1:8000/alerts/" in part  # My alerts
        assert "Posted today" not in part  # tomorrow's digest
    assert text.index("Forum") < text.index("Wiki")  # the tab order
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/alerts/unsubscribe/"
    )
    assert SentDigest.objects.get(user=reader).item_count == 2


def test_own_posts_are_never_sent_back(run_digests):
    community = CommunityFactory()
    me = follower(community)
    log(actor=me, community=community, title="My own topic", created=yesterday())
    assert run_digests("daily") == []


def test_nobody_gets_an_empty_digest(run_digests):
    community = CommunityFactory()
    follower(community)
    quiet = CommunityFactory()
    log(community=quiet, created=yesterday())
    assert run_digests("daily") == []
    assert not SentDigest.objects.exists()


def test_running_the_digest_twice_or_retrying_a_batch_sends_each_person_one_digest(run_digests):
    community = CommunityFactory()
    readers = [follower(community) for _ in range(3)]
    log(community=community, created=yesterday())

    assert len(run_digests("daily")) == 3
    assert run_digests("daily") == []
    start, end = latest_period("daily")
    send_digest_batch.delay("daily", start.isoformat(), end.isoformat(), [r.pk for r in readers])
    assert len(mail.outbox) == 3
    assert SentDigest.objects.count() == 3


def test_an_item_matched_by_several_subscriptions_appears_once(run_digests):
    community = CommunityFactory()
    reader = follower(community)
    subscribe(user=reader, target=community, feature="forum", frequency=Frequency.DAILY)
    log(community=community, title="Only once please", created=yesterday())
    [message] = run_digests("daily")
    assert message.body.count("Only once please") == 1


def test_replies_to_one_topic_are_one_item_saying_how_many_and_who(run_digests):
    community = CommunityFactory()
    follower(community)
    topic = stand_in(community)
    log(Verb.TOPIC_STARTED, community=community, target=topic, title="Hybrid meetings",
        actor=UserFactory(name="Ann Able"), created=yesterday(8))  # fmt: skip
    for name in ("Ben Bold", "Cat Cole"):
        log(Verb.REPLY_POSTED, community=community, subject=topic, title="Hybrid meetings",
            actor=UserFactory(name=name), created=yesterday(9))  # fmt: skip
    [message] = run_digests("daily")
    assert "Hybrid meetings: 3 updates from Ann Able, Ben Bold and Cat Cole" in message.body


def test_private_content_never_reaches_people_who_cannot_see_it(run_digests, canaries):
    private = CommunityFactory(name="Adoption Policy CoP", private=True)
    public = CommunityFactory(name="Open CoP")
    insider = follower(private)
    # Followed the private community while a member, then removed without the service
    # (e.g. by an administrator in the database): the subscription is still there.
    former = follower(private)
    Membership.objects.filter(user=former, community=private).delete()
    outsider = follower(public)
    subscribe(user=outsider, target=private, frequency=Frequency.DAILY)  # bypassing the views
    token = canaries.plant(visible_to=member_only(private), description="private topic")
    log(community=private, title=f"Panel {token}", created=yesterday())
    log(community=public, title="Open topic", created=yesterday())

    sent = {message.to[0]: message for message in run_digests("daily")}

    assert set(sent) == {insider.email, outsider.email}
    assert token in sent[insider.email].body
    assert token not in sent[outsider.email].body and "Open topic" in sent[outsider.email].body


def test_a_member_who_leaves_before_the_digest_does_not_get_the_communitys_news(run_digests):
    private = CommunityFactory(private=True)
    member_of(private, facilitator=True)
    leaver = follower(private)
    topic = stand_in(private)
    subscribe(user=leaver, target=topic, frequency=Frequency.DAILY)  # kept after leaving
    log(community=private, target=topic, title="After I left", created=yesterday())

    membership_leave(user=leaver, community=private)

    assert [m for m in run_digests("daily") if leaver.email in m.to] == []


def test_a_long_digest_names_every_community_and_says_how_many_more(run_digests):
    reader = UserFactory()
    communities = [CommunityFactory(name=f"Community {c}") for c in "ABC"]
    for community in communities:
        follower(community, user=reader)
        for n in range(TOP_ITEMS_PER_COMMUNITY + 3):
            log(community=community, title=f"{community.name} topic {n}", created=yesterday())

    [message] = run_digests("daily")

    for community in communities:
        assert f"== {community.name} ==" in message.body
        assert (
            f"...and 3 more in {community.name}: http://127.0.0.1:8000/c/{community.slug}/activity/"
            in message.body
        )  # noqa: E501
    assert message.body.count("topic ") == 3 * TOP_ITEMS_PER_COMMUNITY


def test_the_most_specific_subscription_decides(run_digests):
    community = CommunityFactory()
    reader = follower(community, Frequency.WEEKLY)
    subscribe(user=reader, target=community, feature="forum", frequency=Frequency.DAILY)
    muted = stand_in(community)
    subscribe(user=reader, target=muted, frequency=Frequency.OFF)
    urgent = stand_in(community)
    subscribe(user=reader, target=urgent, frequency=Frequency.IMMEDIATE)
    log(Verb.TOPIC_STARTED, community=community, title="Forum topic", created=yesterday())
    log(Verb.TOPIC_STARTED, community=community, target=muted, title="Muted", created=yesterday())
    log(Verb.TOPIC_STARTED, community=community, target=urgent, title="Urgent", created=yesterday())
    log(Verb.WIKI_EDITED, community=community, title="Wiki page", created=yesterday())

    [daily] = run_digests("daily")

    assert "Forum topic" in daily.body
    assert "Muted" not in daily.body and "Urgent" not in daily.body  # off; sent immediately
    assert "Wiki page" not in daily.body  # weekly


def test_a_paused_member_gets_nothing_until_they_resume(run_digests):
    community = CommunityFactory()
    reader = follower(community)
    preferences_update(user=reader, default_frequency=Frequency.DAILY, paused=True)
    log(community=community, created=yesterday())
    assert run_digests("daily") == []
    preferences_update(user=reader, default_frequency=Frequency.DAILY, paused=False)
    assert len(run_digests("daily")) == 1


def test_the_weekly_digest_covers_last_monday_to_sunday(run_digests):
    community = CommunityFactory()
    follower(community, Frequency.WEEKLY)
    start, end = latest_period("weekly")
    log(community=community, title="Last week", created=start + timedelta(days=3))
    log(community=community, title="This week", created=end + timedelta(hours=1))
    log(community=community, title="Two weeks ago", created=start - timedelta(hours=1))
    [message] = run_digests("weekly")
    assert "Last week" in message.body
    assert "This week" not in message.body and "Two weeks ago" not in message.body
    assert message.subject.startswith("Your weekly digest")


def test_deleted_and_hidden_items_are_left_out(run_digests):
    community = CommunityFactory()
    follower(community)
    gone, hidden = stand_in(community), stand_in(community)
    log(community=community, target=gone, title="Deleted topic", created=yesterday())
    log(community=community, target=hidden, title="Hidden topic", created=yesterday())
    log(community=community, title="Kept topic", created=yesterday())
    gone.delete()
    hide_for(hidden)
    [message] = run_digests("daily")
    assert "Kept topic" in message.body
    assert "Deleted topic" not in message.body and "Hidden topic" not in message.body


def test_a_closed_down_community_only_announces_its_closedown(run_digests):
    community = CommunityFactory(stage="closedown")
    follower(community)
    log(community=community, title="Late topic", created=yesterday())
    log(Verb.STAGE_CHANGED, community=community, subject=community, title=community.name,
        excerpt="Now at the Closedown stage.", created=yesterday())  # fmt: skip
    [message] = run_digests("daily")
    assert "Now at the Closedown stage." in message.body
    assert "Late topic" not in message.body


def test_new_members_are_welcomed_in_one_line(run_digests):
    community = CommunityFactory()
    follower(community)
    for name in ("Nia Newcomer", "Owen Hughes"):
        log(Verb.MEMBER_JOINED, community=community, actor=UserFactory(name=name),
            subject=community, title=community.name, created=yesterday())  # fmt: skip
    [message] = run_digests("daily")
    assert "New members: Nia Newcomer and Owen Hughes" in message.body


def test_a_given_period_can_be_run_again_by_date(run_digests):
    community = CommunityFactory()
    follower(community)
    three_days_ago = timezone.localdate() - timedelta(days=3)
    log(community=community, title="Missed day", created=yesterday() - timedelta(days=2))
    [message] = run_digests("daily", period_start=three_days_ago.isoformat())
    assert "Missed day" in message.body
