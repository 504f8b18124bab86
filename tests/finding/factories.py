"""Finding test data: communities about something, and what they are about refreshed."""

from finding import recommend
from tests.communities.factories import CommunityFactory


def community_about(name, *, domain="", refresh=True, **fields):
    """A community whose own words are `domain`, with its terms refreshed."""
    community = CommunityFactory(
        name=name, domain=domain or f"Sharing practice on {name}.", **fields
    )
    if refresh:
        recommend.refresh_terms(community)
    return community


def refresh(*communities):
    for community in communities:
        recommend.refresh_terms(community)
