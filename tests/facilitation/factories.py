"""A community of any size, quickly: members made in bulk, for query-count tests."""

from django.contrib.auth import get_user_model

from communities.models import Membership
from communities.services import _refresh_member_counts
from tests.communities.factories import CommunityFactory


def community_with_members(size, *, prefix, **community_fields):
    """A community with `size` plain members (bulk-created accounts that cannot sign in)."""
    community = CommunityFactory(**community_fields)
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org", name=f"Member {prefix}{n}")
        for n in range(size)
    )
    Membership.objects.bulk_create(Membership(community=community, user=u) for u in users)
    _refresh_member_counts([community.pk])
    community.refresh_from_db()
    return community, users
