"""Demo forum content for `make run` (seed_demo): topics with replies,
a nested reply, a pinned topic, and a question with an accepted answer in a private community.
Idempotent (get-or-create by community and title); rows are written directly, not through
services.py, so re-seeding sends no email and records nothing twice."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from richtext.mentions import link_mentions
from richtext.sanitise import clean_rich_text

from .models import Post, Topic, path_segment
from .services import teaser_from

# community key, title, starter, body, replies [(author, body, reply-to index or None)], options
TOPICS = [
    (
        "social",
        "Online tools we use and love",
        "member",
        "<p>Which online tools does your team rely on? I'll start: we plan everything in "
        "<strong>Trello</strong> and write minutes together in a shared document.</p>"
        "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>",
        [
            ("owen", "<p>Yammer for quick questions across departments.</p>", None),
            ("mei", "<p>Does Yammer work well with staff who are mostly out on site?</p>", 0),
            ("owen", "<p>Surprisingly well on phones. @mei I can show you our setup.</p>", 1),
            (
                "tom",
                "<p>We use a wiki for our procedures. Nothing beats it for "
                "<em>findability</em>.</p>",
                None,
            ),
            ("grace", "<p>Great thread. I have pinned it for newcomers.</p>", None),
        ],
        {"pinned": True, "days_ago": 0},
    ),
    (
        "social",
        "Where do we go now?",
        "grace",
        "<p>This community has been very quiet of late - many of us are busy with budget "
        "season. What would make it worth your ten minutes a week?</p>",
        [
            ("facilitator", "<p>A monthly question from the facilitators would help me.</p>", None),
            ("member", "<ul><li>Short case studies</li><li>A fortnightly digest</li></ul>", None),
        ],
        {"days_ago": 2},
    ),
    (
        "social",
        "Social Media Risks",
        "owen",
        "<p>A common theme that has cropped up in discussions is the risk of staff posting in a "
        "personal capacity. Does anyone have a policy they would share?</p>",
        [("mei", "<p>Ours is two pages long; I will put it in the library.</p>", None)],
        {"days_ago": 5},
    ),
    (
        "adoption-policy",
        "How do panels handle late reports?",
        "member",
        "<p>Our panel keeps receiving reports the evening before. How do other councils "
        "handle this?</p>",
        [
            (
                "priya",
                "<p>We adjourn the case if papers arrive less than five working days "
                "before panel. It took one difficult month and then it stopped.</p>",
                None,
            ),
            ("tom", "<p>We ask for a summary at ten days and the full report at five.</p>", None),
        ],
        {"question": True, "answer": 0, "days_ago": 1},
    ),
]


def _post(topic, author, body, parent, when):
    post = Post.objects.create(
        topic=topic,
        community=topic.community,
        author=author,
        body=link_mentions(clean_rich_text(body))[0],
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        is_opening=parent is None,
    )
    post.path = (parent.path if parent else "") + path_segment(post.pk)
    Post.objects.filter(pk=post.pk).update(path=post.path, created=when)
    return post


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    by_slug = {community.slug: community for community in communities.values()}
    now = timezone.now()
    for slug, title, starter, body, replies, options in TOPICS:
        community = by_slug.get(slug) or communities.get(slug)
        if community is None or Topic.objects.filter(community=community, title=title).exists():
            continue
        started = now - timedelta(days=options.get("days_ago", 0), hours=len(replies) + 1)
        topic = Topic.objects.create(
            community=community,
            title=title,
            author=users[starter],
            kind=Topic.Kind.QUESTION if options.get("question") else Topic.Kind.DISCUSSION,
            teaser=teaser_from(body),
            is_pinned=options.get("pinned", False),
            last_activity_at=started,
            last_poster=users[starter],
        )
        opening = _post(topic, users[starter], body, None, started)
        Topic.objects.filter(pk=topic.pk).update(opening_post=opening, created=started)
        made = []
        for n, (author, text, reply_to) in enumerate(replies, start=1):
            parent = made[reply_to] if reply_to is not None else opening
            when = started + timedelta(hours=n)
            made.append(_post(topic, users[author], text, parent, when))
            Topic.objects.filter(pk=topic.pk).update(
                reply_count=F("reply_count") + 1, last_activity_at=when, last_poster=users[author]
            )
        if "answer" in options:
            Topic.objects.filter(pk=topic.pk).update(accepted_answer=made[options["answer"]])
    ctx["forum_topics"] = list(Topic.objects.filter(title__in=[t[1] for t in TOPICS]))
