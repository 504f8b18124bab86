"""Search benchmark: p50/p95/p99 of the real search code over a million indexed items.

Fills search_searchdocument on a PostgreSQL database with N rows of realistic text (a Zipf
distribution over ~23,000 words: common English, local-government vocabulary, names and a long
tail of rare words), spread over 300 communities (a third of them private), then runs a mix of
typical queries through `search.query.search(...).page(1)` exactly as the search page does
(count, page of results, highlighted snippets; visibility rule included) as a member of a few
communities, and reports milliseconds per query.

Run it against a throwaway PostgreSQL (see docs/knowledge.md, "Search benchmark"):

    DATABASE_URL=postgres://cop@127.0.0.1:55990/copbench \\
    DJANGO_SETTINGS_MODULE=cop_platform.settings.dev \\
        .venv/bin/python bench/search.py --rows 1000000 --runs 400

It migrates the database, generates the rows once (re-runs reuse them if the count matches;
`--regenerate` starts again) and never touches a database that has other content in it unless
told with `--force`.
"""

import argparse
import io
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

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from communities.models import Community, Membership  # noqa: E402
from search.models import SearchDocument  # noqa: E402
from search.query import SearchRequest, search  # noqa: E402
from search.services import search_vector_expression  # noqa: E402

SEED = 20240601
COMMUNITIES = 2000
PRIVATE_EVERY = 3  # every third community is private
DOMAIN = """
council councils adoption adopters fostering children social care housing homelessness planning
procurement budget budgets finance audit governance scrutiny cabinet committee member members
officer officers policy policies strategy consultation engagement citizens residents community
communities partnership partnerships health wellbeing safeguarding education schools transport
highways waste recycling environment climate carbon emissions energy libraries leisure culture
tourism economy regeneration employment skills apprenticeships digital technology website
intranet blogs wiki wikis forum forums collaboration knowledge sharing practice learning
training workshop conference event events meeting agenda minutes report reports benchmarking
performance indicators outcomes commissioning contract contracts tender supplier suppliers
framework service services delivery transformation efficiency savings shared workforce
recruitment retention leadership management facilitator facilitators guidance toolkit template
case study evidence research evaluation data dataset open transparency freedom information
licensing enforcement trading standards parking elections registration democracy equality
diversity inclusion accessibility translation youth elderly dementia carers disability
benefits revenue council tax business rates pension pensions insurance risk emergency
resilience flooding planning permission development local plan neighbourhood parish district
county unitary borough metropolitan authority authorities government ministry department
""".split()
# Two-word terms people search for as phrases; generated text contains them (a third of bodies
# and a fifth of titles), as real text contains its field's terms.
PHRASES = (
    """
social care|council tax|local plan|business rates|shared services|climate change|open data
adult social|children's services|waste collection|planning permission|trading standards
digital transformation|knowledge management|community engagement|parish council
fostering service|housing benefit|street lighting|road safety|public health|air quality
youth services|library service|electoral register|flood risk|care homes|school admissions
bus routes|market town|affordable housing|domestic abuse|food waste|carbon neutral
""".replace("\n", "|")
    .strip("|")
    .split("|")
)


def _syllable_words(rng, count):
    onsets = [
        "b",
        "br",
        "c",
        "ch",
        "d",
        "dr",
        "f",
        "g",
        "gr",
        "h",
        "k",
        "l",
        "m",
        "n",
        "p",
        "pr",
        "r",
        "s",
        "sh",
        "st",
        "t",
        "th",
        "tr",
        "v",
        "w",
        "y",
        "z",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "oo", "ie"]
    codas = ["", "n", "r", "s", "t", "l", "m", "nd", "rk", "ck", "st", "ng"]
    words = set()
    while len(words) < count:
        parts = rng.randint(2, 4)
        words.add(
            "".join(
                rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(parts)
            )
        )
    return sorted(words)


def vocabulary(rng):
    from faker.providers.lorem.en_US import Provider as Lorem
    from faker.providers.person.en_GB import Provider as Person

    common = list(dict.fromkeys(w.lower() for w in Lorem.word_list))
    names = [n.lower() for n in list(Person.last_names) + list(Person.first_names_male)]
    domain = list(dict.fromkeys(DOMAIN))
    rare = _syllable_words(rng, 20000)
    # Zipf ranks: common English first, domain words woven into the upper-middle ranks, then
    # names, then the long tail.
    head = common[:200]
    middle = common[200:] + domain
    rng.shuffle(middle)
    words = head + middle + names + rare
    weights = [1 / (rank**1.05) for rank in range(1, len(words) + 1)]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return words, cumulative, domain


