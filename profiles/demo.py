"""Demo profiles, contacts and a conversation for `make run` (seed_demo). Idempotent.

Writes rows directly (not through services.py) so that re-seeding sends no email and does not
count against the message rate limit.
"""

from datetime import timedelta

from django.utils import timezone

from .models import (
    Contact,
    Conversation,
    ExpertiseTag,
    InterestTag,
    Message,
    Participant,
    Region,
    ServiceArea,
    Visibility,
)
from .services import _set_tags, profile_for

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
        if key not in users:
            continue
        spec = dict(spec)
        profile = profile_for(users[key])
        service_areas = [areas[name] for name in spec.pop("service_areas") if name in areas]
        expertise, interests = spec.pop("expertise"), spec.pop("interests")
        for field, value in spec.items():
            setattr(profile, field, value)
        profile.save()
        profile.service_areas.set(service_areas)
        _set_tags(profile, ExpertiseTag, expertise)
        _set_tags(profile, InterestTag, interests)

    for owner, contact in CONTACTS:
        if owner in users and contact in users:
            Contact.objects.get_or_create(owner=users[owner], contact=users[contact])

    a, b = (users.get(key) for key in CONVERSATION["between"])
    if a is None or b is None:
        return
    if Participant.objects.filter(
        user=a, other=b, conversation__subject=CONVERSATION["subject"]
    ).exists():
        return
    now = timezone.now()
    last = now - timedelta(hours=CONVERSATION["messages"][-1][2])
    conversation = Conversation.objects.create(
        subject=CONVERSATION["subject"], started_by=a, last_message_at=last
    )
    for sender_key, body, hours_ago in CONVERSATION["messages"]:
        message = Message.objects.create(
            conversation=conversation, sender=users[sender_key], body=body
        )
        Message.objects.filter(pk=message.pk).update(created=now - timedelta(hours=hours_ago))
    conversation.message_count = len(CONVERSATION["messages"])
    conversation.save(update_fields=["message_count"])
    # Alex has read everything; Fran has one unread reply, so the nav shows a count.
    Participant.objects.create(
        conversation=conversation, user=a, other=b, last_message_at=last, last_read_at=last
    )
    Participant.objects.create(
        conversation=conversation, user=b, other=a, last_message_at=last, unread_count=1
    )
