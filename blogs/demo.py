"""Demo blog entries for `make run`: a "CoP experiences" entry published in the facilitators'
community, a personal entry, and comments. Made through the blog and comment services (quietly,
see core.quiet) at the dates of the story (core.storytime): published `days_ago`, comments an
hour apart after that. Idempotent: an entry that exists (by author and title) is left alone."""

from datetime import timedelta

from django.utils import timezone

from comments.services import comment_create
from core.storytime import at, backdate

from .models import BlogEntry
from .services import entry_create

ENTRIES = [
    (
        "facilitator",
        "CoP experiences - your feedback needed",
        "<p>I have been invited to submit a paper and presentation to the Online Information "
        "Conference about communities of practice in local government.</p>"
        "<p>I would be most interested in getting any comments or other feedback from "
        "facilitators of the various CoPs that you would be happy for me to include.</p>"
        "<p>Many thanks,<br>Fran</p>",
        ["facilitators", "social"],
        [
            (
                "grace",
                "<p>Happy to help: our community doubled its active members after we "
                "started a weekly question.</p>",
            ),
            ("owen", "<p>I will send you our case study by Friday.</p>"),
        ],
        3,
    ),
    (
        "member",
        "What I learned at BarCamp UKGov",
        "<p>Three things: start small, work in the open, and ask for help early.</p>",
        [],
        [("tom", "<p>Agree on working in the open!</p>")],
        8,
    ),
]


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    for author_key, title, body, community_keys, comments, days_ago in ENTRIES:
        author = users[author_key]
        if BlogEntry.objects.filter(author=author, title=title).exists():
            continue
        published = now - timedelta(days=days_ago)
        with at(published):
            entry = entry_create(
                author=author,
                title=title,
                body=body,
                communities=[communities[key] for key in community_keys if key in communities],
            )
        backdate(entry, published)
        for publication in entry.publications.all():
            backdate(publication, published)
        for n, (commenter, text) in enumerate(comments, start=1):
            when = published + timedelta(hours=n)
            with at(when):
                comment = comment_create(target=entry, author=users[commenter], body=text)
            backdate(comment, when)
