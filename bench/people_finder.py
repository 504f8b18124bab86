"""People finder benchmark: p50/p95 of the real finder code over N profiles (default 200,000).

Fills the configured database with N members, each with a profile (organisation from ~450
councils, NHS trusts and agencies; a region; 1-3 service areas; 2-6 areas of expertise and 1-5
of interest drawn from ~700 tags with a Zipf-like spread, so some tags are held by thousands of
people and most by a few), 3% hidden from the finder, 1% suspended, and 120 communities with
~300,000 memberships. Then, as one signed-in member with contacts, blocks and communities, it
runs the typical searches exactly as the finder page does (`finder.search` → capped count →
one page of profiles → expertise prefetch → contacts and shared communities; and "People like
me") and reports milliseconds per search, and the number of SQL queries each takes.

Run it against a throwaway PostgreSQL (the way scripts/test.sh starts one), or SQLite:

    DATABASE_URL=postgres://cop@127.0.0.1:56901/copbench \\
    DJANGO_SETTINGS_MODULE=cop_platform.settings.dev \\
        .venv/bin/python bench/people_finder.py --profiles 200000 --runs 40

It migrates the database, generates the data once (re-runs reuse it if the count matches;
`--regenerate` starts again) and refuses a database that has other members in it unless told
with `--force`. `--explain` prints PostgreSQL's plan for each search.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from accounts.models import User  # noqa: E402
from communities.models import Community, Membership  # noqa: E402
from profiles import finder  # noqa: E402
from profiles.models import (  # noqa: E402
    Block,
    Contact,
    ExpertiseTag,
    InterestTag,
    Profile,
    Region,
    ServiceArea,
)

SEED = 20260401
PREFIX = "bench-"
BATCH = 5000

FIRST = """Aaron Abigail Adam Adrian Aisha Alan Alex Alice Amelia Amir Amy Andrew Angela Anna Anne
Anthony Arjun Ava Barbara Ben Bethany Bilal Brian Carl Caroline Catherine Charlotte Chloe Chris
Claire Craig Daniel David Deborah Dylan Edward Eleanor Elizabeth Ella Emily Emma Ethan Fatima
Fiona Freya Gareth Gemma George Grace Hannah Harry Helen Holly Ian Imran Isaac Isabella Jack
Jacob James Jane Jasmine Jennifer Jessica Joanne John Jonathan Joseph Joshua Julie Karen Kate
Katie Kevin Laura Lauren Leah Liam Lily Lucy Luke Mark Martin Mary Matthew Megan Mei Michael
Mohammed Natalie Nathan Neil Nia Nicola Oliver Olivia Omar Owen Patrick Paul Peter Philip Priya
Rachel Rebecca Richard Robert Ruby Ryan Samuel Sarah Scott Sean Sophie Stephen Steven Stuart
Susan Thomas Tom Victoria William Yusuf Zara Zoe""".split()
LAST = """Ahmed Ali Allen Anderson Bailey Baker Barnes Begum Bell Bennett Brown Butler Campbell
Carter Chapman Chen Clark Clarke Cole Collins Cook Cooper Cox Davies Davis Dixon Edwards Ellis
Evans Fisher Fletcher Foster Fox Gibson Graham Gray Green Griffiths Hall Harris Harrison Hill
Holmes Hughes Hunt Hussain Jackson James Jenkins Johnson Jones Kaur Kelly Khan King Knight Lee
Lewis Lloyd Marshall Martin Mason Matthews Miller Mills Mitchell Moore Morgan Morris Murphy Murray
Okafor Owen Palmer Parker Patel Pearson Phillips Powell Price Reid Richards Richardson Roberts
Robinson Rogers Rose Russell Scott Shah Shaw Simpson Singh Smith Stevens Stewart Taylor Thomas
Thompson Turner Walker Ward Watson Webb Wells White Wilkinson Williams Wilson Wood Wright
Young""".split()
PLACES = """Barnsley Bath Bedford Birmingham Blackburn Blackpool Bolton Bournemouth Bradford
Brighton Bristol Bury Calderdale Cambridge Cardiff Carlisle Cheshire Colchester Cornwall Coventry
Croydon Cumbria Darlington Derby Devon Doncaster Dorset Dudley Durham Ealing Essex Exeter Gateshead
Glasgow Gloucester Hackney Halton Hampshire Harrow Hertfordshire Hull Ipswich Islington Kent
Kirklees Knowsley Lambeth Lancashire Leeds Leicester Lewisham Lincoln Liverpool Luton Manchester
Medway Middlesbrough Milton-Keynes Newcastle Newham Norfolk Northumberland Norwich Nottingham
Oldham Oxford Peterborough Plymouth Portsmouth Reading Redbridge Rochdale Rotherham Salford
Sandwell Sefton Sheffield Shropshire Slough Solihull Somerset Southampton Southwark Stockport
Stoke Suffolk Sunderland Surrey Swansea Swindon Tameside Telford Thurrock Torbay Trafford
Wakefield Walsall Warrington Warwickshire Wigan Wiltshire Wirral Wolverhampton Worcester
York""".split()
BODIES = ["City Council", "Council", "County Council", "Borough Council", "NHS Trust",
          "NHS Foundation Trust", "Integrated Care Board"]  # fmt: skip
ROLES = """Head of Service, Service Manager, Policy Officer, Senior Social Worker, Team Leader,
Procurement Lead, Planning Officer, Knowledge Manager, Commissioning Manager, Project Manager,
Data Analyst, Finance Business Partner, Director, Assistant Director, Consultant, Adviser""".split(
    ","
)
TOPICS = """adoption fostering procurement planning housing homelessness knowledge commissioning
safeguarding finance budgeting audit governance scrutiny engagement consultation digital data
analytics transformation benchmarking performance workforce recruitment leadership climate carbon
waste recycling highways transport libraries leisure culture tourism regeneration employment skills
apprenticeships licensing enforcement elections equality inclusion accessibility dementia carers
disability benefits revenues pensions insurance risk resilience flooding parking neighbourhood
youth schools education health wellbeing""".split()
QUALIFIERS = """policy practice management strategy support services design improvement delivery
law reform partnerships research evaluation standards""".split()


def tag_pool(rng):
    """~700 distinct tags: each topic alone and with a few qualifiers."""
    names = set(TOPICS)
    for topic in TOPICS:
        for qualifier in rng.sample(QUALIFIERS, 10):
            names.add(f"{topic} {qualifier}")
    return sorted(names)


def zipf_weights(count, s=1.05):
    return [1 / math.pow(rank, s) for rank in range(1, count + 1)]


def bench_users():
    return User.objects.filter(username__startswith=PREFIX)


def generate(count, rng):
    print(f"Generating {count:,} members and profiles...", flush=True)
    started = time.perf_counter()
    organisations = [f"{place} {body}" for place in PLACES for body in rng.sample(BODIES, 4)]
    regions = [value for value, _ in Region.choices]
    areas = list(ServiceArea.objects.all())
    names = tag_pool(rng)
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    Tag.objects.bulk_create([Tag(name=n, slug=f"{PREFIX}{i}") for i, n in enumerate(names)
                             if n not in existing], batch_size=BATCH)  # fmt: skip
    tags = list(Tag.objects.filter(name__in=names))
    rng.shuffle(tags)
    weights = zipf_weights(len(tags))

    with transaction.atomic():
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            User.objects.bulk_create(
                [
                    User(
                        username=f"{PREFIX}{start + i:07d}",
                        email=f"{PREFIX}{start + i:07d}@bench.invalid",
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        password="!",  # unusable: nobody signs in as a bench member
                        is_active=rng.random() > 0.01,
                    )
                    for i in range(size)
                ]
            )
    users = list(bench_users().order_by("pk").values_list("pk", "name", "is_active"))
    user_ids = [uid for uid, _, _ in users]
    print(f"  users: {time.perf_counter() - started:.0f}s", flush=True)

    with transaction.atomic():
        for start in range(0, len(users), BATCH):
            Profile.objects.bulk_create(
                [
                    Profile(
                        user_id=uid,
                        name=name,  # the finder's copies (signals.sync_from_user normally)
                        active=active,
                        job_title=rng.choice(ROLES).strip(),
                        organisation=rng.choice(organisations),
                        location=rng.choice(PLACES),
                        region=rng.choice(regions),
                        hidden_from_finder=rng.random() < 0.03,
                    )
                    for uid, name, active in users[start : start + BATCH]
                ],
                ignore_conflicts=True,  # the post_save receiver does not run for bulk_create
            )
    profile_ids = list(
        Profile.objects.filter(user_id__in=bench_users().values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    print(f"  profiles: {time.perf_counter() - started:.0f}s", flush=True)

    area_through = Profile.service_areas.through
    with transaction.atomic():
        for start in range(0, len(profile_ids), BATCH):
            expertise, interests, service = [], [], []
            for pid in profile_ids[start : start + BATCH]:
                chosen = set()
                while len(chosen) < rng.randint(2, 6):
                    chosen.add(rng.choices(tags, weights)[0])
                expertise += [
                    ExpertiseTag(content_object_id=pid, tag=t, position=n)
                    for n, t in enumerate(chosen)
                ]
                liked = set()
                while len(liked) < rng.randint(1, 5):
                    liked.add(rng.choices(tags, weights)[0])
                interests += [
                    InterestTag(content_object_id=pid, tag=t, position=n)
                    for n, t in enumerate(liked)
                ]
                service += [
                    area_through(profile_id=pid, servicearea_id=a.pk)
                    for a in rng.sample(areas, rng.randint(1, 3))
                ]
            ExpertiseTag.objects.bulk_create(expertise)
            InterestTag.objects.bulk_create(interests)
            area_through.objects.bulk_create(service)
    print(f"  tags and service areas: {time.perf_counter() - started:.0f}s", flush=True)

    with transaction.atomic():
        communities = Community.objects.bulk_create(
            [
                Community(
                    name=f"{PREFIX}community {n}",
                    slug=f"{PREFIX}community-{n}",
                    short_description="Bench community.",
                    domain="Benchmarking.",
                    visibility="private" if n % 3 == 0 else "public",
                    status="approved",
                    stage="nurture",
                )
                for n in range(120)
            ]
        )
        memberships = []
        for uid in user_ids:
            for community in rng.sample(communities, rng.choice((0, 1, 1, 2, 3))):
                memberships.append(Membership(user_id=uid, community=community))
            if len(memberships) >= BATCH:
                Membership.objects.bulk_create(memberships, ignore_conflicts=True)
                memberships = []
        Membership.objects.bulk_create(memberships, ignore_conflicts=True)
    print(f"  communities and memberships: {time.perf_counter() - started:.0f}s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f}s.", flush=True)


def viewer(rng):
    """The member searching: in 6 communities, 40 contacts, 5 blocks, a few tags."""
    user, created = User.objects.get_or_create(
        username=f"{PREFIX}viewer",
        defaults={"email": "viewer@bench.invalid", "name": "Vera Viewer"},
    )
    if created:
        profile = Profile.objects.get(user=user)
        tags = list(Tag.objects.filter(name__in=["procurement", "adoption policy",
                                                 "knowledge management", "housing"]))  # fmt: skip
        for through, chosen in ((ExpertiseTag, tags[:2]), (InterestTag, tags[2:])):
            through.objects.bulk_create(
                [through(content_object=profile, tag=t, position=n) for n, t in enumerate(chosen)]
            )
        for community in Community.objects.filter(slug__startswith=PREFIX)[:6]:
            Membership.objects.get_or_create(user=user, community=community)
        others = list(bench_users().exclude(pk=user.pk).order_by("?")[:45])
        Contact.objects.bulk_create([Contact(owner=user, contact=o) for o in others[:40]])
        Block.objects.bulk_create([Block(blocker=user, blocked=o) for o in others[40:]])
    return user


def searches(areas):
    C = finder.Criteria
    health = areas.get("Health")
    planning = areas.get("Planning")
    return [
        ("everyone, A to Z, page 1", C(), 1),
        ("everyone, page 40", C(), 40),
        ("name: 'sarah'", C(name="sarah"), 1),
        ("name: 'priya shah'", C(name="priya shah"), 1),
        ("organisation: 'leeds'", C(organisation="leeds"), 1),
        ("expertise: 'procurement' (common)", C(expertise="procurement"), 1),
        ("expertise: 'adopt' (substring)", C(expertise="adopt"), 1),
        ("expertise: 'pensions law' (rare)", C(expertise="pensions law"), 1),
        ("interest: 'knowledge'", C(interest="knowledge"), 1),
        ("service area: Health", C(service_area=health), 1),
        ("region: London", C(region=Region.LONDON), 1),
        ("region + expertise + service area",
         C(region=Region.YORKSHIRE, expertise="housing", service_area=planning), 1),
        ("name + organisation", C(name="james", organisation="council"), 1),
    ]  # fmt: skip


def run_finder(user, criteria, page_number):
    paginator = finder.CappedPaginator(
        finder.for_cards(finder.search(user, criteria)), finder.PAGE_SIZE
    )
    page = paginator.get_page(page_number)
    people = finder.decorate(page.object_list, user)
    for person in people:  # what the template reads
        person.top_expertise, person.user.username  # noqa: B018
    return paginator.count, len(people)


def run_like_me(user):
    tag_ids = finder.my_tag_ids(user)
    people = finder.decorate(finder.people_like_me(user, tag_ids), user)
    finder.shared_tags(tag_ids, people)
    return len(people), len(people)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def explain(user, criteria):
    queryset = finder.search(user, criteria)[: finder.PAGE_SIZE]
    print(queryset.explain(analyze=True))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=40, help="timed runs of each search")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    rng = random.Random(SEED)

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    others = User.objects.exclude(username__startswith=PREFIX).count()
    if others and not args.force:
        sys.exit(f"The database has {others} members that are not bench data; use --force.")
    have = bench_users().exclude(username=f"{PREFIX}viewer").count()
    if args.regenerate or have != args.profiles:
        if have:
            print(f"Removing {have:,} earlier bench members...", flush=True)
            Community.objects.filter(slug__startswith=PREFIX).delete()
            bench_users().delete()
        generate(args.profiles, rng)
    user = viewer(rng)
    areas = {a.name: a for a in ServiceArea.objects.all()}
    print(f"{Profile.objects.count():,} profiles, {ExpertiseTag.objects.count():,} expertise and "
          f"{InterestTag.objects.count():,} interest tags, {Membership.objects.count():,} "
          f"memberships; {args.runs} runs of each search.\n")  # fmt: skip

    everything = []
    print(f"{'search':<40} {'matches':>8} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    jobs = [(label, lambda c=c, p=p: run_finder(user, c, p)) for label, c, p in searches(areas)]
    jobs.append(("people like me", lambda: run_like_me(user)))
    for label, job in jobs:
        job()  # warm up
        with CaptureQueriesContext(connection) as captured:
            matches, _ = job()
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            job()
            timings.append((time.perf_counter() - started) * 1000)
        everything += timings
        shown = f"{matches:,}" if matches < finder.MAX_RESULTS else f">{finder.MAX_RESULTS:,}"
        print(f"{label:<40} {shown:>8} {len(captured.captured_queries):>7} "
              f"{statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f} "
              f"{max(timings):>8.1f}", flush=True)  # fmt: skip
    print(f"\nAll searches: p50 {statistics.median(everything):.1f} ms, "
          f"p95 {percentile(everything, 0.95):.1f} ms")  # fmt: skip
    if args.explain and connection.vendor == "postgresql":
        for label, criteria, _ in searches(areas):
            print(f"\n--- {label}")
            explain(user, criteria)


if __name__ == "__main__":
    main()
