"""Loads the peer forum (run by prepare.py inside the machina venv): one forum of 2,500 topics,
topic 1 with 200 replies, like bench-main's forum in bench/generate.py; then a session for the
reading member. Prints the topic list's path, the thread's path and the session cookie."""

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from machina.apps.forum.models import Forum  # noqa: E402
from machina.apps.forum_conversation.models import Post, Topic  # noqa: E402

TOPICS, REPLIES = 2500, 200
BODY = (
    "We have been looking at how other councils share their procurement templates and "
    "whether a common framework would save time. The adoption panel paperwork came up again, "
    "and several members asked for examples of good practice from neighbouring authorities. "
    "Could anyone share what worked for them, what did not, and who to talk to next?"
)

User = get_user_model()
reader, _ = User.objects.get_or_create(username="bench-member")
posters = [User.objects.get_or_create(username=f"poster{n}")[0] for n in range(20)]
forum, _ = Forum.objects.get_or_create(
    slug="bench-forum", defaults={"name": "Bench forum", "type": Forum.FORUM_POST}
)
if not Topic.objects.filter(forum=forum).exists():
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        Topic(forum=forum, poster=posters[n % 20], subject=f"Bench topic {n} about procurement",
              slug=f"bench-topic-{n}", type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED,
              approved=True, last_post_on=now)
        for n in range(TOPICS)
    )  # fmt: skip
    first = min(topics, key=lambda t: t.pk)
    posts = [Post(topic=t, poster=t.poster, subject=t.subject, content=BODY, approved=True)
             for t in topics]  # fmt: skip
    posts += [Post(topic=first, poster=posters[n % 20], subject=f"Re: {first.subject}",
                   content=BODY, approved=True) for n in range(REPLIES)]  # fmt: skip
    Post.objects.bulk_create(posts, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE forum_conversation_topic t SET first_post_id = p.first, last_post_id = p.last, "
            "posts_count = p.n FROM (SELECT topic_id, min(id) first, max(id) last, count(*) n "
            "FROM forum_conversation_post GROUP BY topic_id) p WHERE p.topic_id = t.id"
        )
    forum.refresh_from_db()
    forum.update_trackers()
thread = Topic.objects.filter(forum=forum).order_by("pk").first()
session = SessionStore()
session["_auth_user_id"] = str(reader.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = reader.get_session_auth_hash()
session.create()
print(
    reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}),
    reverse("forum_conversation:topic", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk,
                                                "slug": thread.slug, "pk": thread.pk}),
    f"sessionid={session.session_key}",
)  # fmt: skip
