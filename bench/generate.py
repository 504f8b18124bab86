"""National-scale data for the page benchmark: members, communities, memberships, content of
every feature, tags, profiles with expertise, search rows and activity, written with COPY.

At `--scale 1` (the default sizes): 200,000 members, 2,000 communities (a third private, one
in ten a sub-community, nested up to 3 levels), about 3 memberships per member, 2,000,000
content items (forum topics and replies, wiki pages with revisions, documents with a version,
events, polls with choices, news items, blog entries published to a community, comments),
three tags on half of the topics, wiki pages and documents, a profile with 0-5 areas of
expertise for every member, a search row for each searchable item (up to 1,000,000) and
500,000 activity rows. `--scale 0.01` is the 1% sample. Each size can be set on its own
(`--members`, `--communities`, `--items`, `--search-rows`, `--activity`).

Whatever the scale, the benchmark member `bench-member` (password `bench-password-2026`) is
in 20 communities (a third private) and the first, `bench-main`, holds what the key pages need
at every size: a forum of 2,500 topics, a thread of 200 replies (topic 1), a wiki page with
revisions, documents, events, tags and activity.

    .venv/bin/python bench/pg.py start /tmp/bench-pg          # prints DATABASE_URL=…
    DATABASE_URL=… .venv/bin/python bench/generate.py --scale 0.01

Resumable: every table is filled in chunks of consecutive ids, each chunk in its own
transaction, and a run starts after the highest id already there, so an interrupted run is
continued by running the same command again (the counters and the search vectors are brought
up to date at the end of every run). Ids are fixed by position and every choice comes from a
generator seeded by (table, chunk), so the same sizes always give the same data. It refuses a
database holding communities it did not make.
"""

import argparse
import io
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from taggit.models import Tag  # noqa: E402

from accounts.models import User  # noqa: E402
from activity.models import Activity  # noqa: E402
from blogs.models import Blog, BlogEntry, BlogPublication  # noqa: E402
from comments.models import Comment  # noqa: E402
from communities.models import Community, Membership  # noqa: E402
from documents.models import Document, DocumentVersion  # noqa: E402
from events.models import Event  # noqa: E402
from forums.models import Post, Topic, path_segment  # noqa: E402
from news.models import NewsFeed, NewsItem  # noqa: E402
from polls.models import Choice, Poll  # noqa: E402
from profiles.models import ExpertiseTag, Profile  # noqa: E402
from search.models import SearchDocument  # noqa: E402
from search.services import fill_tag_rows, search_vector_expression  # noqa: E402
from tags.models import TaggedItem  # noqa: E402
from wikis.models import Revision, WikiPage  # noqa: E402

PASSWORD = "bench-password-2026"
MEMBER = "bench-member"
MAIN = "bench-main"
FULL = {
    "members": 200_000,
    "communities": 2_000,
    "items": 2_000_000,
    "search_rows": 1_000_000,
    "activity": 500_000,
}
# The share of the content items each kind takes (sums to 1). Topics, wiki pages, documents
# and events are searchable: at full size 880,000 items, which the search rows index.
SHARES = {
    "topics": 0.20,
    "posts": 0.40,
    "wiki_pages": 0.08,
    "revisions": 0.04,
    "documents": 0.10,
    "events": 0.06,
    "polls": 0.02,
    "news": 0.04,
    "blog_entries": 0.03,
    "comments": 0.03,
}
MAIN_TOPICS = 2_500
THREAD_REPLIES = 200
MEMBER_OF = 20
CHUNK = 10_000
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
MISSING = object()


