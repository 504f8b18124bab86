"""Demo events for `make run`: upcoming and past events with attendees. Idempotent (get-or-create
by community and title); rows are written directly so re-seeding records no activity twice."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import Attendance, Event

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
        "going": ["member", "priya", "facilitator"],
    },
]


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for spec in EVENTS:
        community = communities.get(spec["community"])
        if community is None:
            continue
        day = today + timedelta(days=spec["days"])
        start_hour, end_hour = spec["hours"]
        starts = day.replace(hour=start_hour)
        ends = (day + timedelta(days=spec.get("length_days", 0))).replace(hour=end_hour)
        event, _ = Event.objects.get_or_create(
            community=community,
            title=spec["title"],
            defaults={
                "description": spec["description"],
                "location": spec.get("location", ""),
                "online_url": spec.get("online_url", ""),
                "starts_at": starts,
                "ends_at": ends,
                "capacity": spec.get("capacity"),
                "contact": users[spec["by"]],
                "created_by": users[spec["by"]],
            },
        )
        capacity = event.capacity
        for number, key in enumerate(spec["going"]):
            full = capacity is not None and number >= capacity
            Attendance.objects.get_or_create(
                event=event,
                user=users[key],
                defaults={"state": Attendance.State.WAITLISTED if full else Attendance.State.GOING},
            )
        counts = event.attendances.aggregate(
            going=Count("pk", filter=Q(state=Attendance.State.GOING)),
            waiting=Count("pk", filter=Q(state=Attendance.State.WAITLISTED)),
        )
        Event.objects.filter(pk=event.pk).update(
            attendee_count=counts["going"], waitlist_count=counts["waiting"]
        )
