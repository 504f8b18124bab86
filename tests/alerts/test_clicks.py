"""Links in alert emails, counted with respect: per community and day, never per person, and
only ever leading to this site's own pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.clicks import follow, tracked_path
from alerts.models import EmailReach
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_a_followed_link_counts_for_its_community_and_day_and_leads_on(client):
    community = CommunityFactory()
    path = tracked_path(f"/c/{community.slug}/forum/1/", community.pk)
    assert path.startswith("/r/")

    first = client.get(path)
    client.get(path)

    assert first.status_code == 302 and first["Location"] == f"/c/{community.slug}/forum/1/"
    reach = EmailReach.objects.get(community=community)
    assert (reach.day, reach.clicks, reach.digests) == (timezone.localdate(), 2, 0)
    # The row holds counts only: nothing says who followed the link.
    assert {f.name for f in EmailReach._meta.fields} == {
        "id",
        "community",
        "day",
        "digests",
        "clicks",
    }


def test_the_same_link_is_made_for_everyone():
    community = CommunityFactory()
    assert tracked_path("/c/x/", community.pk) == tracked_path("/c/x/", community.pk)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_only_this_sites_paths_are_wrapped_or_followed(target):
    community = CommunityFactory()
    assert tracked_path(target, community.pk) == target
    from django.core import signing

    from alerts.clicks import SALT

    forged = signing.dumps({"c": community.pk, "p": target}, salt=SALT)
    assert follow(forged) is None


def test_a_tampered_link_is_a_404_and_counts_nothing(client):
    community = CommunityFactory()
    signed = tracked_path("/c/x/", community.pk).split("/")[2]
    tampered = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
    response = client.get(reverse("alerts:click", args=[tampered]))
    assert response.status_code == 404
    assert not EmailReach.objects.exists()


def test_a_post_to_the_redirect_counts_nothing(client):
    community = CommunityFactory()
    client.post(tracked_path("/c/x/", community.pk))
    assert not EmailReach.objects.exists()
