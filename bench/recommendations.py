"""Recommended communities benchmark: p50/p95 of the My home block at national scale.

Runs on the data bench/generate.py writes (200,000 members with 0-5 areas of expertise, 2,000
communities of which a third private and a tenth sub-communities, ~600,000 memberships, tags on
content). It gives a few hundred members interests and service areas too, refreshes what every
community is about (finding.recommend.refresh_all, the nightly task: its time is reported),
then times exactly what the block does for a member (`member_terms` + `recommend`) for
`--members` sampled members, `--runs` times each, and reports milliseconds and SQL queries.

    .venv/bin/python bench/pg.py start /tmp/bench-finding            # prints DATABASE_URL=…
    DATABASE_URL=… .venv/bin/python bench/generate.py --members 200000 --communities 2000 \\
        --items 200000 --search-rows 20000 --activity 20000
    DATABASE_URL=… .venv/bin/python bench/recommendations.py --members 50 --runs 20

`--skip-refresh` reuses the terms of an earlier run; `--explain` prints PostgreSQL's plan of
the grouped query for the first sampled member.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from accounts.models import User  # noqa: E402
from communities.models import Community  # noqa: E402
from finding import recommend  # noqa: E402
from finding.models import CommunityTerm  # noqa: E402
from profiles.models import InterestTag, Profile, ServiceArea  # noqa: E402

SEED = 20261202


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def add_interests(rng, count):
    """Interests (2-4 domain tags) and 1-2 service areas for `count` members, once."""
    if InterestTag.objects.exists():
        return
    tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True)[:200])
    areas = list(ServiceArea.objects.values_list("pk", flat=True))
    through = Profile.service_areas.through
    profiles = list(Profile.objects.order_by("pk").values_list("pk", flat=True)[: count * 4 : 4])
    with transaction.atomic():
        InterestTag.objects.bulk_create(
            [
                InterestTag(content_object_id=pid, tag_id=tag, position=n)
                for pid in profiles
                for n, tag in enumerate(rng.sample(tags, rng.randint(2, 4)))
            ]
        )
        if areas:
            through.objects.bulk_create(
                [
                    through(profile_id=pid, servicearea_id=area)
                    for pid in profiles
                    for area in rng.sample(areas, min(len(areas), rng.randint(1, 2)))
                ],
                ignore_conflicts=True,
            )


def block(user):
    """What the My home panel computes for one member."""
    terms = recommend.member_terms(user)
    return recommend.recommend(user, terms=terms)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50, help="sampled members")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per member")
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    rng = random.Random(SEED)
    settings.DEBUG = False  # as in production: no query log kept in memory

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    members = User.objects.count()
    communities = Community.objects.count()
    print(f"{members:,} members, {communities:,} communities")
    add_interests(rng, 500)

    if not args.skip_refresh or not CommunityTerm.objects.exists():
        started = time.perf_counter()
        refreshed = recommend.refresh_all()
        took = time.perf_counter() - started
        print(f"refresh_all: {refreshed:,} communities in {took:.0f} s "
              f"({took / max(refreshed, 1) * 1000:.0f} ms each), "
              f"{CommunityTerm.objects.count():,} term rows")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE finding_communityterm")

    with_terms = list(
        User.objects.filter(profile__interest_items__isnull=False).distinct().order_by("pk")[:400]
    )
    sample = rng.sample(with_terms, min(len(with_terms), args.members - 5))
    sample += list(User.objects.filter(profile__expertise_items__isnull=True)[:5])  # empty ones
    timings, queries, shown, empty = [], [], [], 0
    for user in sample:
        block(user)  # warm
        with CaptureQueriesContext(connection) as captured:
            found = block(user)
        queries.append(len(captured.captured_queries))
        shown.append(len(found))
        empty += int(all(r.popular for r in found))
        for _ in range(args.runs):
            started = time.perf_counter()
            block(user)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{len(sample)} members x {args.runs} runs: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; "
        f"queries {min(queries)}-{max(queries)}; shown {min(shown)}-{max(shown)} "
        f"({empty} members got the most active public ones)"
    )
    if args.explain and connection.vendor == "postgresql":
        user = sample[0]
        terms = recommend.member_terms(user)
        query = (
            CommunityTerm.objects.filter(
                term__in=list(terms), community__in=recommend.candidates(user)
            )
            .values("community_id")
            .order_by()
        )
        print(query.explain(analyze=True))


if __name__ == "__main__":
    main()
