"""Events are found by search (through the visibility rule) and can be tagged, once the
knowledge apps (search, tags) are installed. Skipped until then."""

import pytest
from django.apps import apps

from events import services
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (apps.is_installed("search") and apps.is_installed("tags")),
        reason="the search and tags apps are not installed yet",
    ),
]


def test_a_new_event_is_found_by_members_only(django_capture_on_commit_callbacks):
    from search.models import SearchDocument

    private = CommunityFactory(private=True)
    member = member_of(private)
    outsider = member_of(CommunityFactory())
    template = EventFactory.build(community=private)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_create(
            community=private,
            user=member,
            title="Panel practice workshop",
            description="<p>Preparing reports</p>",
            location="Taunton",
            starts_at=template.starts_at,
            ends_at=template.ends_at,
            timezone="Europe/London",
            contact=member,
        )
    found = SearchDocument.objects.filter(kind="event", object_id=event.pk)
    assert found.visible_to(member).exists()
    assert not found.visible_to(outsider).exists()


def test_the_event_page_has_the_tags_box(client, community, organiser):
    event = EventFactory(community=community, created_by=organiser)
    client.force_login(organiser)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'id="tags-event-{event.pk}-title"' in page and "Add tags" in page
