"""Demo data (seed_demo): once everything is made, each community's "last active" (which sorts
the directory) is the date of its latest logged activity. The services stamp it with the real
clock as content is added; the demo's content is dated by its story (`core.storytime`)."""

from django.db.models import OuterRef, Subquery

from communities.models import Community

from .models import Activity


def settle_last_activity():
    latest = (
        Activity.objects.shown()
        .filter(community=OuterRef("pk"))
        .order_by("-created")
        .values("created")[:1]
    )
    for community in Community.objects.annotate(latest=Subquery(latest)).exclude(latest=None):
        if community.last_activity_at != community.latest:
            Community.objects.filter(pk=community.pk).update(last_activity_at=community.latest)


def seed(ctx):
    ctx["finish"].append(settle_last_activity)
