"""Demo communities for `make run` (seed_demo), made the way they are made on the site: a member
proposes, a site admin approves, the facilitator writes the welcome and moves the stages, people
join (or ask to join a private community and are approved), facilitators set up task groups.

Each step runs at its story date (`core.storytime`): the Daventry group opened in 2023 and
closed down in 2025, so its approval, joins and stage changes are dated then. Idempotent: a
community that exists (by name) is left as it is."""

from datetime import datetime, timedelta

from django.utils import timezone

from core.storytime import at, backdate

from .models import Community, MembershipRequest
from .services import (
    community_approve,
    community_propose,
    community_update,
    membership_join,
    membership_request_create,
    membership_request_decide,
    stage_change,
    subcommunity_create,
)

S = Community.Stage
PUBLIC, PRIVATE = Community.Visibility.PUBLIC, Community.Visibility.PRIVATE

GROUND_RULES = (
    "Be kind and assume good intent.\n"
    "What is shared here stays here unless the author says otherwise.\n"
    "No naming of individual service users or children.\n"
    "Disagree with ideas, not people."
)


def _on(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10, 0))


# `opened`: days ago (or a date) the community was approved, or a sub-community created;
# `stages`: the stages it moved through since, each with its date; members join a few days
# after it opened, one after the other.
COMMUNITIES = [
    {
        "key": "adoption",
        "name": "Adoption Policy CoP",
        "short_description": "Practitioners improving adoption policy and practice in councils.",
        "domain": "How councils recruit adopters, match children and support adoptive families: "
        "sharing policies, panel practice and what has worked from Sunderland to Somerset.",
        "visibility": PRIVATE,
        "opened": 400,
        "stages": [(S.STARTUP, 380), (S.NURTURE, 200)],
        "facilitator": "facilitator",
        "members": ["member", "priya", "tom"],
        "welcome": "Welcome! Start by introducing yourself in the forum: your council, your role, "
        "and one adoption question you are wrestling with.",
    },
    {
        "key": "social",
        "name": "Social Media and Online Collaboration",
        "short_description": "Using social media and online tools to work in the open.",
        "domain": "How local government uses blogs, wikis, forums and social networks to engage "
        "citizens and collaborate across organisations.",
        "visibility": PUBLIC,
        "opened": 700,
        "stages": [(S.STARTUP, 680), (S.NURTURE, 600), (S.SUSTAIN, 300)],
        "facilitator": "grace",
        "members": ["member", "facilitator", "owen", "mei", "tom"],
        "welcome": "Welcome aboard. Have a look at the newest forum threads and say hello.",
    },
    {
        "key": "km",
        "name": "Knowledge Management",
        "short_description": "Capturing and sharing know-how in local government.",
        "domain": "Knowledge management strategies, tools and culture change in councils.",
        "visibility": PUBLIC,
        "opened": 60,
        "stages": [(S.STARTUP, 45)],
        "facilitator": "owen",
        "members": ["priya"],
    },
    {
        "key": "cornwall",
        "name": "Cornwall Language Group",
        "short_description": "Officers supporting services in Cornish and community languages.",
        "domain": "Translation, signage and service delivery in Cornish and community languages.",
        "visibility": PRIVATE,
        "opened": 500,
        "stages": [(S.STARTUP, 480), (S.NURTURE, 400), (S.SUSTAIN, 200)],
        "facilitator": "mei",
        "members": ["grace"],
    },
    {
        "key": "facilitators",
        "name": "CoP Facilitators CoP",
        "short_description": "The meta-community where facilitators share what works.",
        "domain": "Facilitating online communities of practice: seeding discussions, welcoming "
        "newcomers, running events, and the CoP lifecycle.",
        "visibility": PUBLIC,
        "opened": 900,
        "stages": [(S.STARTUP, 880), (S.NURTURE, 700), (S.SUSTAIN, 400)],
        "facilitator": "facilitator",
        "members": ["grace", "owen", "mei", "member"],
    },
    {
        "key": "daventry",
        "name": "Daventry Benchmarking Group",
        "short_description": "Benchmarking district council services (closed in 2025).",
        "domain": "Comparing costs and outcomes of district services. The group delivered its "
        "final report and is kept as an archive.",
        "visibility": PUBLIC,
        "opened": _on(2023, 3, 6),
        "stages": [
            (S.STARTUP, _on(2023, 4, 3)),
            (S.NURTURE, _on(2023, 9, 4)),
            (S.SUSTAIN, _on(2024, 5, 6)),
            (S.CLOSEDOWN, _on(2025, 6, 30)),
        ],
        "facilitator": "tom",
        "members": ["member"],
    },
    {
        "key": "panel",
        "parent": "adoption",
        "name": "Adoption Panel Task Group",
        "short_description": "A task group rewriting the model adoption panel guidance.",
        "domain": "Drafting revised adoption panel guidance for the main community to review.",
        "visibility": PRIVATE,
        "opened": 150,
        "stages": [],
        "features": ["forum", "wiki"],
        "facilitator": "facilitator",
        "members": ["priya"],
    },
    {
        "key": "panel-drafting",
        "parent": "panel",
        "name": "Panel Guidance Drafting Team",
        "short_description": "Three people drafting chapter 2 of the panel guidance.",
        "domain": "Chapter 2: preparing reports for the adoption panel.",
        "visibility": PRIVATE,
        "opened": 90,
        "stages": [],
        "features": ["wiki"],
        "facilitator": "facilitator",
        "members": [],
    },
]

