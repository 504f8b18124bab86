"""Demo events for `make run`: upcoming and past events with attendees (a full one with a waiting
list), made through the events services (quietly, see core.quiet) at the dates of the story
(core.storytime): each event is posted `posted` days ago and people sign up a day apart after
that. Idempotent: an event that exists (by community and title) is left alone."""

from datetime import timedelta

from django.utils import timezone

from core.storytime import at, backdate

from .models import Event
from .services import attend, event_create

# `days`: when it takes place (negative: in the past), `posted`: days ago it was announced.
EVENTS = [
    {
        "community": "facilitators",
        "title": "3rd annual European Knowledge Management Thought Leaders Forum",
        "description": "<p>This may be of interest to a few people. Key topics of the day:</p>"
        "<ul><li>Discover the KM tools deployed to build a supportive culture</li>"
        "<li>How to keep the KM momentum</li>"
        "<li>Engaging stakeholders in a new knowledge strategy</li></ul>",
        "location": "London",
        "days": 21,
        "hours": (9, 17),
        "length_days": 1,
        "capacity": 4,
        "by": "facilitator",
        "posted": 30,
        "going": ["grace", "owen", "mei", "facilitator", "member"],
    },
    {
        "community": "facilitators",
        "title": "Online facilitation clinic",
        "description": "<p>Bring one question about running your community. 45 minutes.</p>",
        "online_url": "https://meet.example.org/facilitation-clinic",
        "days": 6,
        "hours": (12, 13),
        "by": "grace",
        "posted": 4,
        "going": ["owen"],
    },
    {
        "community": "facilitators",
        "title": "Facilitators' spring meet-up",
        "description": "<p>Notes and slides are in the document library.</p>",
        "location": "Birmingham",
        "days": -60,
        "hours": (10, 16),
        "by": "facilitator",
        "posted": 95,
        "going": ["grace", "mei", "owen"],
    },
    {
        "community": "adoption",
        "title": "Adoption panel practice workshop",
        "description": "<p>Preparing reports for panel: what works, from three councils.</p>",
        "location": "Taunton",
        "days": 12,
        "hours": (10, 15),
        "by": "member",
        "posted": 9,
        "going": ["member", "priya", "facilitator"],
    },
]


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for spec in EVENTS:
        community = communities.get(spec["community"])
        if (
            community is None
            or Event.objects.filter(community=community, title=spec["title"]).exists()
        ):
            continue
        day = today + timedelta(days=spec["days"])
        start_hour, end_hour = spec["hours"]
        starts = day.replace(hour=start_hour)
        ends = (day + timedelta(days=spec.get("length_days", 0))).replace(hour=end_hour)
        # Signing up is open only until an event ends, so a past event is made as it was when
        # people signed up (ahead of them) and then moved to its dates.
        shift = max(timedelta(0), now - starts + timedelta(days=1))
        posted = now - timedelta(days=spec["posted"])
        with at(posted):
            event = event_create(
                community=community,
                user=users[spec["by"]],
                title=spec["title"],
                description=spec["description"],
                location=spec.get("location", ""),
                online_url=spec.get("online_url", ""),
                starts_at=starts + shift,
                ends_at=ends + shift,
                capacity=spec.get("capacity"),
                contact=users[spec["by"]],
            )
        backdate(event, posted)
        for n, key in enumerate(spec["going"], start=1):
            when = min(posted + timedelta(days=n), now)
            with at(when):
                attendance = attend(event=event, user=users[key])
            backdate(attendance, when)
        if shift:
            Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=ends)
