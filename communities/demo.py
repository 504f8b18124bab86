"""Demo communities for `make run` (seed_demo). Idempotent: everything is get-or-create, and
counters are recomputed, so running it twice changes nothing. Writes the rows directly rather
than through services.py so that re-seeding sends no email."""

from datetime import timedelta

from django.utils import timezone

from .models import Community, Membership, MembershipRequest, StageChange
from .services import _refresh_member_counts

S = Community.Stage
PUBLIC, PRIVATE = Community.Visibility.PUBLIC, Community.Visibility.PRIVATE

GROUND_RULES = (
    "Be kind and assume good intent.\n"
    "What is shared here stays here unless the author says otherwise.\n"
    "No naming of individual service users or children.\n"
    "Disagree with ideas, not people."
)

COMMUNITIES = [
    {
        "key": "adoption",
        "name": "Adoption Policy CoP",
        "short_description": "Practitioners improving adoption policy and practice in councils.",
        "domain": "How councils recruit adopters, match children and support adoptive families: "
        "sharing policies, panel practice and what has worked from Sunderland to Somerset.",
        "visibility": PRIVATE,
        "stage": S.NURTURE,
        "facilitators": ["facilitator"],
        "members": ["member", "priya", "tom"],
        "welcome": "Welcome! Start by introducing yourself in the forum: your council, your role, "
        "and one adoption question you are wrestling with.",
        "days_ago": 1,
    },
    {
        "key": "social",
        "name": "Social Media and Online Collaboration",
        "short_description": "Using social media and online tools to work in the open.",
        "domain": "How local government uses blogs, wikis, forums and social networks to engage "
        "citizens and collaborate across organisations.",
        "visibility": PUBLIC,
        "stage": S.SUSTAIN,
        "facilitators": ["grace"],
        "members": ["member", "facilitator", "owen", "mei", "tom"],
        "welcome": "Welcome aboard. Have a look at the newest forum threads and say hello.",
        "days_ago": 0,
    },
    {
        "key": "km",
        "name": "Knowledge Management",
        "short_description": "Capturing and sharing know-how in local government.",
        "domain": "Knowledge management strategies, tools and culture change in councils.",
        "visibility": PUBLIC,
        "stage": S.STARTUP,
        "facilitators": ["owen"],
        "members": ["priya"],
        "days_ago": 3,
    },
    {
        "key": "cornwall",
        "name": "Cornwall Language Group",
        "short_description": "Officers supporting services in Cornish and community languages.",
        "domain": "Translation, signage and service delivery in Cornish and community languages.",
        "visibility": PRIVATE,
        "stage": S.SUSTAIN,
        "facilitators": ["mei"],
        "members": ["grace"],
        "days_ago": 6,
    },
    {
        "key": "facilitators",
        "name": "CoP Facilitators CoP",
        "short_description": "The meta-community where facilitators share what works.",
        "domain": "Facilitating online communities of practice: seeding discussions, welcoming "
        "newcomers, running events, and the CoP lifecycle.",
        "visibility": PUBLIC,
        "stage": S.SUSTAIN,
        "facilitators": ["facilitator"],
        "members": ["grace", "owen", "mei"],
        "days_ago": 2,
    },
    {
        "key": "daventry",
        "name": "Daventry Benchmarking Group",
        "short_description": "Benchmarking district council services (closed in 2025).",
        "domain": "Comparing costs and outcomes of district services. The group delivered its "
        "final report and is kept as an archive.",
        "visibility": PUBLIC,
        "stage": S.CLOSEDOWN,
        "facilitators": ["tom"],
        "members": ["member"],
        "days_ago": 200,
    },
    {
        "key": "panel",
        "parent": "adoption",
        "name": "Adoption Panel Task Group",
        "short_description": "A task group rewriting the model adoption panel guidance.",
        "domain": "Drafting revised adoption panel guidance for the main community to review.",
        "visibility": PRIVATE,
        "stage": S.STARTUP,
        "features": ["forum", "wiki"],
        "facilitators": ["facilitator"],
        "members": ["priya"],
        "days_ago": 4,
    },
    {
        "key": "panel-drafting",
        "parent": "panel",
        "name": "Panel Guidance Drafting Team",
        "short_description": "Three people drafting chapter 2 of the panel guidance.",
        "domain": "Chapter 2: preparing reports for the adoption panel.",
        "visibility": PRIVATE,
        "stage": S.STARTUP,
        "features": ["wiki"],
        "facilitators": ["facilitator"],
        "members": [],
        "days_ago": 5,
    },
]


def seed(ctx):
    users = ctx["users"]
    now = timezone.now()
    made = {}
    for spec in COMMUNITIES:
        parent = made.get(spec.get("parent"))
        community, created = Community.objects.get_or_create(
            slug=spec["key"] if spec["key"] != "adoption" else "adoption-policy",
            defaults={
                "name": spec["name"],
                "short_description": spec["short_description"],
                "domain": spec["domain"],
                "visibility": spec["visibility"],
                "stage": spec["stage"],
                "status": Community.Status.APPROVED,
                "features": spec.get("features", Community._meta.get_field("features").default()),
                "parent": parent,
                "depth": parent.depth + 1 if parent else 0,
                "welcome_message": spec.get("welcome", ""),
                "ground_rules": GROUND_RULES,
                "proposed_by": users[spec["facilitators"][0]],
                "reviewed_by": users["admin"],
                "reviewed_at": now,
                "last_activity_at": now - timedelta(days=spec["days_ago"]),
            },
        )
        made[spec["key"]] = community
        if created:
            StageChange.objects.create(
                community=community,
                to_stage=spec["stage"],
                changed_by=users[spec["facilitators"][0]],
                note="Demo data.",
            )
        for key in spec["facilitators"]:
            Membership.objects.get_or_create(
                user=users[key], community=community, defaults={"role": Membership.Role.FACILITATOR}
            )
        for key in spec["members"]:
            Membership.objects.get_or_create(user=users[key], community=community)

    # Riley asks to join the private Adoption Policy CoP: the facilitator's first task.
    MembershipRequest.objects.get_or_create(
        user=users["requester"],
        community=made["adoption"],
        state=MembershipRequest.State.PENDING,
        defaults={
            "reason": "I lead our adoption support team in Wiltshire and we are redesigning how "
            "we prepare reports for panel. I'd like to learn from other councils."
        },
    )
    # One proposal waiting for a site admin.
    Community.objects.get_or_create(
        slug="climate-adaptation",
        defaults={
            "name": "Climate Adaptation Officers",
            "short_description": "Council officers planning for flooding and heat.",
            "domain": "Local climate adaptation plans, flood resilience and heat-health actions.",
            "purpose": "Share adaptation plans and lessons from recent floods.",
            "intended_members": "Climate and emergency planning officers, about 40 councils.",
            "visibility": PUBLIC,
            "status": Community.Status.PENDING,
            "proposed_by": users["member"],
        },
    )
    _refresh_member_counts([c.pk for c in made.values()])
    ctx["communities"] = made
