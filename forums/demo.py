"""Demo forum content for `make run` (seed_demo): topics with replies, a nested reply, a pinned
topic, and a question with an accepted answer in a private community. Made through the forum's
services (quietly, see core.quiet) at the dates of the story (core.storytime). Idempotent: a
topic that exists (by community and title) is left alone."""

from datetime import timedelta

from django.utils import timezone

from communities.models import Membership
from core.storytime import at, backdate
from tags.services import tag_add

from .models import Topic
from .services import answer_mark, reply_create, topic_create, topic_set_pinned

# community key, title, starter, body, replies [(author, body, reply-to index or None)], options
# (days_ago: when the topic started; each reply comes an hour after the one before)
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
        "adoption",
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


# Tags members gave the topics.
TOPIC_TAGS = {
    "Online tools we use and love": ["collaboration", "socialmedia"],
    "Social Media Risks": ["socialmedia", "risk", "guide"],
    "Where do we go now?": ["CoP"],
    "How do panels handle late reports?": ["adoption", "panel"],
}


def _start(community, spec, users, now):
    title, starter, body, replies, options = spec
    started = now - timedelta(days=options.get("days_ago", 0), hours=len(replies) + 1)
    author = users[starter]
    with at(started):
        topic = topic_create(
            community=community,
            title=title,
            author=author,
            body=body,
            kind=Topic.Kind.QUESTION if options.get("question") else Topic.Kind.DISCUSSION,
        )
        if TOPIC_TAGS.get(title):
            tag_add(user=author, item=topic, names=TOPIC_TAGS[title])
    backdate(topic, started, "last_activity_at")
    backdate(topic.opening_post, started)
    made, when = [], started
    for n, (author_key, text, reply_to) in enumerate(replies, start=1):
        when = started + timedelta(hours=n)
        parent = made[reply_to] if reply_to is not None else None
        with at(when):
            made.append(
                reply_create(topic=topic, author=users[author_key], body=text, parent=parent)
            )
        backdate(made[-1], when)
    facilitator = community.memberships.filter(role=Membership.Role.FACILITATOR).first().user
    if options.get("pinned"):
        topic_set_pinned(topic=topic, by=facilitator, pinned=True)
    if "answer" in options:
        answer_mark(topic=topic, post=made[options["answer"]], by=users[starter])
    backdate(topic, when, "last_activity_at", "updated", created=False)
    return topic


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    for key, *spec in TOPICS:
        community = communities.get(key)
        if community is None or Topic.objects.filter(community=community, title=spec[0]).exists():
            continue
        _start(community, spec, users, now)
