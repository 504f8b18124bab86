"""Demo blog entries for `make run`: a "CoP experiences" entry published in the
facilitators' community, a personal entry, and comments. Idempotent (get-or-create by author
and title); rows are written directly so re-seeding sends nothing."""

from datetime import timedelta

from django.utils import timezone

from comments.models import Comment

from .models import Blog, BlogEntry, BlogPublication

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
        Blog.objects.get_or_create(user=author)
        if BlogEntry.objects.filter(author=author, title=title).exists():
            continue
        entry = BlogEntry.objects.create(
            author=author, title=title, body=body, comment_count=len(comments)
        )
        BlogEntry.objects.filter(pk=entry.pk).update(created=now - timedelta(days=days_ago))
        for key in community_keys:
            if key in communities:
                BlogPublication.objects.create(entry=entry, community=communities[key])
        for commenter, text in comments:
            Comment.objects.create(target=entry, author=users[commenter], body=text)
