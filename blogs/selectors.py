"""Reads for blog pages: one page of entries with their (visible) communities, constant queries."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from communities.models import Community

from .models import BlogEntry, BlogPublication

PAGE_SIZE = 10
ANCESTORS = ["community__" + "__".join(["parent"] * n) for n in range(1, 4)]


def visible_publications(user):
    """Only the communities this viewer can see are named next to an entry."""
    return Prefetch(
        "publications",
        queryset=BlogPublication.objects.visible_to(user).select_related("community", *ANCESTORS),
    )


def entries_page(entries, user, page):
    entries = entries.live().select_related("author").prefetch_related(visible_publications(user))
    return Paginator(entries, PAGE_SIZE).get_page(page)


def publishable_communities(user):
    """Communities the member may publish into: theirs, live, open and with blogs."""
    # Member + visible + live + not archived is exactly CommunityAccess.can_post.
    return (
        Community.objects.visible_to(user, feature="blogs")
        .live()
        .not_archived()
        .filter(memberships__user=user)
        .order_by("name")
    )


def entry_for(user, username, pk):
    return (
        BlogEntry.objects.visible_to(user)
        .filter(pk=pk, author__username=username)
        .select_related("author")
        .prefetch_related(visible_publications(user))
        .first()
    )
