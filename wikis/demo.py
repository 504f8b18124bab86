"""Demo wiki pages for `make run` (seed_demo), with several revisions each, made through the
wiki's services (quietly, see core.quiet): every revision is an edit at its story date
(core.storytime), all the demo's edits in date order, so related pages exist when a page names
them. Idempotent: a page that exists (by community and title) is left alone."""

from datetime import timedelta

from django.utils import timezone

from core.storytime import at, backdate
from tags.services import tag_add

from .models import WikiPage
from .services import page_create, page_edit

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
# (the slug names the page here; the service makes the page's own slug from its title)
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
    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    pages = {}  # slug -> the page, existing or made here
    edits = []  # (days ago, community, slug, title, revision number, spec)
    for key, slug, title, revisions, _, _ in PAGES:
        community = communities.get(key)
        if community is None:
            continue
        page = WikiPage.objects.filter(community=community, title=title).first()
        if page is not None:
            pages[slug] = page
            continue
        for number, revision in enumerate(revisions, start=1):
            edits.append((revision[3], community, slug, title, number, revision))
    specs = {
        slug: (tags, related, len(revisions)) for _, slug, _, revisions, tags, related in PAGES
    }
    for days, community, slug, title, number, (author_key, body, reason, _) in sorted(
        edits, key=lambda edit: -edit[0]
    ):
        when, author = now - timedelta(days=days), users[author_key]
        tags, related_slugs, last = specs[slug]
        related = [pages[other] for other in related_slugs if other in pages]
        with at(when):
            if number == 1:
                page = page_create(
                    community=community,
                    author=author,
                    title=title,
                    body=body,
                    reason=reason,
                    related=related if number == last else (),
                )
                pages[slug] = backdate(page, when)
                revision = page.current_revision
            else:
                page = pages[slug]
                revision = page_edit(
                    page=page,
                    by=author,
                    title=title,
                    body=body,
                    reason=reason,
                    base_version=page.version,
                    related=related if number == last else None,
                )
                backdate(page, when, "updated", created=False)
            if number == last:
                tag_add(user=author, item=page, names=tags)
        backdate(revision, when)
