"""Community-archive benchmark: build the offline archive of a community with 10,000 forum
posts (and a wiki, a document library, events and polls beside them) and time it.

Generates (once; re-runs reuse it) the community "Archive Benchmark" with --posts posts in
topics of --per-topic posts each (opening post and replies, each a few paragraphs of rich
text), 200 wiki pages, 50 documents with a small PDF each, 100 events and 50 closed polls.
Then runs the real build (`lifecycle.archive.build`, what the Celery task calls) and prints the
wall time, the zip's size and its page count. The target: under 2 minutes for 10,000 posts.

    .venv/bin/python bench/pg.py start /tmp/bench-pg      # prints DATABASE_URL=…
    DATABASE_URL=postgres://cop@127.0.0.1:<port>/cop COP_MEDIA_ROOT=/tmp/bench-archive-media \\
    DJANGO_SETTINGS_MODULE=cop_platform.settings.dev \\
        .venv/bin/python bench/archive.py --posts 10000 --runs 2

Measured on the shared 2-core machine: 10,000 posts (500 threads), 200 wiki pages, 50 documents,
100 events, 50 polls: 3.6 s and 2.9 s (900 pages, a 1.2 MB zip).

Without DATABASE_URL it uses the dev settings' database. Files go to MEDIA_ROOT (or the bucket
when COP_STORAGE=s3), so the timing includes the upload of the zip through Django's storage.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

NAME = "Archive Benchmark"
BODY = (
    "<p>We tried the buddy scheme for new panel members this quarter and it halved the time "
    "to the first case. <strong>Two things</strong> made the difference: a named contact and "
    "a checklist for the first week.</p><ul><li>Share the checklist</li><li>Agree a date</li>"
    "</ul><p>Has anyone measured the effect on retention over a longer period?</p>"
)


def generate(posts, per_topic):
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Community, Membership
    from documents.models import Document, DocumentVersion
    from documents.samples import pdf_bytes
    from events.models import Event
    from forums.models import Post, Topic, path_segment
    from polls.models import Choice, Poll
    from wikis.models import Revision, WikiPage

    community = Community.objects.filter(name=NAME).first()
    if community is not None and Post.objects.filter(community=community).count() >= posts:
        pdf = pdf_bytes("Benchmark guide")
        for version in DocumentVersion.objects.filter(document__community=community):
            if not version.file.storage.exists(version.file.name):  # another media root
                version.file.save(f"bench/{version.original_name}", ContentFile(pdf))
        return community
    with transaction.atomic():
        if community is None:
            community = Community.objects.create(
                name=NAME,
                slug="archive-benchmark",
                short_description="A community to time the archive build.",
                domain="Benchmarks.",
                status=Community.Status.APPROVED,
                stage=Community.Stage.CLOSEDOWN,
            )
        users = []
        for n in range(50):
            user, _ = User.objects.get_or_create(
                username=f"archivebench{n}",
                defaults={"email": f"archivebench{n}@example.org", "name": f"Bench Member {n}"},
            )
            users.append(user)
            Membership.objects.get_or_create(user=user, community=community)
        now = timezone.now()
        made = Post.objects.filter(community=community).count()
        topic_number = Topic.objects.filter(community=community).count()
        while made < posts:
            topic_number += 1
            author = users[topic_number % len(users)]
            topic = Topic.objects.create(
                community=community,
                title=f"Benchmark topic {topic_number}: buddy schemes for panel members",
                author=author,
                last_poster=author,
            )
            opening = Post.objects.create(
                topic=topic, community=community, author=author, body=BODY, is_opening=True
            )
            opening.path = path_segment(opening.pk)
            Post.objects.filter(pk=opening.pk).update(path=opening.path)
            count = min(per_topic, posts - made)
            replies = Post.objects.bulk_create(
                Post(
                    topic=topic,
                    community=community,
                    author=users[(topic_number + n) % len(users)],
                    body=BODY,
                    parent=opening,
                    depth=1,
                    created=now,
                )
                for n in range(count - 1)
            )
            for reply in replies:
                reply.path = opening.path + path_segment(reply.pk)
            Post.objects.bulk_update(replies, ["path"])
            topic.opening_post = opening
            topic.reply_count = len(replies)
            topic.save(update_fields=["opening_post", "reply_count"])
            made += count
        if not WikiPage.objects.filter(community=community).exists():
            for n in range(200):
                page = WikiPage.objects.create(
                    community=community, title=f"Guide {n}", slug=f"guide-{n}", version=1
                )
                revision = Revision.objects.create(
                    page=page,
                    number=1,
                    title=page.title,
                    body=BODY * 3,
                    reason="New",
                    author=users[0],
                )
                page.current_revision = revision
                page.save(update_fields=["current_revision"])
        if not Document.objects.filter(community=community).exists():
            pdf = pdf_bytes("Benchmark guide")
            for n in range(50):
                document = Document.objects.create(
                    community=community, title=f"Report {n}", author=users[0], version_count=1
                )
                version = DocumentVersion(
                    document=document,
                    number=1,
                    original_name=f"report-{n}.pdf",
                    size=len(pdf),
                    content_type="application/pdf",
                    kind_label="PDF",
                    uploaded_by=users[0],
                )
                version.file.save(f"bench/report-{n}.pdf", ContentFile(pdf), save=False)
                version.save()
                document.current_version = version
                document.save(update_fields=["current_version"])
        if not Event.objects.filter(community=community).exists():
            for n in range(100):
                start = now - timedelta(days=7 * n)
                Event.objects.create(
                    community=community,
                    title=f"Monthly call {n}",
                    description=BODY,
                    location="Online",
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    created_by=users[0],
                )
        if not Poll.objects.filter(community=community).exists():
            for n in range(50):
                poll = Poll.objects.create(
                    community=community,
                    question=f"Which topic next? ({n})",
                    created_by=users[0],
                    closed_at=now,
                )
                for order, text in enumerate(["Matching", "Support", "Training"], 1):
                    Choice.objects.create(poll=poll, text=text, order=order, vote_count=order)
    return community


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--per-topic", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from forums.models import Post
    from lifecycle import archive
    from lifecycle.models import ArchiveBuild

    started = time.perf_counter()
    community = generate(args.posts, args.per_topic)
    posts = Post.objects.filter(community=community).count()
    print(f"data ready in {time.perf_counter() - started:.1f} s: {posts} posts")
    ArchiveBuild.objects.filter(community=community).delete()  # left by an interrupted run
    for run in range(1, args.runs + 1):
        build = ArchiveBuild.objects.create(community=community)
        started = time.perf_counter()
        build = archive.build(build.pk)
        seconds = time.perf_counter() - started
        print(
            f"run {run}: built in {seconds:.1f} s; {build.item_count} pages, "
            f"{build.size / 1_000_000:.1f} MB zip ({posts} forum posts)"
        )
        build.file.delete(save=False)
        build.delete()


if __name__ == "__main__":
    main()