class Text:
    """Titles and bodies cut from one long Zipf-distributed stream of words (fast to make:
    sampling each body separately would take most of the run)."""

    POOL = 4_000_000

    def __init__(self, rng):
        self.rng = rng
        self.words, self.cumulative, self.domain = vocabulary(rng)
        self.pool = None

    def _pool(self):
        if self.pool is None:
            self.pool = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.POOL)
        return self.pool

    def words_(self, n):
        pool = self._pool()
        start = self.rng.randrange(0, len(pool) - n)
        return pool[start : start + n]

    def _with_phrase(self, words, chance):
        if self.rng.random() < chance:
            words = list(words)
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(PHRASES))
        return " ".join(words)

    def title(self):
        words = self.words_(self.rng.randint(3, 9))
        return self._with_phrase(words, 0.2).capitalize()

    def body(self):
        # Most items are short posts; some are long wiki pages and document descriptions.
        n = int(min(1500, self.rng.lognormvariate(4.3, 0.8)))
        return self._with_phrase(self.words_(max(5, n)), 0.33)

    def tags(self):
        return ", ".join(self.rng.sample(self.domain, self.rng.randint(0, 4)))


def copy_escape(value):
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def setup_people(rng, member_of=20, count=COMMUNITIES):
    communities = []
    for i in range(count):
        slug = f"bench-community-{i:04d}"
        community, _ = Community.objects.get_or_create(
            slug=slug,
            defaults={
                "name": f"Bench community {i:04d}",
                "short_description": "Benchmark community.",
                "domain": "Benchmarking search.",
                "visibility": "private" if i % PRIVATE_EVERY == 0 else "public",
                "status": Community.Status.APPROVED,
                "stage": Community.Stage.SUSTAIN,
            },
        )
        communities.append(community)
    member, _ = User.objects.get_or_create(
        username="bench-member", defaults={"email": "bench-member@example.org", "name": "Bench"}
    )
    # The member of `member_of` communities, a third of them private (the same ones on every
    # run with the same number; a run with another number replaces the memberships).
    private = [c for c in communities if c.visibility == "private"]
    public = [c for c in communities if c.visibility == "public"]
    mine = rng.sample(private, member_of // 3) + rng.sample(public, member_of - member_of // 3)
    Membership.objects.filter(user=member).exclude(community__in=mine).delete()
    for community in mine:
        Membership.objects.get_or_create(user=member, community=community)
    return communities, member


def generate(rows, communities, rng, chunk=50_000):
    text = Text(rng)
    kinds = [
        ("wiki", ContentType.objects.get(app_label="wikis", model="wikipage").pk, 0.15),
        ("document", ContentType.objects.get(app_label="documents", model="document").pk, 0.15),
        ("topic", ContentType.objects.get(app_label="forums", model="topic").pk, 0.70),
    ]
    kind_weights = [k[2] for k in kinds]
    now = timezone.now()
    community_ids = [c.pk for c in communities]
    columns = (
        "content_type_id",
        "object_id",
        "kind",
        "community_id",
        "title",
        "body",
        "tags",
        "url",
        "created",
        "updated",
        "indexed_at",
    )
    with connection.cursor() as cursor:
        # Loading is far faster without the indexes; they are rebuilt afterwards, as defined.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_searchdocument'"
            " AND indexname NOT LIKE '%%_pkey'"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'ALTER TABLE search_searchdocument DROP CONSTRAINT IF EXISTS "{name}"')
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        done = 0
        started = time.perf_counter()
        while done < rows:
            buffer = io.StringIO()
            for i in range(done, min(rows, done + chunk)):
                kind, ct, _ = rng.choices(kinds, weights=kind_weights)[0]
                age = timedelta_seconds(rng.expovariate(1 / (400 * 86400)))
                updated = now - age
                values = (
                    str(ct),
                    str(i + 1),
                    kind,
                    str(rng.choice(community_ids)),
                    copy_escape(text.title()),
                    copy_escape(text.body()),
                    text.tags(),
                    f"/bench/{kind}/{i + 1}/",
                    updated.isoformat(),
                    updated.isoformat(),
                    now.isoformat(),
                )
                buffer.write("\t".join(values) + "\n")
            buffer.seek(0)
            statement = f"COPY search_searchdocument ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                copy.write(buffer.getvalue())
            done = min(rows, done + chunk)
            rate = done / (time.perf_counter() - started)
            print(f"  {done:>9,} rows copied ({rate:,.0f}/s)", flush=True)
    print("computing search vectors (title A, tags B, body C)…", flush=True)
    first = SearchDocument.objects.order_by("pk").values_list("pk", flat=True).first()
    last = SearchDocument.objects.order_by("-pk").values_list("pk", flat=True).first()
    step = 100_000
    for low in range(first, last + 1, step):
        SearchDocument.objects.filter(pk__gte=low, pk__lt=low + step).update(
            search_vector=search_vector_expression()
        )
        print(f"  vectors up to id {min(last, low + step - 1):,}", flush=True)
    print("rebuilding the indexes (GIN included)…", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            cursor.execute(definition)
            if name == "searchdocument_one_per_item":
                cursor.execute(
                    "ALTER TABLE search_searchdocument ADD CONSTRAINT searchdocument_one_per_item "
                    "UNIQUE USING INDEX searchdocument_one_per_item"
                )
        cursor.execute("VACUUM ANALYZE search_searchdocument")
    return text


def timedelta_seconds(seconds):
    from datetime import timedelta

    return timedelta(seconds=seconds)


def query_mix(text, communities, member, rng, count):
    """Typical searches: mostly one or two everyday words, some phrases and filters, and a
    share of very common words (the expensive case)."""
    words = text.words
    mid = words[150:3000]
    everyday = words[20:150]
    visible = [c for c in communities if c.visibility == "public"] + [
        m.community for m in Membership.objects.filter(user=member).select_related("community")
    ]
    mix = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.35:
            mix.append(("one word", SearchRequest(q=rng.choice(mid))))
        elif roll < 0.60:
            mix.append(("two words", SearchRequest(q=f"{rng.choice(everyday)} {rng.choice(mid)}")))
        elif roll < 0.70:
            mix.append(("phrase", SearchRequest(q=f'"{rng.choice(PHRASES)}"')))
        elif roll < 0.80:
            mix.append(
                (
                    "word + community/type filter",
                    SearchRequest(
                        q=rng.choice(everyday + mid),
                        community=rng.choice(visible),
                        kinds=[rng.choice(["wiki", "document", "topic"])],
                    ),
                )
            )
        elif roll < 0.90:
            mix.append(("everyday word", SearchRequest(q=rng.choice(everyday))))
        else:
            mix.append(("very common word", SearchRequest(q=rng.choice(words[:20]))))
    return mix


def cpu_seconds(backend_pid):
    """CPU time used so far by this process and by its PostgreSQL backend (same machine):
    unlike wall-clock time it does not grow when other work competes for the CPU."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{backend_pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / ticks
    except OSError:  # PostgreSQL on another machine: count this process only
        backend = 0.0
    return time.process_time() + backend


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=400, help="queries timed")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--communities", type=int, default=COMMUNITIES)
    parser.add_argument("--member-of", type=int, default=20, help="the searcher's communities")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--force", action="store_true", help="use a database with other content")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("bench/search.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    if not args.force and Community.objects.exclude(slug__startswith="bench-").exists():
        sys.exit("This database has real communities in it; use a throwaway one (or --force).")
    rng = random.Random(SEED)
    communities, member = setup_people(rng, args.member_of, args.communities)
    existing = SearchDocument.objects.count()
    text = Text(random.Random(SEED + 1))
    if args.regenerate or existing != args.rows:
        print(f"generating {args.rows:,} index rows…", flush=True)
        SearchDocument.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM search_searchdocument")
        text = generate(args.rows, communities, random.Random(SEED + 1))
    else:
        print(f"reusing the {existing:,} index rows already there", flush=True)

    mix = query_mix(text, communities, member, random.Random(SEED + 2), args.warmup + args.runs)
    timings, by_group, results, slowest = [], {}, [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    cpu_ms = []
    for index, (group, request) in enumerate(mix):
        reset_queries()
        started, cpu_started = time.perf_counter(), cpu_seconds(backend)
        page = search(member, request).page(1)
        found = page.paginator.count
        rows = list(page.object_list)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (cpu_seconds(backend) - cpu_started) * 1000
        if index < args.warmup:
            continue
        cpu_ms.append(cpu)
        timings.append(elapsed)
        slowest.append((elapsed, group, request.q))
        by_group.setdefault(group, []).append(elapsed)
        results.append(found if not page.paginator.capped else page.paginator.cap + 1)
        assert all(hasattr(row, "snippet_html") for row in rows)

    print()
    total = SearchDocument.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('shared_buffers'), current_setting('effective_cache_size'), "
            "current_setting('random_page_cost')"
        )
        buffers, cache, page_cost = cursor.fetchone()
    print(
        f"PostgreSQL {connection.pg_version // 10000} (shared_buffers {buffers}, "
        f"effective_cache_size {cache}, random_page_cost {page_cost}), {total:,} rows,"
    )
    print(
        f"{len(timings)} timed searches (after {args.warmup} warm-up) as a member of "
        f"{args.member_of} of "
        f"{args.communities} communities; each = the whole search page's work: result count, "
        "ranked page of 20, highlighted snippets"
    )
    print()
    print(f"{'query group':<30}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for group, values in sorted(by_group.items()):
        print(
            f"{group:<30}{len(values):>5}{statistics.median(values):>9.1f}"
            f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}{max(values):>9.1f}"
        )
    print(
        f"{'ALL':<30}{len(timings):>5}{statistics.median(timings):>9.1f}"
        f"{percentile(timings, 95):>9.1f}{percentile(timings, 99):>9.1f}{max(timings):>9.1f}"
    )
    print(
        f"{'CPU time (client + backend)':<30}{len(cpu_ms):>5}{statistics.median(cpu_ms):>9.1f}"
        f"{percentile(cpu_ms, 95):>9.1f}{percentile(cpu_ms, 99):>9.1f}{max(cpu_ms):>9.1f}"
    )
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"\nmedian results per query: {statistics.median(results):,.0f} (capped)")
    print(
        "slowest:",
        "; ".join(
            f"{q!r} ({group}) {ms:.0f} ms" for ms, group, q in sorted(slowest, reverse=True)[:12]
        ),
    )


if __name__ == "__main__":
    main()
