"""The events lists (upcoming and past) show each event's tags, linking to `?tag=<slug>`, which
narrows the list to the events with that tag: said plainly, paginated, through the visibility
rule, and calm about tags that do not exist or slugs nobody could have made."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("tags"), reason="the tags app is not installed"),
]


def tag(event, names, user=None):
    from tags.services import tag_add

    tag_add(user=user or event.created_by, item=event, names=names)


def upcoming(community, **params):
    return reverse("events:index", args=[community.slug]), params


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def listed(page):
    """Titles of the events in the page's list, in order."""
    import re

    return re.findall(r'<h3 class="event-list__title"><a href="[^"]*">([^<]*)</a></h3>', page)


@pytest.fixture
def events(community, organiser):
    """Three upcoming events: one tagged "budget" and "Social care", one "budget", one none."""
    soon = timezone.now() + timedelta(days=3)

    def make(title, days):
        return EventFactory(
            community=community,
            created_by=organiser,
            title=title,
            starts_at=soon + timedelta(days=days),
            ends_at=soon + timedelta(days=days, hours=2),
        )

    both, budget, untagged = make("Both", 1), make("Budget only", 2), make("Untagged", 3)
    tag(both, "budget, Social care")
    tag(budget, "Budget")
    return both, budget, untagged


def test_each_listed_event_shows_its_tags_linking_to_the_filter(
    organiser_client, community, events
):
    page = get(organiser_client, reverse("events:index", args=[community.slug]))
    assert listed(page) == ["Both", "Budget only", "Untagged"]
    index = reverse("events:index", args=[community.slug])
    assert page.count(f'<a class="tag" href="{index}?tag=budget" rel="tag">budget</a>') == 2
    assert f'<a class="tag" href="{index}?tag=social-care" rel="tag">Social care</a>' in page
    assert 'aria-label="Tags"' in page
    assert page.index("?tag=budget") < page.index("?tag=social-care")  # A–Z, any letter case


def test_a_tag_narrows_the_list_and_says_so_with_a_way_back(organiser_client, community, events):
    index = reverse("events:index", args=[community.slug])
    page = get(organiser_client, index, {"tag": "social-care"})
    assert listed(page) == ["Both"]
    assert (
        "Showing upcoming events tagged <strong>“Social care”</strong> — "
        f'<a href="{index}">show all upcoming events</a>.'
    ) in page

    page = get(organiser_client, index, {"tag": "BUDGET"})  # slugs are lower case
    assert listed(page) == ["Both", "Budget only"]
    assert "tagged <strong>“budget”</strong>" in page


def test_an_unknown_tag_gives_an_empty_list_and_says_so(organiser_client, community, events):
    index = reverse("events:index", args=[community.slug])
    page = get(organiser_client, index, {"tag": "no-such-tag"})
    assert listed(page) == []
    assert (
        "No upcoming events are tagged <strong>“no-such-tag”</strong> — "
        f'<a href="{index}">show all upcoming events</a>.'
    ) in page
    assert "No upcoming events." not in page  # the unfiltered empty message is not shown too


@pytest.mark.parametrize(
    "slug",
    [
        "<script>alert(1)</script>",
        "a\x00b",
        "x" * 5000,
        "' OR 1=1 --",
        "%",
        "_",
        "budget%",
        "../../etc/passwd",
        "budget&page=2",
        "🙂",
        "\u202ebudget",
        "budget\n",
    ],
    ids=[
        "html",
        "nul",
        "very long",
        "sql",
        "percent",
        "underscore",
        "like pattern",
        "path",
        "ampersand",
        "emoji",
        "bidi",
        "newline",
    ],
)
def test_odd_tag_slugs_give_an_empty_list_never_an_error(organiser_client, community, events, slug):
    page = get(organiser_client, reverse("events:index", args=[community.slug]), {"tag": slug})
    past = get(organiser_client, reverse("events:past", args=[community.slug]), {"tag": slug})
    if slug == "budget\n":  # surrounding space is trimmed, as typed in an address bar
        assert listed(page) == ["Both", "Budget only"]
        return
    assert listed(page) == [] and listed(past) == []
    assert "No upcoming events are tagged" in page and "No past events are tagged" in past
    assert "<script>alert(1)</script>" not in page


def test_an_empty_tag_is_no_filter(organiser_client, community, events):
    for value in ("", "   "):
        page = get(organiser_client, reverse("events:index", args=[community.slug]), {"tag": value})
        assert listed(page) == ["Both", "Budget only", "Untagged"]
        assert "tagged <strong>" not in page