# --- writing ----------------------------------------------------------------------------------
def _text(value):
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    elif isinstance(value, Decimal):
        value = str(value)
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def copy(model, rows):
    """COPY rows (dicts by attname) into the model's table; unnamed columns take the field's
    default (auto_now and auto_now_add: NOW), as the ORM would."""
    if not rows:
        return
    fields = model._meta.concrete_fields
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = NOW
        elif field.has_default():
            default = field.get_default()
            defaults[field.attname] = default
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = "" if field.empty_strings_allowed else MISSING
    buffer = io.StringIO()
    for row in rows:
        values = []
        for field in fields:
            value = row.get(field.attname, defaults[field.attname])
            if value is MISSING:
                raise ValueError(f"{model.__name__}.{field.attname} needs a value")
            values.append(_text(value))
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    columns = ", ".join(f'"{field.column}"' for field in fields)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())


def highest(model):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(max({model._meta.pk.column}), 0) FROM {model._meta.db_table}"
        )
        return cursor.fetchone()[0]


def reset_sequence(*models):
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "
                f"coalesce((SELECT max({pk}) FROM {table}), 0) + 1, false)"
            )


def fill(name, model, total, make, *others, chunk=CHUNK):
    """Rows 1..total of `model` in chunks; `make(first, last, rng)` returns {model: rows} for
    ids first..last (and any rows of `others` that belong with them). Starts after the highest
    id already there."""
    done = highest(model)
    if done >= total:
        print(f"  {name}: {total:,} there", flush=True)
        return
    started = time.perf_counter()
    first = done + 1
    while first <= total:
        last = min(total, (first - 1) // chunk * chunk + chunk)
        rng = random.Random(f"{name}-{first}")
        batches = make(first, last, rng)
        with transaction.atomic():
            for target in (model, *others):
                copy(target, batches.get(target, []))
        rate = (last - done) / (time.perf_counter() - started)
        print(f"  {name}: {last:,} of {total:,} ({rate:,.0f}/s)", flush=True)
        first = last + 1
    reset_sequence(model, *others)


# --- the world --------------------------------------------------------------------------------
class World:
    """Sizes and the deterministic choices every table shares (who is where)."""

    def __init__(self, args):
        scale = args.scale
        self.members = args.members or max(200, round(FULL["members"] * scale))
        self.communities = args.communities or max(
            MEMBER_OF + 5, round(FULL["communities"] * scale)
        )
        items = args.items or round(FULL["items"] * scale)
        self.search_rows = args.search_rows or round(FULL["search_rows"] * scale)
        self.activity = args.activity or round(FULL["activity"] * scale)
        self.n = {kind: max(20, round(items * share)) for kind, share in SHARES.items()}
        self.n["topics"] = max(self.n["topics"], MAIN_TOPICS + 5 * self.communities)
        self.n["posts"] = max(self.n["posts"], self.n["topics"] + THREAD_REPLIES + 1000)
        self.n["revisions"] = max(self.n["revisions"], self.n["wiki_pages"] + 10)
        rng = random.Random("communities")
        # Community 1 is bench-main; a third are private (every third id); the last tenth are
        # sub-communities of earlier ones, at most 3 levels deep.
        self.parent, self.depth = {}, {}
        sub_from = int(self.communities * 0.9) + 1
        for c in range(1, self.communities + 1):
            self.parent[c], self.depth[c] = None, 0
            if c >= sub_from:
                parent = rng.randrange(2, c)
                if self.depth[parent] < 2:
                    self.parent[c], self.depth[c] = parent, self.depth[parent] + 1
        self.private = {c for c in range(1, self.communities + 1) if c % 3 == 0}
        # Popularity: a few big communities, a long tail (weights ~ 1/rank).
        self.ids = list(range(1, self.communities + 1))
        self.cumulative, total = [], 0.0
        for rank in range(1, self.communities + 1):
            total += 1 / (rank**0.8)
            self.cumulative.append(total)
        top = [c for c in self.ids if self.parent[c] is None and c != 1]
        private = [c for c in top if c in self.private][: MEMBER_OF // 3]
        public = [c for c in top if c not in self.private][: MEMBER_OF - 1 - len(private)]
        self.member_communities = [1, *private, *public]

    def community(self, rng):
        return rng.choices(self.ids, cum_weights=self.cumulative)[0]

    def user(self, rng):
        # A fiftieth of the members write a third of everything.
        if rng.random() < 0.33:
            return rng.randint(2, max(2, self.members // 50))
        return rng.randint(2, self.members)

    @staticmethod
    def when(rng, days=700):
        return NOW - timedelta(seconds=rng.expovariate(1 / (days * 86400 / 4)) % (days * 86400))


class Words:
    def __init__(self):
        import importlib.util

        # bench/search.py's Zipf vocabulary (loaded by path: `search` is the Django app).
        spec = importlib.util.spec_from_file_location(
            "bench_search", Path(__file__).resolve().parent / "search.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.text = module.Text(random.Random(20261201))
        self.text._pool()

    def title(self, rng):
        self.text.rng = rng
        return self.text.title()[:190]

    def body(self, rng):
        self.text.rng = rng
        return f"<p>{self.text.body()}</p>"

    def plain(self, rng):
        self.text.rng = rng
        return self.text.body()


def generate(world, words):
    ct = {
        m: ContentType.objects.get_for_model(m).pk
        for m in (Topic, Post, WikiPage, Document, Event, Poll, BlogEntry, Comment, Community)
    }
    password = make_password(PASSWORD)
    n = world.n

    def users(first, last, rng):
        rows, emails = [], []
        for i in range(first, last + 1):
            username = MEMBER if i == 1 else f"member{i:06d}"
            name = person_name(i)
            rows.append({"id": i, "username": username, "email": f"{username}@example.org",
                         "name": name[:150], "password": password, "is_active": True,
                         "date_joined": world.when(rng, 1500)})  # fmt: skip
            emails.append({"id": i, "user_id": i, "email": f"{username}@example.org",
                           "verified": True, "primary": True})  # fmt: skip
        return {User: rows, EmailAddress: emails}

    def profiles(first, last, rng):
        regions = [c for c, _ in Profile._meta.get_field("region").choices]
        rows, expertise = [], []
        for i in range(first, last + 1):
            rows.append({"id": i, "user_id": i, "name": person_name(i),
                         "active": True, "job_title": words.title(rng)[:60],
                         "organisation": f"{rng.choice(['North', 'South', 'East', 'West'])} "
                                         f"Borough Council {i % 300}",
                         "region": rng.choice(regions), "bio": words.plain(rng)[:900]})  # fmt: skip
            for position, tag in enumerate(rng.sample(range(1, 201), rng.randint(0, 5))):
                expertise.append({"id": (i - 1) * 5 + position + 1, "content_object_id": i,
                                  "tag_id": tag, "position": position})  # fmt: skip
        return {Profile: rows, ExpertiseTag: expertise}

    def communities(first, last, rng):
        rows = []
        for c in range(first, last + 1):
            slug = MAIN if c == 1 else f"bench-{c:05d}"
            name = "Bench main community" if c == 1 else f"Bench {c:05d} {words.title(rng)[:60]}"
            rows.append({"id": c, "name": name, "slug": slug,
                         "short_description": words.plain(rng)[:270],
                         "domain": words.plain(rng)[:500],
                         "visibility": "private" if c in world.private else "public",
                         "stage": rng.choice(["nurture", "sustain", "sustain", "startup"]),
                         "status": "approved", "parent_id": world.parent[c],
                         "depth": world.depth[c], "proposed_by_id": world.user(rng),
                         "last_activity_at": world.when(rng, 60)})  # fmt: skip
        return {Community: rows}

    def memberships(first, last, rng):
        # Rows 3u-2..3u are member u's three communities (chunks of 9,999 keep them together);
        # the benchmark member's 20 are added after the others.
        rows = []
        for m in range(first, last + 1, 3):
            user = (m - 1) // 3 + 2
            chosen, pick = [], random.Random(f"m{user}")
            while len(chosen) < 3:
                community = world.community(pick)
                if community not in chosen:
                    chosen.append(community)
            for k, community in enumerate(chosen):
                role = "facilitator" if rng.random() < 0.01 else "member"
                rows.append({"id": m + k, "user_id": user, "community_id": community,
                             "role": role, "created": world.when(rng, 1000)})  # fmt: skip
        return {Membership: rows}

    def member_memberships(first, last, rng):
        return {
            Membership: [
                {
                    "id": 3 * (world.members - 1) + k,
                    "user_id": 1,
                    "community_id": world.member_communities[k - 1],
                    "role": "member",
                }
                for k in range(first - 3 * (world.members - 1), last - 3 * (world.members - 1) + 1)
            ]  # fmt: skip
        }

    def topics(first, last, rng):
        rows = []
        for t in range(first, last + 1):
            community = 1 if t <= MAIN_TOPICS else world.community(rng)
            created = world.when(rng)
            rows.append({"id": t, "community_id": community, "title": words.title(rng),
                         "author_id": world.user(rng), "created": created, "updated": created,
                         "last_activity_at": created,
                         "kind": "question" if rng.random() < 0.2 else "discussion",
                         "is_pinned": t in (2, 3)})  # fmt: skip
        return {Topic: rows}

    def posts(first, last, rng):
        # Posts 1..topics open topic t = post t; the next THREAD_REPLIES answer topic 1 (some
        # nested), the rest answer a random topic. The community repeats the topic's.
        topic_community = dict(
            Topic.objects.filter(pk__in=set(_post_topics(first, last, world, rng))).values_list(
                "pk", "community_id"
            )
        )
        rows, paths = [], {}
        for p in range(first, last + 1):
            topic = _post_topic(p, world)
            row = {"id": p, "topic_id": topic, "community_id": topic_community[topic],
                   "author_id": world.user(rng), "body": words.body(rng),
                   "created": world.when(rng)}  # fmt: skip
            if p <= n["topics"]:
                row.update(is_opening=True, path=path_segment(p), depth=0)
            else:
                parent, depth = topic, 1
                k = p - n["topics"]
                if topic == 1 and k % 3 and k > 1:
                    previous = p - 1
                    if paths.get(previous, (None, 9))[1] < 3:
                        parent, depth = previous, paths[previous][1] + 1
                parent_path = paths[parent][0] if parent in paths else path_segment(parent)
                row.update(parent_id=parent, depth=depth,
                           path=parent_path + path_segment(p))  # fmt: skip
            paths[p] = (row["path"], row["depth"])
            rows.append(row)
        return {Post: rows}

    def wiki_pages(first, last, rng):
        rows = []
        for w in range(first, last + 1):
            community = 1 if w <= 50 else world.community(rng)
            author = world.user(rng)
            rows.append({"id": w, "community_id": community, "title": f"{words.title(rng)} {w}",
                         "slug": f"page-{w}", "created_by_id": author, "last_editor_id": author,
                         "created": world.when(rng)})  # fmt: skip
        return {WikiPage: rows}

    def revisions(first, last, rng):
        # Revision w (w <= pages) is page w's first; page 1 of bench-main gets a dozen more;
        # the rest go round the pages.
        rows, pages = [], n["wiki_pages"]
        for r in range(first, last + 1):
            if r <= pages:
                page, number = r, 1
            elif r <= pages + 12:
                page, number = 1, r - pages + 1
            else:
                k = r - pages - 13
                page, number = k % pages + 1, 2 + k // pages + (12 if k % pages == 0 else 0)
            rows.append({"id": r, "page_id": page, "number": number, "title": words.title(rng),
                         "body": words.body(rng) * 3, "reason": "Bench edit",
                         "author_id": world.user(rng), "created": world.when(rng)})  # fmt: skip
        return {Revision: rows}

    def documents(first, last, rng):
        rows, versions = [], []
        for d in range(first, last + 1):
            community = 1 if d <= 300 else world.community(rng)
            author = world.user(rng)
            created = world.when(rng)
            rows.append({"id": d, "community_id": community, "title": words.title(rng),
                         "description": words.body(rng), "author_id": author,
                         "current_version_id": d, "version_count": 1, "created": created,
                         "updated": created})  # fmt: skip
            versions.append({"id": d, "document_id": d, "number": 1,
                             "file": f"documents/bench/{d}.pdf",
                             "original_name": f"bench-{d}.pdf", "size": rng.randint(10**4, 10**7),
                             "content_type": "application/pdf", "kind_label": "PDF",
                             "uploaded_by_id": author, "created": created})  # fmt: skip
        return {Document: rows, DocumentVersion: versions}

    def events(first, last, rng):
        rows = []
        for e in range(first, last + 1):
            community = 1 if e <= 60 else world.community(rng)
            starts = NOW + timedelta(days=rng.uniform(-400, 200))
            rows.append({"id": e, "community_id": community, "title": words.title(rng),
                         "description": words.body(rng), "location": "Council offices",
                         "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                         "contact_id": world.user(rng), "created_by_id": world.user(rng),
                         "created": starts - timedelta(days=20)})  # fmt: skip
        return {Event: rows}

    def polls(first, last, rng):
        rows, choices = [], []
        for q in range(first, last + 1):
            community = 1 if q <= 10 else world.community(rng)
            rows.append({"id": q, "community_id": community,
                         "question": words.title(rng) + "?", "created_by_id": world.user(rng),
                         "created": world.when(rng)})  # fmt: skip
            for k in range(3):
                choices.append({"id": (q - 1) * 3 + k + 1, "poll_id": q, "order": k,
                                "text": words.title(rng)[:60]})  # fmt: skip
        return {Poll: rows, Choice: choices}

    def feeds(first, last, rng):
        return {
            NewsFeed: [
                {
                    "id": c,
                    "community_id": c,
                    "name": f"Feed of community {c}",
                    "url": f"https://news.example.org/{c}.xml",
                    "added_by_id": world.user(rng),
                }
                for c in range(first, last + 1)
            ]  # fmt: skip
        }

    def news(first, last, rng):
        rows = []
        for i in range(first, last + 1):
            feed = 1 if i <= 200 else world.community(rng)
            rows.append({"id": i, "feed_id": feed, "community_id": feed, "guid": f"item-{i}",
                         "title": words.title(rng), "link": f"https://news.example.org/i/{i}",
                         "summary": words.body(rng), "published_at": world.when(rng)})  # fmt: skip
        return {NewsItem: rows}

    def blog_entries(first, last, rng):
        rows, publications, blogs = [], [], set()
        for b in range(first, last + 1):
            author = world.user(rng)
            created = world.when(rng)
            rows.append({"id": b, "author_id": author, "title": words.title(rng),
                         "body": words.body(rng), "created": created,
                         "updated": created})  # fmt: skip
            publications.append({"id": b, "entry_id": b,
                                 "community_id": 1 if b <= 40 else world.community(rng),
                                 "created": created})  # fmt: skip
            blogs.add(author)
        existing = set(Blog.objects.filter(user_id__in=blogs).values_list("user_id", flat=True))
        return {
            Blog: [{"user_id": u} for u in sorted(blogs - existing)],
            BlogEntry: rows,
            BlogPublication: publications,
        }

    def comments(first, last, rng):
        rows = []
        for i in range(first, last + 1):
            model = rng.choice([Document, Event, BlogEntry])
            total = {Document: n["documents"], Event: n["events"], BlogEntry: n["blog_entries"]}
            rows.append({"id": i, "target_type_id": ct[model],
                         "target_id": rng.randint(1, total[model]),
                         "author_id": world.user(rng), "body": words.body(rng),
                         "created": world.when(rng)})  # fmt: skip
        return {Comment: rows}

    def tags(first, last, rng):
        # Tags 1..200 are domain words (also the areas of expertise); the rest rarer words.
        vocabulary = list(dict.fromkeys(words.text.domain + words.text.words[200:3000]))
        return {
            Tag: [
                {"id": i, "name": vocabulary[i - 1], "slug": f"{vocabulary[i - 1]}-{i}"}
                for i in range(first, last + 1)
            ]  # fmt: skip
        }

    def tagged(first, last, rng):
        # Rows 3g+1..3g+3 put three different tags (popular ones more often) on item g.
        rows = []
        for i in range(first, last + 1, 3):
            model, pk = _tagged_target((i - 1) // 3, n)
            chosen, pick = [], random.Random(f"tags-{i}")
            while len(chosen) < 3:
                tag = min(int(pick.paretovariate(0.7)), 2000)
                if tag not in chosen:
                    chosen.append(tag)
            for k, tag in enumerate(chosen):
                rows.append({"id": i + k, "tag_id": tag, "content_type_id": ct[model],
                             "object_id": pk, "created": world.when(rng)})  # fmt: skip
        return {TaggedItem: rows}

    print(f"sizes: {world.members:,} members, {world.communities:,} communities, "
          f"{sum(n.values()):,} items {n}, {world.search_rows:,} search rows, "
          f"{world.activity:,} activity rows", flush=True)  # fmt: skip
    fill("members", User, world.members, users, EmailAddress)
    fill("tags", Tag, 2000, tags)
    fill("profiles", Profile, world.members, profiles, ExpertiseTag)
    fill("communities", Community, world.communities, communities)
    fill("memberships", Membership, 3 * (world.members - 1), memberships, chunk=9999)
    fill("memberships", Membership, 3 * (world.members - 1) + MEMBER_OF, member_memberships)
    fill("topics", Topic, n["topics"], topics)
    fill("posts", Post, n["posts"], posts)
    fill("wiki pages", WikiPage, n["wiki_pages"], wiki_pages)
    fill("revisions", Revision, n["revisions"], revisions)
    fill("documents", Document, n["documents"], documents, DocumentVersion)
    fill("events", Event, n["events"], events)
    fill("polls", Poll, n["polls"], polls, Choice)
    fill("news feeds", NewsFeed, world.communities, feeds)
    fill("news items", NewsItem, n["news"], news)
    fill("blog entries", BlogEntry, n["blog_entries"], blog_entries, Blog, BlogPublication)
    fill("comments", Comment, n["comments"], comments)
    tagged_total = 3 * ((n["topics"] + n["wiki_pages"] + n["documents"]) // 2)
    fill("tagged items", TaggedItem, tagged_total, tagged, chunk=9999)
    counters(world)
    search_rows(world, ct)
    activity_rows(world, ct)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


FIRST = "Alex Sam Jo Chris Pat Kim Lee Robin Jamie Morgan Ali Priya Tom Ann Ravi Sue".split()
LAST = "Smith Jones Patel Khan Brown Taylor Wilson Evans Thomas Roberts Walker Wright".split()


def person_name(i):
    if i == 1:
        return "Bench Member"
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


def _post_topic(p, world):
    n = world.n
    if p <= n["topics"]:
        return p
    if p <= n["topics"] + THREAD_REPLIES:
        return 1
    return random.Random(f"post-{p}").randint(1, n["topics"])


def _post_topics(first, last, world, rng):
    return [_post_topic(p, world) for p in range(first, last + 1)]


def _tagged_target(g, n):
    """The g-th tagged item: a stride through topics, wiki pages and documents, so no item
    comes twice while g < their number."""
    total = n["topics"] + n["wiki_pages"] + n["documents"]
    stride = next(p for p in (7919, 7907, 7901) if total % p)
    k = (g * stride) % total
    if k < n["topics"]:
        return Topic, k + 1
    if k < n["topics"] + n["wiki_pages"]:
        return WikiPage, k - n["topics"] + 1
    return Document, k - n["topics"] - n["wiki_pages"] + 1


def counters(world):
    """The denormalised counters the services would have kept (idempotent)."""
    print("  counters: members, replies, wiki versions", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE communities_community c SET member_count = m.n FROM (SELECT community_id, "
            "count(*) n FROM communities_membership GROUP BY community_id) m "
            "WHERE m.community_id = c.id AND c.member_count <> m.n"
        )
        cursor.execute(
            "UPDATE forums_topic t SET reply_count = p.n, last_activity_at = p.last, "
            "last_poster_id = p.poster FROM (SELECT topic_id, count(*) - 1 n, max(created) last, "
            "max(author_id) poster FROM forums_post GROUP BY topic_id) p "
            "WHERE p.topic_id = t.id AND t.reply_count <> p.n"
        )
        cursor.execute(
            "UPDATE wikis_wikipage w SET current_revision_id = r.last, version = r.n FROM "
            "(SELECT page_id, max(id) last, count(*) n FROM wikis_revision GROUP BY page_id) r "
            "WHERE r.page_id = w.id AND w.current_revision_id IS DISTINCT FROM r.last"
        )
        cursor.execute(
            "UPDATE forums_topic t SET opening_post_id = t.id WHERE t.opening_post_id IS NULL "
            "AND EXISTS (SELECT 1 FROM forums_post p WHERE p.id = t.id)"
        )
        cursor.execute(
            "UPDATE tags_taggeditem i SET community_id = s.community_id FROM (SELECT t.id, "
            "coalesce(ft.community_id, w.community_id, d.community_id) community_id "
            "FROM tags_taggeditem t "
            "LEFT JOIN forums_topic ft ON t.content_type_id = %s AND ft.id = t.object_id "
            "LEFT JOIN wikis_wikipage w ON t.content_type_id = %s AND w.id = t.object_id "
            "LEFT JOIN documents_document d ON t.content_type_id = %s AND d.id = t.object_id "
            "WHERE t.community_id IS NULL) s WHERE s.id = i.id",
            [ContentType.objects.get_for_model(m).pk for m in (Topic, WikiPage, Document)],
        )


def search_rows(world, ct):
    """Index rows for the searchable kinds, topics first, then wiki pages, documents, events,
    up to --search-rows; vectors computed in SQL as the indexer does."""
    total = world.search_rows
    done = SearchDocument.objects.count()
    if done < total:
        print(f"  search rows: {done:,} -> {total:,}", flush=True)
        sources = [
            ("topic", Topic, "forums_topic", "title", "''", "author_id",
             "'/c/' || c.slug || '/forum/t/' || x.id || '/'"),
            ("wiki", WikiPage, "wikis_wikipage", "title", "''", "created_by_id",
             "'/c/' || c.slug || '/wiki/' || x.slug || '/'"),
            ("document", Document, "documents_document", "title", "x.description", "author_id",
             "'/c/' || c.slug || '/documents/' || x.id || '/'"),
            ("event", Event, "events_event", "title", "x.description", "created_by_id",
             "'/c/' || c.slug || '/events/' || x.id || '/'"),
        ]  # fmt: skip
        left = total - done
        with connection.cursor() as cursor:
            for kind, model, table, title, body, author, url in sources:
                if left <= 0:
                    break
                body_sql = body
                if kind == "topic":
                    body_sql = "(SELECT p.body FROM forums_post p WHERE p.id = x.opening_post_id)"
                # Inserts in id order from where the previous run stopped, 50,000 at a time.
                while left > 0:
                    cursor.execute(
                        "INSERT INTO search_searchdocument (content_type_id, object_id, kind, "
                        "community_id, title, body, tags, url, author_id, created, updated, "
                        f"indexed_at) SELECT %s, x.id, %s, x.community_id, x.{title}, "
                        f"regexp_replace({body_sql}, '<[^>]+>', ' ', 'g'), '', {url}, "
                        f"x.{author}, x.created, x.updated, now() FROM {table} x "
                        "JOIN communities_community c ON c.id = x.community_id "
                        "WHERE NOT EXISTS (SELECT 1 FROM search_searchdocument s WHERE "
                        "s.content_type_id = %s AND s.object_id = x.id) "
                        f"ORDER BY x.id LIMIT %s",
                        [ct[model], kind, ct[model], min(left, 50_000)],
                    )  # noqa: S608
                    if cursor.rowcount == 0:
                        break
                    left -= cursor.rowcount
                    print(f"  search rows: {total - left:,} of {total:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_searchdocument s SET tags = x.names FROM (SELECT i.content_type_id, "
            "i.object_id, string_agg(t.name, ', ' ORDER BY t.name) names FROM tags_taggeditem i "
            "JOIN taggit_tag t ON t.id = i.tag_id GROUP BY 1, 2) x WHERE "
            "x.content_type_id = s.content_type_id AND x.object_id = s.object_id "
            "AND s.search_vector IS NULL"
        )
    missing = SearchDocument.objects.filter(search_vector__isnull=True)
    while True:
        ids = list(missing.values_list("pk", flat=True)[:50_000])
        if not ids:
            break
        SearchDocument.objects.filter(pk__in=ids).update(search_vector=search_vector_expression())
        print(f"  search vectors: {len(ids):,} more", flush=True)
    print(f"  tag index rows: {fill_tag_rows():,} more", flush=True)


def activity_rows(world, ct):
    """Activity for the newest posts, wiki pages, documents and events (up to --activity)."""
    total = world.activity
    done = Activity.objects.count()
    if done >= total:
        print(f"  activity: {total:,} there", flush=True)
        return
    print(f"  activity: {done:,} -> {total:,}", flush=True)
    topic_ct = ct[Topic]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO activity_activity (actor_id, verb, target_type_id, target_id, "
            "subject_type_id, subject_id, community_id, feature, title, excerpt, url, "
            "target_hidden, subject_hidden, created) "
            "SELECT p.author_id, CASE WHEN p.is_opening THEN 'topic_started' ELSE "
            "'reply_posted' END, %s, p.id, %s, p.topic_id, p.community_id, 'forum', t.title, "
            "left(regexp_replace(p.body, '<[^>]+>', ' ', 'g'), 200), '/c/' || c.slug || "
            "'/forum/t/' || t.id || '/', false, false, p.created FROM forums_post p "
            "JOIN forums_topic t ON t.id = p.topic_id "
            "JOIN communities_community c ON c.id = p.community_id "
            "WHERE NOT EXISTS (SELECT 1 FROM activity_activity a WHERE a.target_type_id = %s "
            "AND a.target_id = p.id) ORDER BY p.id DESC LIMIT %s",
            [ct[Post], topic_ct, ct[Post], int((total - done) * 0.8)],
        )
        cursor.execute(
            "INSERT INTO activity_activity (actor_id, verb, target_type_id, target_id, "
            "subject_type_id, subject_id, community_id, feature, title, excerpt, url, "
            "target_hidden, subject_hidden, created) "
            "SELECT w.created_by_id, 'wiki_created', %s, w.id, %s, w.id, w.community_id, "
            "'wiki', w.title, '', '/c/' || c.slug || '/wiki/' || w.slug || '/', false, false, "
            "w.created FROM wikis_wikipage w JOIN communities_community c ON c.id = "
            "w.community_id WHERE NOT EXISTS (SELECT 1 FROM activity_activity a WHERE "
            "a.target_type_id = %s AND a.target_id = w.id) ORDER BY w.id DESC LIMIT %s",
            [ct[WikiPage], ct[WikiPage], ct[WikiPage], max(0, total - Activity.objects.count())],
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale")
    for name in FULL:
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/generate.py writes to PostgreSQL: set DATABASE_URL (bench/pg.py start)")
    call_command("migrate", verbosity=0)
    if Community.objects.exclude(slug__startswith="bench-").exists():
        sys.exit("This database has communities the generator did not make; use a throwaway one.")
    started = time.perf_counter()
    generate(World(args), Words())
    print(f"done in {time.perf_counter() - started:,.0f} s", flush=True)


if __name__ == "__main__":
    main()
