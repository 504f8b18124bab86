"""Demo profiles, contacts and a conversation for `make run` (seed_demo), through the services
members use (quietly: the new-message email and bell stay silent), the messages dated by the
story. Idempotent: a filled-in profile, an existing contact or conversation is left alone."""

from datetime import timedelta

from django.utils import timezone

from core.storytime import at, backdate

from .models import Participant, Region, ServiceArea, Visibility
from .services import (
    contact_add,
    conversation_start,
    message_send,
    profile_for,
    profile_update,
)

PROFILES = {
    "admin": {
        "job_title": "Platform manager",
        "organisation": "Local Government Improvement Agency",
        "location": "London",
        "region": Region.LONDON,
        "service_areas": ["Digital and IT"],
        "expertise": ["online communities", "knowledge management"],
        "interests": ["digital inclusion"],
        "bio": "I look after the platform and approve new communities. Ask me anything about "
        "how the site works.",
        "website": "https://www.example.org/cop-team",
    },
    "facilitator": {
        "job_title": "Adoption Service Manager",
        "organisation": "Sunderland City Council",
        "location": "Sunderland",
        "region": Region.NORTH_EAST,
        "service_areas": ["Children's services", "Social care"],
        "expertise": ["adoption policy", "adoption panels", "facilitation"],
        "interests": ["kinship care", "knowledge management"],
        "bio": "Fifteen years in children's services. I facilitate the Adoption Policy CoP and "
        "love hearing how other councils run their panels.",
        "phone": "0191 520 5555",
        "phone_visibility": Visibility.CONTACTS,
    },
    "member": {
        "job_title": "Senior Social Worker, Adoption Team",
        "organisation": "Somerset Council",
        "location": "Taunton",
        "region": Region.SOUTH_WEST,
        "service_areas": ["Children's services"],
        "expertise": ["adoption support", "life story work"],
        "interests": ["adoption policy", "social media", "knowledge management"],
        "bio": "Adoption social worker interested in how we keep learning from each other "
        "between regional meetings.",
        "phone": "01823 355 000",
        "phone_visibility": Visibility.CONTACTS,
        "social_links": "https://www.linkedin.com/in/example-alex-member",
    },
    "requester": {
        "job_title": "Policy Officer",
        "organisation": "Leeds City Council",
        "location": "Leeds",
        "region": Region.YORKSHIRE,
        "service_areas": ["Children's services", "Education"],
        "expertise": ["policy writing"],
        "interests": ["adoption policy", "fostering"],
    },
    "newcomer": {
        "job_title": "Graduate Trainee",
        "organisation": "Cardiff Council",
        "location": "Cardiff",
        "region": Region.WALES,
        "service_areas": ["Finance"],
        "expertise": [],
        "interests": ["procurement", "knowledge management"],
    },
    "priya": {
        "job_title": "Head of Knowledge Management",
        "organisation": "Birmingham City Council",
        "location": "Birmingham",
        "region": Region.WEST_MIDLANDS,
        "service_areas": ["Digital and IT", "Children's services"],
        "expertise": ["knowledge management", "adoption policy", "communities of practice"],
        "interests": ["social media", "records management"],
        "bio": "I help teams find and reuse what the council already knows.",
        "website": "https://www.example.org/priya",
        "phone": "0121 303 0000",
        "phone_visibility": Visibility.ONLY_ME,
    },
    "tom": {
        "job_title": "Procurement Lead",
        "organisation": "Cardiff and Vale University Health Board",
        "location": "Cardiff",
        "region": Region.WALES,
        "service_areas": ["Procurement", "Health"],
        "expertise": ["procurement", "contract management", "social value"],
        "interests": ["adoption policy", "social media"],
        "bio": "NHS procurement, previously in a county council. Happy to talk frameworks.",
    },
    "grace": {
        "job_title": "Digital Engagement Manager",
        "organisation": "Manchester City Council",
        "location": "Manchester",
        "region": Region.NORTH_WEST,
        "service_areas": ["Digital and IT"],
        "expertise": ["social media", "online communities", "digital engagement"],
        "interests": ["knowledge management"],
        "social_links": "https://mastodon.example/@grace",
    },
    "owen": {
        "job_title": "Knowledge and Information Manager",
        "organisation": "Leeds Teaching Hospitals NHS Trust",
        "location": "Leeds",
        "region": Region.YORKSHIRE,
        "service_areas": ["Health", "Public health"],
        "expertise": ["knowledge management", "evidence search", "records management"],
        "interests": ["communities of practice", "social media"],
        "bio": "Librarian turned knowledge manager. I facilitate the Knowledge Management CoP.",
    },
    "mei": {
        "job_title": "Planning Officer",
        "organisation": "Bristol City Council",
        "location": "Bristol",
        "region": Region.SOUTH_WEST,
        "service_areas": ["Planning", "Housing"],
        "expertise": ["local plans", "planning enforcement"],
        "interests": ["social media", "digital engagement"],
        "hidden_from_finder": True,
    },
}

CONTACTS = [
    ("member", "facilitator"),
    ("facilitator", "member"),
    ("member", "priya"),
    ("priya", "owen"),
    ("owen", "priya"),
    ("tom", "member"),
]

CONVERSATION = {
    "subject": "Your panel paperwork",
    "between": ("member", "facilitator"),
    "messages": [
        ("member", "Hi Fran, could you share the template you use for adoption panel reports? "
         "We are redesigning ours in Somerset.", 26),
        ("facilitator", "Of course. I'll post it in the CoP library this week, and I'm happy "
         "to talk it through on a call.", 20),
        ("member", "Brilliant, thank you. Thursday afternoon?", 2),
    ],
}  # fmt: skip


def seed(ctx):
    users = ctx["users"]
    areas = {area.name: area for area in ServiceArea.objects.all()}
    for key, spec in PROFILES.items():
        profile = profile_for(users[key]) if key in users else None
        if profile is None or profile.job_title:
            continue
        spec = dict(spec)
        profile_update(
            profile=profile,
            name=users[key].name,
            service_areas=[areas[name] for name in spec.pop("service_areas") if name in areas],
            expertise=spec.pop("expertise"),
            interests=spec.pop("interests"),
            **spec,
        )

    for owner, contact in CONTACTS:
        if owner in users and contact in users:
            contact_add(owner=users[owner], contact=users[contact])

    a, b = (users.get(key) for key in CONVERSATION["between"])
    if a is None or b is None:
        return
    if Participant.objects.filter(
        user=a, other=b, conversation__subject=CONVERSATION["subject"]
    ).exists():
        return
    now = timezone.now()
    conversation, read = None, {}
    for sender_key, body, hours_ago in CONVERSATION["messages"]:
        when, sender = now - timedelta(hours=hours_ago), users[sender_key]
        with at(when):
            if conversation is None:
                conversation = conversation_start(
                    sender=sender, recipient=b, subject=CONVERSATION["subject"], body=body
                )
                message = conversation.messages.get()
            else:
                message = message_send(sender=sender, conversation=conversation, body=body)
        backdate(message, when)
        read[sender.pk] = when  # a sender has read everything up to their own message
    # Alex has read everything; Fran has one unread reply, so the nav shows a count.
    backdate(conversation, now - timedelta(hours=CONVERSATION["messages"][0][2]))
    backdate(conversation, when, "last_message_at", created=False)
    for participant in conversation.participants.all():
        backdate(participant, when, "last_message_at", created=False)
        backdate(participant, read[participant.user_id], "last_read_at", created=False)
