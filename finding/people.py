"""The people finder's evidence from the forums: answers a person gave that were chosen as the
answer, on the subject searched for, in communities the searcher can see (registered with
profiles.finder.register_explainer; profiles sits below the forums and cannot ask them)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import ngettext

from communities.models import Community
from communities.querysets import visible_ids
from forums.models import Topic
from profiles.finder import register_explainer
from tags.models import TaggedItem


@register_explainer
def accepted_answers(profiles, criteria, viewer):
    """Add "3 accepted answers in Adoption Policy CoP" (the community where they gave most)
    to each person found by expertise or interest. One query for the page."""
    text = criteria.expertise or criteria.interest
    if not text or not profiles:
        return
    tagged = TaggedItem.objects.filter(  # visibility: joined to visible topics below
        content_type=ContentType.objects.get_for_model(Topic),
        tag_id__in=criteria.tags_matching(text),
    ).values("object_id")
    rows = (
        Topic.objects.filter(
            # The rule compiled once per viewer and state of sight (visible_ids).
            visible_ids(Community, viewer, "community_id", feature="forum"),
            # Implied by the author's filter, but said: PostgreSQL then reads the few topics
            # with an answer through their index instead of matching the text of every topic.
            accepted_answer__isnull=False,
            accepted_answer__author_id__in=[p.user_id for p in profiles],
            accepted_answer__removed_at=None,
            removed_at=None,
        )
        .filter(Q(title__icontains=text) | Q(pk__in=tagged))
        .values("accepted_answer__author_id", "community__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "community__name")
    )
    best = {}
    for row in rows:
        best.setdefault(row["accepted_answer__author_id"], row)
    for profile in profiles:
        row = best.get(profile.user_id)
        if row:
            n = row["n"]
            label = ngettext(
                "%(count)s accepted answer in %(community)s",
                "%(count)s accepted answers in %(community)s",
                n,
            ) % {"count": n, "community": row["community__name"]}
            profile.reasons.append((label, []))