JOIN_REASON = "I work on this in my council and would like to learn from colleagues elsewhere."
PENDING_REQUEST = (
    "I lead our adoption support team in Wiltshire and we are redesigning how we prepare reports "
    "for panel. I'd like to learn from other councils."
)
PROPOSAL = {
    "name": "Climate Adaptation Officers",
    "short_description": "Council officers planning for flooding and heat.",
    "domain": "Local climate adaptation plans, flood resilience and heat-health actions.",
    "purpose": "Share adaptation plans and lessons from recent floods.",
    "intended_members": "Climate and emergency planning officers, about 40 councils.",
    "visibility": PUBLIC,
}


def _when(value, now):
    return value if isinstance(value, datetime) else now - timedelta(days=value)


def join(user, community, when, *, approver):
    """`user` joins at `when`: one click for a public community; a request that `approver`
    approves (a day later) for a private one. Returns the membership."""
    if community.is_public:
        with at(when):
            membership = membership_join(user=user, community=community)
        return backdate(membership, when)
    with at(when):
        request = membership_request_create(user=user, community=community, reason=JOIN_REASON)
    backdate(request, when)
    decided = when + timedelta(days=1)
    with at(decided):
        request = membership_request_decide(membership_request=request, by=approver, approve=True)
    backdate(request, decided, "decided_at", created=False)
    return backdate(community.memberships.get(user=user), decided)


def _open(spec, users, made, when):
    """Propose and approve a community, or (under a parent) create a task group, at `when`."""
    facilitator, admin = users[spec["facilitator"]], users["admin"]
    parent = made.get(spec.get("parent"))
    if parent is not None:
        with at(when):
            community = subcommunity_create(
                parent=parent,
                by=facilitator,
                name=spec["name"],
                short_description=spec["short_description"],
                domain=spec["domain"],
                visibility=spec["visibility"],
                features=spec["features"],
            )
    else:
        proposed = when - timedelta(days=7)
        with at(proposed):
            community = community_propose(
                proposer=facilitator,
                purpose="",
                intended_members="",
                **{k: spec[k] for k in ("name", "short_description", "domain", "visibility")},
            )
        backdate(community, proposed)
        with at(when):
            community = community_approve(community=community, admin=admin)
        community_update(
            community=community,
            by=facilitator,
            welcome_message=spec.get("welcome", ""),
            ground_rules=GROUND_RULES,
        )
    backdate(community, when, "reviewed_at", "last_activity_at", created=parent is not None)
    for change in community.stage_changes.all():
        backdate(change, when)
    backdate(community.memberships.get(user=facilitator), when)
    return community


def seed(ctx):
    users = ctx["users"]
    now = timezone.now()
    made = {}
    for spec in COMMUNITIES:
        community = Community.objects.filter(name=spec["name"]).first()
        if community is None:
            opened = _when(spec["opened"], now)
            community = _open(spec, users, made, opened)
            facilitator = users[spec["facilitator"]]
            for days, key in enumerate(spec["members"], start=2):
                join(users[key], community, opened + timedelta(days=days), approver=facilitator)
            for stage, when in spec["stages"]:
                when = _when(when, now)
                with at(when):
                    change = stage_change(community=community, by=facilitator, to_stage=stage)
                backdate(change, when)
            community.refresh_from_db()
        made[spec["key"]] = community

    # Riley asks to join the private Adoption Policy CoP: the facilitator's first task.
    adoption, requester = made["adoption"], users["requester"]
    if not MembershipRequest.objects.filter(user=requester, community=adoption).exists():
        when = now - timedelta(days=2)
        with at(when):
            request = membership_request_create(
                user=requester, community=adoption, reason=PENDING_REQUEST
            )
        backdate(request, when)
    # One proposal waiting for a site admin.
    if not Community.objects.filter(name=PROPOSAL["name"]).exists():
        when = now - timedelta(days=3)
        with at(when):
            proposal = community_propose(proposer=users["member"], **PROPOSAL)
        backdate(proposal, when)
    ctx["communities"] = made
