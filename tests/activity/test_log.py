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


def test_the_in_hand_visibility_check_agrees_with_visible_to_for_every_row_and_person():
    """Digests and alerts check rows they already hold with visible_among; it must be the same
    rule as visible_to (communities, sub-communities, blog entries, hidden rows)."""
    from activity.visibility import CommunitySight
    from blogs import services as blog_services
    from tests.blogs.factories import entry as blog_entry
    from tests.forums.factories import topic

    public = CommunityFactory()
    private = CommunityFactory(private=True)
    sub = CommunityFactory(parent=private)
    pending = CommunityFactory(pending=True)
    insider, outsider, admin = member_of(private), member_of(public), AdminFactory()
    member_of(sub, insider)
    blogger = member_of(public, member_of(private))
    for community in (public, private, sub, pending):
        log(community=community)
    topic(private, insider)
    blog_entry(blogger, title="Personal")
    blog_entry(blogger, title="Everywhere", communities=[public, private])
    blog_entry(blogger, title="Private only", communities=[private])
    hidden = log(community=public)
    hide_for(hidden.target)
    quiet = UserFactory()
    blog_entry(quiet, title="Closed blog")
    blog_services.blog_set_active(user=quiet, active=False)
    rows = list(Activity.objects.all())
    for user in (insider, outsider, admin, blogger, quiet, UserFactory()):
        expected = set(Activity.objects.visible_to(user).values_list("pk", flat=True))
        assert Activity.objects.visible_among(user, rows) == expected, user
        sight = CommunitySight([user.pk], {row.community_id for row in rows} - {None})
        assert Activity.objects.visible_among(user, rows, community_sight=sight) == expected, user


def test_communities_open_to_everyone_are_those_a_member_of_nothing_can_see():
    from activity.models import communities_open_to_everyone

    public = CommunityFactory()
    private = CommunityFactory(private=True)
    under_private = CommunityFactory(parent=private)
    pending = CommunityFactory(pending=True)
    under_public = CommunityFactory(parent=public)
    ids = {c.pk for c in (public, private, under_private, pending, under_public)}
    assert communities_open_to_everyone(ids) == {public.pk, under_public.pk}


def test_batch_sight_asks_the_rule_once_per_situation_and_agrees_with_it():
    import random

    from activity.visibility import CommunitySight
    from communities.models import Community

    rng = random.Random(7)
    top = [CommunityFactory(private=rng.random() < 0.5) for _ in range(6)]
    subs = [CommunityFactory(parent=rng.choice(top), private=rng.random() < 0.5) for _ in range(6)]
    everything = top + subs
    people = [UserFactory() for _ in range(30)] + [AdminFactory(), UserFactory(is_active=False)]
    for person in people[:30]:
        for community in rng.sample(everything, 3):
            MembershipFactory(user=person, community=community)
    ids = {c.pk for c in everything}
    sight = CommunitySight([p.pk for p in people], ids)
    for person in people:
        expected = set(
            Community.objects.visible_to(person).filter(pk__in=ids).values_list("pk", flat=True)
        )
        assert sight(person, ids) == expected
        subset = set(rng.sample(sorted(ids), 4))
        assert sight(person, subset) == expected & subset
    assert sight.questions < 2 * len(people)


def test_excerpts_are_plain_text_with_paragraphs_kept_apart():
    from activity.services import plain_excerpt

    assert plain_excerpt("<p>One.</p><p>Two &amp; <b>three</b>.</p>") == "One. Two & three."
