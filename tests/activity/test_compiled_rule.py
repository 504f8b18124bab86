"""A personal subject's rule inside the activity rule is compiled once per person and state of
what they may see, and a change to that state is seen at once."""

import pytest

from activity.models import Activity
from blogs.models import BlogEntry
from communities import querysets
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


def visible_titles(user):
    return sorted(Activity.objects.visible_to(user).values_list("title", flat=True))


def test_joining_a_private_community_shows_its_blog_entries_at_once():
    private = CommunityFactory(private=True)
    author, newcomer = member_of(private), UserFactory()
    blog_entry(author, title="Panel notes", communities=[private])
    assert visible_titles(newcomer) == []
    member_of(private, newcomer)
    assert "Panel notes" in visible_titles(newcomer)
    private.memberships.filter(user=newcomer).delete()
    assert visible_titles(newcomer) == []


def test_switching_blogs_off_hides_the_entries_published_there_at_once():
    community = CommunityFactory()
    author, reader = member_of(community), member_of(community)
    blog_entry(author, title="Shared notes", communities=[community])
    assert "Shared notes" in visible_titles(reader)
    community.features = [key for key in community.features if key != "blogs"]
    community.save()
    assert "Shared notes" not in visible_titles(reader)


def test_the_rule_is_compiled_once_per_person_and_never_shared_between_people(monkeypatch):
    private = CommunityFactory(private=True)
    author, insider, outsider = member_of(private), member_of(private), UserFactory()
    blog_entry(author, title="Panel notes", communities=[private])
    querysets._compiled_rules[:] = [None, {}]
    asked = []
    original = BlogEntry.objects.visible_to

    def counting(user, **kwargs):
        asked.append(user.pk)
        return original(user, **kwargs)

    monkeypatch.setattr(BlogEntry.objects, "visible_to", counting)
    assert "Panel notes" in visible_titles(insider)
    assert "Panel notes" in visible_titles(insider)
    assert visible_titles(outsider) == []
    assert asked == [insider.pk, outsider.pk]
