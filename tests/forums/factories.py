"""Forum content made through the real services (so counters, paths and sanitising are real)."""

from forums import services
from forums.models import Topic


def topic(
    community,
    author,
    *,
    title="Online tools we use and love",
    body="<p>Which tools?</p>",
    kind=Topic.Kind.DISCUSSION,
    files=(),
):
    return services.topic_create(
        community=community, author=author, title=title, body=body, kind=kind, files=files
    )


def reply(topic, author, *, body="<p>I agree.</p>", parent=None, files=()):
    return services.reply_create(topic=topic, author=author, body=body, parent=parent, files=files)
