"""Daily-digest benchmark: build and send yesterday's digest to N members (default 200,000).

Generates (once; re-runs reuse it) N members in 400 communities (every fourth private), each
member in three communities and following each with a daily digest, and yesterday's activity:
per community 8 topics started and 16 replies by its members. Then runs the real digest code
exactly as the Celery tasks do — `alerts.digests.recipients` (the coordinator's query) and
`alerts.digests.send_batch` per batch of ALERTS_DIGEST_BATCH_SIZE ids (one query for the
batch's subscriptions, one for the candidate activity, the visibility re-check, the exactly-once
SentDigest claims and the SMTP hand-over) — into an aiosmtpd sink running in its
own process on 127.0.0.1, and prints digests sent per second and the CPU time per digest of the
sending processes and of the sink (steadier than the rate on a shared machine).

Run it against a throwaway PostgreSQL (scripts/test.sh shows how to start one):

    DATABASE_URL=postgres://cop@127.0.0.1:55991/copdigests \\
    DJANGO_SETTINGS_MODULE=cop_platform.settings.dev \\
        .venv/bin/python bench/digests.py --users 200000 --workers 1

`--workers N` sends batches from N processes (like N Celery workers on the email queue).
Before each run the SentDigest rows of the period are deleted, so every run sends every digest.
It refuses to touch a database that has other members in it unless told with `--force`.
"""

import argparse
import io
import multiprocessing
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

SEED = 20260301
COMMUNITIES = 400
PRIVATE_EVERY = 4
MEMBERSHIPS_EACH = 3
TOPICS_PER_COMMUNITY = 8
REPLIES_PER_COMMUNITY = 16
USER_COLUMNS = "password is_superuser username first_name last_name email is_staff is_active \
date_joined name".split()
MEMBERSHIP_COLUMNS = ["user_id", "community_id", "role", "created", "updated"]
SUBSCRIPTION_COLUMNS = "user_id target_type_id target_id feature frequency created updated".split()


# --- the SMTP sink (its own process, so it does not share the sender's interpreter) ---------
def run_sink(port, counter, ready, cpu=None):
    import asyncio
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            if cpu is not None:
                cpu.value = time.process_time()
            return "250 Message accepted for delivery"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    if cpu is not None:
        cpu.value = time.process_time()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**9))
    finally:
        controller.stop()


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- data -----------------------------------------------------------------------------------------
def setup_django(smtp_port=None):
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing in memory
    if smtp_port is not None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
        settings.EMAIL_USE_TLS = False


