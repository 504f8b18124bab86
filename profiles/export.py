""" "Download my data": a zip of JSON files with everything the site holds about a member.

The zip holds profile.json, contacts.json, blocked.json, messages.json and posts.json.
`posts.json` is {"forum_topics": [...], "comments": [...], ...}: each feature declares what it
adds in its own declaration (`core.features.Feature.exports`, usually built with `authored`),
and comments, which belong to no one feature, are added here. Each function receives the User
and returns something json.dumps can write (lists of dicts of strings, numbers and ISO dates).
"""

import io
import json
import zipfile

from django.utils import timezone

from comments.models import Comment
from core import features as feature_registry
from core.text import strip_control_chars_deep

from .models import Block, Contact, Message, Participant
from .rules import visible_fields
from .services import profile_for


def authored(model, *, author_field, fields):
    """The common export: every `model` row whose `author_field` is the member, oldest first,
    as dicts of `fields` (rich text stays as the sanitised HTML that was shown)."""

    def rows(user):
        queryset = model._default_manager.filter(**{author_field: user}).order_by("pk")
        return [
            {field: _plain(value) for field, value in zip(fields, values, strict=True)}
            for values in queryset.values_list(*fields)
        ]

    return rows


def post_sources():
    """{name: fn(user)} for posts.json: every feature's exports, then comments."""
    sources = {}
    for feature in feature_registry.features():
        sources.update(feature.exports)
    sources["comments"] = authored(
        Comment,
        author_field="author",
        fields=[
            "id",
            "target_type__model",
            "target_id",
            "body",
            "created",
            "edited_at",
            "removed_at",
        ],
    )
    return sources


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _iso(value):
    return value.isoformat() if value else None


def profile_data(user):
    profile = profile_for(user)
    data = {
        "name": user.display_name,
        "username": user.username,
        "email": user.email,
        "joined": _iso(user.date_joined),
        "job_title": profile.job_title,
        "organisation": profile.organisation,
        "location": profile.location,
        "region": str(profile.get_region_display()) if profile.region else "",
        "service_areas": [area.name for area in profile.service_areas.all()],
        "expertise": [item.tag.name for item in profile.expertise_items.select_related("tag")],
        "interests": [item.tag.name for item in profile.interest_items.select_related("tag")],
        "about_me": profile.bio,
        "has_photo": bool(profile.photo),
        "hidden_from_people_finder": profile.hidden_from_finder,
        "email_me_when_i_get_a_message": str(profile.get_message_email_display()),
        # The member's own view of their contact details: what they entered, with who may see it.
        "contact_details": {
            detail.name: {"value": detail.value, "who_can_see": str(detail.visibility_label)}
            for detail in visible_fields(user, profile)
        },
    }
    return data


def contacts_data(user):
    entries = Contact.objects.filter(owner=user).select_related("contact").order_by("created")
    return [
        {
            "name": entry.contact.display_name,
            "username": entry.contact.username,
            "added": _iso(entry.created),
        }
        for entry in entries
    ]


def blocked_data(user):
    return [
        {"name": entry.blocked.display_name, "blocked": _iso(entry.created)}
        for entry in Block.objects.filter(blocker=user)
        .select_related("blocked")
        .order_by("created")
    ]


def messages_data(user):
    """Every conversation the member is in, with every message in it (theirs and the other
    person's: both are part of the member's own record of the conversation)."""
    participants = list(
        Participant.objects.filter(user=user).select_related("conversation", "other")
        .order_by("conversation__created")
    )  # fmt: skip
    by_conversation = {p.conversation_id: p for p in participants}
    messages = {cid: [] for cid in by_conversation}
    for message in (
        Message.objects.filter(conversation_id__in=by_conversation)
        .select_related("sender")
        .order_by("created", "pk")
    ):
        messages[message.conversation_id].append(
            {
                "from": "me" if message.sender_id == user.pk else message.sender.display_name,
                "sent": _iso(message.created),
                "body": message.body,
            }
        )
    return [
        {
            "subject": p.conversation.subject,
            "with": p.other.display_name,
            "started": _iso(p.conversation.created),
            "archived": p.archived,
            "messages": messages[p.conversation_id],
        }
        for p in participants
    ]


def posts_data(user):
    return {name: fn(user) for name, fn in sorted(post_sources().items())}


def build_zip(user):
    """The zip's bytes. Built in memory: a member's own data is small."""
    files = {
        "profile.json": profile_data(user),
        "contacts.json": contacts_data(user),
        "blocked.json": blocked_data(user),
        "messages.json": messages_data(user),
        "posts.json": posts_data(user),
    }
    buffer = io.BytesIO()
    stamp = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = strip_control_chars_deep(content)
            archive.writestr(info, json.dumps(data, indent=2, ensure_ascii=False))
    return buffer.getvalue()
