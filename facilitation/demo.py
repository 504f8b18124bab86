"""Demo data (seed_demo): a few weeks of visits in each open community, so the weekday-and-hour
table on "This week" has something to show on `make run`. Visits are one row per member,
community and day, written as the middleware's flush would; a second run adds nothing."""

from datetime import timedelta

from django.utils import timezone

from communities.models import Community, Membership

from .models import Visit

DAYS = 35
# Members of the demo tend to look in on weekday mornings and after lunch.
HOURS = (9, 10, 10, 11, 14, 16)


def seed_visits():
    today = timezone.localdate()
    rows = []
    memberships = Membership.objects.filter(
        community__in=Community.objects.live().not_archived()
    ).values_list("community_id", "user_id")
    for community_id, user_id in memberships:
        for back in range(DAYS):
            day = today - timedelta(days=back)
            # A steady, varied pattern (no randomness, so runs agree): most weekdays, few weekends.
            if (user_id + community_id + back) % (2 if day.weekday() < 5 else 7):
                continue
            hour = HOURS[(user_id * 7 + back) % len(HOURS)]
            rows.append(Visit(community_id=community_id, user_id=user_id, day=day, hour=hour))
    Visit.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def seed(ctx):
    ctx["finish"].append(seed_visits)
