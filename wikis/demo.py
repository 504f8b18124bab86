"""Demo wiki pages for `make run` (seed_demo), with several revisions each. Idempotent: a page
that exists is left alone. Rows are written directly (not through services.py) so re-seeding
sends no alerts; documents/demo.py indexes everything for search at the end."""

from datetime import timedelta

from django.utils import timezone

from .models import Revision, WikiPage

AGENDA_1 = """<p>I have put people down next to sessions, without their knowledge. Please get in
touch if you don't fancy it!</p><h2>Introduction</h2><p>The Social Media Big Day Out will be a
launch event for the CoP, covering a number of topics which the community has expressed an
interest in. The event will hopefully take place at the IDeA office in London.</p>
<h2>Draft agenda</h2><ul><li>10am: Welcome and introductions - Steve Dale</li>
<li>10.30am: The benefits of using social media in local government - TBA</li></ul>"""
AGENDA_2 = AGENDA_1.replace(
    "</li></ul>",
    "</li><li>11.30am: Building social web sites: blogs, wikis, forums and social networks - "
    "Dave Briggs</li></ul>",
)
AGENDA_3 = AGENDA_2.replace(
    "</ul>", "<li>12.30pm: Lunch, and a barcamp-style session planning board</li></ul>"
)

# community key, slug, title, [(author key, body, reason, days ago)], tags, related slugs
PAGES = [
    (
        "social",
        "social-media-big-day-out",
        "Social Media Big Day Out: provisional details and agenda",
        [
            ("grace", AGENDA_1, "First draft of the agenda", 20),
            ("owen", AGENDA_2, "Added Dave's session on building social web sites", 12),
            ("mei", AGENDA_3, "Added lunch and the session planning board", 3),
        ],
        ["socialmedia", "event", "barcamp"],
        ["useful-online-tools"],
    ),
    (
        "social",
        "useful-online-tools",
        "Useful online tools",
        [
            (
                "member",
                "<p>Tools members recommend:</p><ul><li>Blogs for sharing news</li>"
                "<li>RSS readers for following other councils</li></ul>",
                "Started the list",
                30,
            ),
            (
                "tom",
                "<p>Tools members recommend:</p><ul><li>Blogs for sharing news</li>"
                "<li>RSS readers for following other councils</li>"
                "<li>Shared calendars for events</li></ul>",
                "Added shared calendars",
                8,
            ),
        ],
        ["RSS", "collaboration", "socialmedia"],
        ["social-media-big-day-out", "blogging-guidelines"],
    ),
    (
        "social",
        "blogging-guidelines",
        "Blogging guidelines for council officers",
        [
            (
                "grace",
                "<p>Be open about who you are and who you work for. Check facts, link to "
                "sources, and never share personal information about residents.</p>",
                "Agreed at the March meeting",
                15,
            ),
        ],
        ["blogging", "guide"],
        ["useful-online-tools"],
    ),
    (
        "adoption",
        "panel-checklist",
        "Adoption panel checklist",
        [
            (
                "facilitator",
                "<p>Before panel: reports circulated a week ahead; medical adviser consulted.</p>",
                "First version from the Sunderland template",
                25,
            ),
            (
                "priya",
                "<p>Before panel: reports circulated ten working days ahead; medical adviser "
                "consulted; the family's social worker invited.</p>",
                "Ten working days, as the regulations say; invite the social worker",
                6,
            ),
        ],
        ["adoption", "panel", "guide"],
        [],
    ),
    (
        "km",
        "glossary",
        "Knowledge management glossary",
        [
            (
                "owen",
                "<p><strong>Tacit knowledge</strong>: what people know but have not written "
                "down. <strong>Community of practice</strong>: people who share a concern and "
                "learn how to do it better by interacting regularly.</p>",
                "Started the glossary",
                9,
            ),
        ],
        ["knowledge", "information"],
        [],
    ),
]


def seed(ctx):
    from tags.demo import tag_item

    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    made = {}
    for key, slug, title, revisions, tags, _ in PAGES:
        community = communities.get(key)
        if community is None:
            continue
        page = WikiPage.objects.filter(community=community, slug=slug).first()
        if page is None:
            page = WikiPage.objects.create(community=community, title=title, slug=slug)
            for number, (author, body, reason, days) in enumerate(revisions, start=1):
                Revision.objects.create(
                    page=page,
                    number=number,
                    title=title,
                    body=body,
                    reason=reason,
                    author=users[author],
                    created=now - timedelta(days=days),
                )
            last = page.revisions.get(number=len(revisions))
            WikiPage.objects.filter(pk=page.pk).update(
                version=len(revisions),
                current_revision=last,
                created_by=users[revisions[0][0]],
                last_editor=users[revisions[-1][0]],
                created=now - timedelta(days=revisions[0][3]),
                updated=last.created,
            )
        for name in tags:
            tag_item(page, name, users[revisions[-1][0]], community)
        made[(key, slug)] = page
    for key, slug, _, _, _, related in PAGES:
        if (key, slug) in made:
            made[(key, slug)].related.set(
                [made[(key, other)] for other in related if (key, other) in made]
            )
    ctx["wiki_pages"] = list(made.values())
