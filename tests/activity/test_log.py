"""The event log: one row per meaningful action, written by the services, hidden when its
target goes."""

import pytest

from activity.models import Activity, Verb
from activity.services import hide_for, record, show_for
from communities import services as community_services
from tests.accounts.factories import AdminFactory, UserFactory
from tests.activity.factories import log, stand_in
from tests.communities.factories import CommunityFactory, MembershipFactory, member_of

pytestmark = pytest.mark.django_db


def test_recording_stores_who_did_what_where_with_text_to_show_without_fetching_the_target():
    community = CommunityFactory(name="Adoption Policy CoP")
    author = UserFactory(name="Priya Shah")
    topic = stand_in(community)

    row = record(
        actor=author,
        verb=Verb.TOPIC_STARTED,
        target=topic,
        title="Matching panels",
        excerpt="<p>How do <strong>you</strong> run\n matching panels?</p>",
        url="/c/adoption-policy-cop/forum/1/",
    )

    assert row.community == community  # taken from the target
    assert row.feature == "forum"
    assert (row.subject_type_id, row.subject_id) == (row.target_type_id, topic.pk)
    assert row.excerpt == "How do you run matching panels?"
    assert str(row) == "Priya Shah started a topic: Matching panels"


def test_only_personal_blog_activity_may_have_no_community():
    author = UserFactory()
    entry = UserFactory()  # any row will do as a stand-in for a personal blog entry
    with pytest.raises(ValueError):
        record(actor=author, verb=Verb.TOPIC_STARTED, target=entry, url="/x/")
    row = record(actor=author, verb=Verb.BLOG_PUBLISHED, target=entry, title="Notes", url="/b/1/")
    assert row.community is None


def test_hiding_a_target_hides_its_rows_and_the_rows_about_it_and_restoring_brings_them_back():
    community = CommunityFactory()
    topic = stand_in(community)
    started = log(Verb.TOPIC_STARTED, community=community, target=topic)
    reply = log(Verb.REPLY_POSTED, community=community, subject=topic)
    elsewhere = log(Verb.TOPIC_STARTED, community=community)

    hide_for(topic)
    assert set(Activity.objects.shown()) == {elsewhere}

    show_for(topic)
    assert set(Activity.objects.shown()) == {started, reply, elsewhere}


def test_joining_a_community_is_logged_and_leaving_drops_it_from_the_stream(client):
    community = CommunityFactory(name="Knowledge Management")
    MembershipFactory(community=community, facilitator=True)
    newcomer = UserFactory(name="Nia Newcomer")
    viewer = member_of(community)

    community_services.membership_join(user=newcomer, community=community)
    row = Activity.objects.get(verb=Verb.MEMBER_JOINED)
    assert (row.actor, row.community, row.title) == (newcomer, community, "Knowledge Management")

    client.force_login(viewer)
    assert "Nia Newcomer" in client.get(f"/c/{community.slug}/activity/").content.decode()
    community_services.membership_leave(user=newcomer, community=community)
    assert "Nia Newcomer" not in client.get(f"/c/{community.slug}/activity/").content.decode()
    assert Activity.objects.get(pk=row.pk).is_hidden  # the deleted target was noticed for good


def test_approval_stage_changes_and_sub_communities_are_logged():
    admin = AdminFactory()
    proposer = UserFactory()
    community = community_services.community_propose(
        proposer=proposer,
        name="Talent Management",
        short_description="People development.",
        domain="Talent.",
        purpose="Share.",
        intended_members="HR.",
        visibility="public",
    )
    community_services.community_approve(community=community, admin=admin)
    community.refresh_from_db()
    community_services.stage_change(community=community, by=proposer, to_stage="nurture")
    sub = community_services.subcommunity_create(
        parent=community,
        by=proposer,
        name="Apprenticeships Task Group",
        short_description="A task group.",
        domain="Apprenticeships.",
        visibility="public",
        features=["forum"],
    )

    verbs = list(Activity.objects.order_by("pk").values_list("verb", "community", "title"))
    assert verbs == [
        (Verb.COMMUNITY_APPROVED, community.pk, "Talent Management"),
        (Verb.STAGE_CHANGED, community.pk, "Talent Management"),
        (Verb.COMMUNITY_CREATED, community.pk, sub.name),
    ]
    stage = Activity.objects.get(verb=Verb.STAGE_CHANGED)
    assert stage.excerpt == "Now at the Nurture stage."