def test_only_this_communitys_events_the_person_can_see_and_no_hidden_tag_names(client):
    public, private, elsewhere = (
        CommunityFactory(),
        CommunityFactory(private=True),
        CommunityFactory(),
    )
    reader = member_of(public)
    mine = EventFactory(community=public, created_by=member_of(public), title="Here")
    tag(mine, "budget")
    other = EventFactory(community=elsewhere, created_by=member_of(elsewhere), title="There")
    tag(other, "budget")
    secret = EventFactory(community=private, created_by=member_of(private), title="Secret")
    tag(secret, "Redundancy Plan")
    client.force_login(reader)

    page = get(client, reverse("events:index", args=[public.slug]), {"tag": "budget"})
    assert listed(page) == ["Here"]

    page = get(client, reverse("events:index", args=[public.slug]), {"tag": "redundancy-plan"})
    assert listed(page) == []
    assert "Redundancy Plan" not in page  # the slug as typed, never the hidden tag's name
    assert "“redundancy-plan”" in page
    # The private community's own list stays closed to non-members, filter or not.
    url = reverse("events:index", args=[private.slug])
    assert client.get(url, {"tag": "redundancy-plan"}).status_code == 403


def test_the_filtered_list_is_paginated_and_keeps_the_tag(organiser_client, community, organiser):
    start = timezone.now() + timedelta(days=1)
    Event.objects.bulk_create(
        Event(
            community=community,
            created_by=organiser,
            title=f"Event {n:02d}",
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n + 1),
        )
        for n in range(30)
    )
    for event in Event.objects.filter(title__lt="Event 25"):
        tag(event, "Budget")
    index = reverse("events:index", args=[community.slug])

    first = get(organiser_client, index, {"tag": "budget"})
    assert listed(first) == [f"Event {n:02d}" for n in range(20)]
    assert "Page 1 of 2" in first
    assert 'href="?tag=budget&amp;page=2"' in first

    second = get(organiser_client, index, {"tag": "budget", "page": "2"})
    assert listed(second) == [f"Event {n:02d}" for n in range(20, 25)]
    assert 'href="?tag=budget&amp;page=1"' in second
    assert "Showing upcoming events tagged <strong>“Budget”</strong>" in second

    # A page number past the end shows the last page; nonsense shows the first.
    assert listed(get(organiser_client, index, {"tag": "budget", "page": "99"})) == listed(second)
    assert listed(get(organiser_client, index, {"tag": "budget", "page": "x'"})) == listed(first)


def test_a_tag_with_letters_beyond_ascii_round_trips(organiser_client, community, organiser):
    event = EventFactory(community=community, created_by=organiser, title="Café")
    tag(event, "Ünïcödé")
    index = reverse("events:index", args=[community.slug])
    page = get(organiser_client, index)
    assert f'href="{index}?tag=%C3%BCn%C3%AFc%C3%B6d%C3%A9"' in page
    page = get(organiser_client, index, {"tag": "ünïcödé"})
    assert listed(page) == ["Café"]
    assert "tagged <strong>“Ünïcödé”</strong>" in page


def test_past_events_show_their_tags_and_filter_too(organiser_client, community, organiser):
    def over(title, days_ago):
        start = timezone.now() - timedelta(days=days_ago)
        return EventFactory(
            community=community,
            created_by=organiser,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
        )

    workshop, other = over("Workshop", 3), over("Other", 5)
    tag(workshop, "Workshops")
    tag(other, "Other things")
    past = reverse("events:past", args=[community.slug])

    page = get(organiser_client, past)
    assert listed(page) == ["Workshop", "Other"]
    assert f'<a class="tag" href="{past}?tag=workshops" rel="tag">Workshops</a>' in page

    page = get(organiser_client, past, {"tag": "workshops"})
    assert listed(page) == ["Workshop"]
    assert (
        "Showing past events tagged <strong>“Workshops”</strong> — "
        f'<a href="{past}">show all past events</a>.'
    ) in page
    # Upcoming and past are separate lists: the past event is not upcoming.
    upcoming_page = get(
        organiser_client, reverse("events:index", args=[community.slug]), {"tag": "workshops"}
    )
    assert listed(upcoming_page) == []


def test_my_communities_page_lists_events_without_tag_links(organiser_client, events):
    """The cross-community list has no tag filter of its own, so it shows no tag links."""
    page = get(organiser_client, reverse("events:mine"))
    assert "Both" in page and 'rel="tag"' not in page
