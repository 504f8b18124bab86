"""The rule is worked out once per request and cached between requests (communities.sight), and
every change to what it reads shows at once: memberships, visibility, approval, features, the
parent chain, and the person's own account. Each test first asks, so the answer is cached, then
changes one thing and asks again."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from communities import sight
from communities.models import Community, Membership
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


def seen(user, feature=None):
    return set(Community.objects.visible_to(user, feature).values_list("name", flat=True))


@pytest.fixture
def private():
    return CommunityFactory(name="Private", private=True)


@pytest.fixture
def public():
    return CommunityFactory(name="Public")


def test_joining_shows_a_private_community_at_once_and_leaving_hides_it(private, public):
    person = UserFactory()
    assert seen(person) == {"Public"}
    membership = Membership.objects.create(user=person, community=private)
    assert seen(person) == {"Public", "Private"}
    membership.delete()
    assert seen(person) == {"Public"}


def test_memberships_added_in_bulk_show_at_once(private):
    person = UserFactory()
    assert seen(person) == set()
    Membership.objects.bulk_create([Membership(user=person, community=private)])
    assert seen(person) == {"Private"}


def test_making_a_community_private_hides_it_from_outsiders_at_once(public):
    outsider, member = UserFactory(), member_of(public)
    assert seen(outsider) == seen(member) == {"Public"}
    public.visibility = Community.Visibility.PRIVATE
    public.save()
    assert seen(outsider) == set()
    assert seen(member) == {"Public"}


def test_a_bulk_update_of_visibility_or_status_shows_at_once(public):
    outsider = UserFactory()
    assert seen(outsider) == {"Public"}
    Community.objects.filter(pk=public.pk).update(visibility=Community.Visibility.PRIVATE)
    assert seen(outsider) == set()
    Community.objects.filter(pk=public.pk).update(visibility=Community.Visibility.PUBLIC)
    assert seen(outsider) == {"Public"}
    Community.objects.filter(pk=public.pk).update(status=Community.Status.REJECTED)
    assert seen(outsider) == set()


def test_switching_a_feature_off_hides_its_content_at_once_here_and_in_sub_communities(public):
    sub = CommunityFactory(name="Sub", parent=public)
    person = UserFactory()
    assert seen(person, "wiki") == {"Public", "Sub"}
    public.features = [key for key in public.features if key != "wiki"]
    public.save()
    assert seen(person, "wiki") == set()
    assert seen(person) == {"Public", "Sub"}
    assert "wiki" not in sight.sight_of(person).features[sub.pk]


def test_moving_a_sub_community_under_a_private_parent_hides_it_at_once(private, public):
    sub = CommunityFactory(name="Sub")
    outsider = UserFactory()
    assert "Sub" in seen(outsider)
    sub.parent = private
    sub.depth = 1
    sub.save()
    assert seen(outsider) == {"Public"}


def test_moving_to_closedown_makes_the_community_read_only_at_once(public):
    from communities.rules import CommunityAccess

    member = member_of(public)
    assert CommunityAccess(member, public).can_post
    public.stage = Community.Stage.CLOSEDOWN
    public.save()
    public = Community.objects.get(pk=public.pk)
    assert not CommunityAccess(member, public).can_post
    assert seen(member) == {"Public"}  # an archive stays readable


def test_a_suspended_account_sees_nothing_and_a_new_site_admin_sees_everything_at_once(private):
    person = UserFactory()
    CommunityFactory(name="Public")
    assert seen(person) == {"Public"}
    person.is_staff = True
    person.save()
    assert seen(person) == {"Public", "Private"}
    person.is_active = False
    person.save()
    assert seen(person) == set()


def test_an_answer_worked_out_in_a_transaction_that_rolls_back_is_not_kept(private):
    person = UserFactory()
    assert seen(person) == set()
    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(user=person, community=private)
        assert seen(person) == {"Private"}
        raise RuntimeError("the rest of the change failed")
    assert seen(person) == set()


def test_a_new_account_that_reuses_an_id_never_meets_the_old_accounts_answer(private):
    first = member_of(private)
    assert seen(first) == {"Private"}
    key = sight._member_key(first)
    first.date_joined = first.date_joined.replace(year=first.date_joined.year - 1)
    assert sight._member_key(first) != key


def test_within_a_request_the_rule_is_worked_out_once(private, public):
    person = member_of(private)
    token = sight._request_memo.set({})
    try:
        with CaptureQueriesContext(connection) as first:
            list(Community.objects.visible_to(person))
        with CaptureQueriesContext(connection) as again:
            list(Community.objects.visible_to(person, "wiki"))
            list(Community.objects.visible_to(person))
    finally:
        sight._request_memo.reset(token)
    assert len(again) == 2, "only the two queries asked for, no working out"
    assert len(first) >= len(again) // 2


def test_between_requests_the_answer_comes_from_the_cache(private):
    person = member_of(private)
    seen(person)  # works it out and keeps it
    with CaptureQueriesContext(connection) as captured:
        assert seen(person) == {"Private"}
    assert len(captured) == 1, [q["sql"] for q in captured]


def test_with_the_cache_unavailable_the_rule_is_worked_out_from_the_database(
    settings, private, public
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    }
    from django.core.cache import caches

    caches._settings = caches.settings = settings.CACHES
    caches._connections.__dict__.pop("default", None)
    try:
        person = member_of(private)
        assert seen(person) == {"Public", "Private"}
        Membership.objects.filter(user=person).delete()
        assert seen(person) == {"Public"}
    finally:
        caches._connections.__dict__.pop("default", None)
