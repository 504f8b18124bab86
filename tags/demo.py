"""Helpers for the demo data of the apps whose items are tagged (wikis, documents), and tags on
the demo forum topics (seed_demo runs this before those apps; they call `tag_item`)."""

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag

from .models import TaggedItem

# Forum topic title (from forums/demo.py) -> tags members gave it.
TOPIC_TAGS = {
    "Online tools we use and love": ["collaboration", "socialmedia"],
    "Social Media Risks": ["socialmedia", "risk", "guide"],
    "Where do we go now?": ["CoP"],
    "How do panels handle late reports?": ["adoption", "panel"],
}


def tag_item(item, name, user, community):
    """Tag `item` with `name` once (idempotent)."""
    tag = Tag.objects.filter(name__iexact=name).order_by("pk").first() or Tag.objects.create(
        name=name
    )
    TaggedItem.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        tag=tag,
        defaults={"tagged_by": user, "community": community},
    )


def seed(ctx):
    for topic in ctx.get("forum_topics", []):
        for name in TOPIC_TAGS.get(topic.title, []):
            tag_item(topic, name, topic.author, topic.community)
