"""Private content never reaches a non-member through the API: not through a community's lists,
the directory, search, the activity stream, notifications or the members list. The api_private
and api_sub_private worlds plant canaries in every title and body; the harness scans every
response against the member (from the token) who received it.

The members of the community do receive the canaries through the same calls, which shows the
calls do reach the content (a check that could never see a canary proves nothing)."""

import pytest
from django.urls import reverse

from tests.api.conftest import Api
from tests.api.factories import token
from tests.api.permission_rows import ROWS
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db

SITE_WIDE = ["communities", "activity", "notifications", "me"]


def get_urls(world):
    """Every GET of the API a row names for this world, with its query, plus site-wide lists and
    searches for each word a canary hides behind."""
    urls = set()
    for row in ROWS:
        if (
            row.method == "GET"
            and row.scenario == world.scenario
            and row.url_name.startswith("api:v1:")
        ):
            url = reverse(row.url_name, kwargs=row.resolve_kwargs(world))
            urls.add(f"{url}?{row.query}" if row.query else url)
    for name in SITE_WIDE:
        urls.add(reverse(f"api:v1:{name}"))
        urls.add(reverse(f"api:v1:{name}") + "?mine=true")
    for canary in world.canaries.canaries:
        urls.add(reverse("api:v1:search") + f"?q={canary.token}")
    for words in ("Panel", "templates", "guide", "meet-up", "Lessons"):
        urls.add(reverse("api:v1:search") + f"?q={words}")
    urls.add(reverse("api:v1:search") + "?type=topic")
    return sorted(urls)


@pytest.mark.parametrize("scenario", ["api_private", "api_sub_private"])
def test_no_canary_reaches_a_non_member_through_any_api_call(scenario, client, canaries):
    world = build_world(scenario, canaries)
    urls = get_urls(world)
    assert len(urls) > 25
    for role in ("outsider", "requester"):
        api = Api(client, token(world.users[role], scope="read")[1])
        for url in urls:
            response = api.client.get(url, **api.headers)
            assert response.status_code in (200, 400, 403, 404, 422), (role, url)
    assert canaries.responses_checked >= 2 * len(urls)
    assert not canaries.leaks


@pytest.mark.parametrize("scenario", ["api_private", "api_sub_private"])
def test_members_do_get_the_content_through_the_same_calls(scenario, client, canaries):
    world = build_world(scenario, canaries)
    api = Api(client, token(world.users["member"], scope="read")[1])
    received = ""
    for url in get_urls(world):
        response = api.client.get(url, **api.headers)
        if not response.streaming:  # a document's file
            received += response.content.decode(errors="replace")
    planted = {c.token for c in world.canaries.canaries}
    reached = {t for t in planted if t in received}
    # Everything but the community's own domain, welcome message and ground rules of a parent
    # (only the sub-community's detail is asked for) comes back.
    about_the_community = ("domain", "welcome", "ground rules")
    content = {
        c.token
        for c in world.canaries.canaries
        if not any(words in c.description for words in about_the_community)
    }
    assert content <= reached, sorted(
        c.description for c in world.canaries.canaries if c.token in content - reached
    )