def copy_rows(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def generate(users, yesterday_noon):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from activity.models import Activity, Verb
    from communities.models import Community, StageChange

    rng = random.Random(SEED)
    now = timezone.now()
    print(f"generating {users:,} members in {COMMUNITIES} communities…", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        copy_rows(
            cursor,
            "accounts_user",
            USER_COLUMNS,
            (
                (
                    "!",
                    "f",
                    f"bench{i}",
                    "",
                    "",
                    f"bench{i}@example.org",
                    "f",
                    "t",
                    now.isoformat(),
                    f"Bench Member {i}",
                )  # fmt: skip
                for i in range(users)
            ),
        )
    user_ids = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
    communities = Community.objects.bulk_create(
        Community(
            name=f"Bench community {i:03d}",
            slug=f"bench-community-{i:03d}",
            short_description="Benchmark community.",
            domain="Benchmarking digests.",
            visibility="private" if i % PRIVATE_EVERY == 0 else "public",
            status=Community.Status.APPROVED,
            stage=Community.Stage.SUSTAIN,
        )
        for i in range(COMMUNITIES)
    )
    community_ids = [c.pk for c in Community.objects.filter(slug__startswith="bench-community-")]
    community_type = ContentType.objects.get_for_model(Community).pk
    members_of = {cid: [] for cid in community_ids}
    with connection.cursor() as cursor:
        memberships, subscriptions = [], []
        for uid in user_ids:
            for cid in rng.sample(community_ids, MEMBERSHIPS_EACH):
                members_of[cid].append(uid)
                memberships.append((uid, cid, "member", now.isoformat(), now.isoformat()))
                subscriptions.append(
                    (uid, community_type, cid, "", "daily", now.isoformat(), now.isoformat())
                )
        copy_rows(cursor, "communities_membership", MEMBERSHIP_COLUMNS, memberships)
        copy_rows(cursor, "alerts_subscription", SUBSCRIPTION_COLUMNS, subscriptions)
    Community.objects.filter(pk__in=community_ids).update(member_count=len(user_ids) * 3 // 400)
    # Real rows to stand for topics (the log checks that targets still exist).
    topics = StageChange.objects.bulk_create(
        StageChange(community_id=cid, to_stage="sustain", note=f"topic {n}")
        for cid in community_ids
        for n in range(TOPICS_PER_COMMUNITY)
    )
    topic_type = ContentType.objects.get_for_model(StageChange).pk
    by_community = {}
    for topic in topics:
        by_community.setdefault(topic.community_id, []).append(topic.pk)
    rows = []
    for cid, topic_ids in by_community.items():
        people = members_of[cid]
        for n, tid in enumerate(topic_ids):
            created = yesterday_noon + timedelta(minutes=n)
            rows.append(Activity(
                actor_id=rng.choice(people), verb=Verb.TOPIC_STARTED, target_type_id=topic_type,
                target_id=tid, subject_type_id=topic_type, subject_id=tid, community_id=cid,
                feature="forum", title=f"Topic {n} in community {cid}",
                excerpt="Has anyone benchmarked their shared services against a neighbour?",
                url=f"/c/bench-community/forum/t/{tid}/", created=created,
            ))  # fmt: skip
        for n in range(REPLIES_PER_COMMUNITY):
            tid = rng.choice(topic_ids)
            rows.append(Activity(
                actor_id=rng.choice(people), verb=Verb.REPLY_POSTED, target_type_id=topic_type,
                target_id=tid, subject_type_id=topic_type, subject_id=tid, community_id=cid,
                feature="forum", title=f"Topic in community {cid}",
                excerpt="We did, last spring: happy to share the template.",
                url=f"/c/bench-community/forum/t/{tid}/#r{n}",
                created=yesterday_noon + timedelta(hours=1, minutes=n),
            ))  # fmt: skip
    Activity.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        for table in ("accounts_user", "communities_membership", "alerts_subscription",
                      "activity_activity"):  # fmt: skip
            cursor.execute(f"ANALYZE {table}")
    print(
        f"  {len(user_ids):,} members, {len(communities)} communities, "
        f"{len(user_ids) * MEMBERSHIPS_EACH:,} subscriptions, {len(rows):,} activity rows "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


# --- sending --------------------------------------------------------------------------------------
def send_batches(args):
    """One worker process: send the given batches (like a Celery worker on the email queue)."""
    smtp_port, kind, start, end, batches = args
    setup_django(smtp_port)
    from django.db import connection

    from alerts.digests import send_batch

    sent = 0
    began = time.process_time()
    for batch in batches:
        sent += send_batch(kind, start, end, batch)
    cpu = time.process_time() - began
    connection.close()
    return sent, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=1, help="sending processes")
    parser.add_argument("--limit", type=int, help="send to the first N recipients only")
    parser.add_argument("--batch-size", type=int, help="default: ALERTS_DIGEST_BATCH_SIZE (1000)")
    parser.add_argument("--regenerate", action="store_true", help="delete and generate again")
    parser.add_argument("--force", action="store_true", help="use a database with other users")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings

    if args.batch_size:
        settings.ALERTS_DIGEST_BATCH_SIZE = args.batch_size
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from activity.models import Activity
    from alerts.digests import batch_size, latest_period, recipients
    from alerts.models import SentDigest, Subscription
    from communities.models import Community

    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL (see the module docstring).")
    call_command("migrate", verbosity=0)
    start, end = latest_period("daily")
    bench_users = User.objects.filter(username__startswith="bench")
    others = User.objects.exclude(username__startswith="bench").count()
    if others and not args.force:
        sys.exit(f"This database has {others} other members; use a throwaway one (or --force).")
    if args.regenerate or bench_users.count() != args.users:
        print("clearing earlier benchmark data…", flush=True)
        Activity.objects.filter(community__slug__startswith="bench-community-").delete()
        SentDigest.objects.all().delete()
        Subscription.objects.filter(user__in=bench_users).delete()
        Community.objects.filter(slug__startswith="bench-community-").delete()
        bench_users.delete()
        generate(args.users, start + timedelta(hours=12))
    SentDigest.objects.filter(kind="daily", period_start=start).delete()

    sink_port, counter, ready = free_port(), multiprocessing.Value("i", 0), multiprocessing.Event()
    sink_cpu = multiprocessing.Value("d", 0.0)
    sink = multiprocessing.Process(
        target=run_sink, args=(sink_port, counter, ready, sink_cpu), daemon=True
    )
    sink.start()
    ready.wait(10)

    print(f"sending yesterday's daily digest ({start:%Y-%m-%d}) with {args.workers} "
          f"worker(s), batches of {batch_size()}…", flush=True)  # fmt: skip
    connection.close()
    began = time.perf_counter()
    ids = recipients("daily", start, end)[: args.limit]
    found = time.perf_counter() - began
    size = batch_size()
    batches = [ids[i : i + size] for i in range(0, len(ids), size)]
    shares = [batches[w :: args.workers] for w in range(args.workers)]
    sink_cpu_before = sink_cpu.value
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(send_batches, [(sink_port, "daily", start, end, s) for s in shares])
    elapsed = time.perf_counter() - began
    sent, cpu = sum(n for n, _ in results), sum(seconds for _, seconds in results)
    deadline = time.time() + 30
    while counter.value < sent and time.time() < deadline:
        time.sleep(0.1)
    sink.terminate()

    print(f"recipients query: {len(ids):,} people in {found:.1f} s")
    print(f"digests sent: {sent:,} (SMTP sink received {counter.value:,}) in {elapsed:.1f} s")
    per = 1000 / max(sent, 1)
    print(f"CPU per digest: {cpu * per:.2f} ms in the sending processes, "
          f"{(sink_cpu.value - sink_cpu_before) * per:.2f} ms in the SMTP sink")  # fmt: skip
    print(f"throughput: {sent / elapsed:,.0f} users/second "
          f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
          f"{args.workers} sending process(es), {timezone.now():%Y-%m-%d})")  # fmt: skip


if __name__ == "__main__":
    main()
