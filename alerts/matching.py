"""Which subscription decides how a person hears about one activity row.

An activity row can match up to four subscription keys, most specific first:

1. its subject ("this topic", "this document", "this wiki page", "this blog entry");
2. the author's blog, for a blog entry ("Priya's blog");
3. the community's feature ("the forum of Adoption Policy CoP");
4. the whole community.

The first key the person has a subscription for wins, whatever its frequency: following a forum
daily but a single topic immediately sends that topic's replies immediately (and only then, never
also in the digest); a topic set to "off" is muted even though its forum is followed.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from activity.models import Verb
from communities.models import Community

BLOG_FEATURE = "blogs"


def community_type_id():
    return ContentType.objects.get_for_model(Community).pk


def user_type_id():
    return ContentType.objects.get_for_model(get_user_model()).pk


def keys_for(activity):
    """The subscription keys (target_type_id, target_id, feature) of an activity row, most
    specific first, without duplicates (remembered on the row: digests ask for every reader)."""
    cached = getattr(activity, "_subscription_keys", None)
    if cached is not None:
        return cached
    keys = []
    if activity.subject_type_id is not None:
        keys.append((activity.subject_type_id, activity.subject_id, ""))
    if activity.verb == Verb.BLOG_PUBLISHED and activity.actor_id is not None:
        keys.append((user_type_id(), activity.actor_id, BLOG_FEATURE))
    if activity.community_id is not None:
        if activity.feature:
            keys.append((community_type_id(), activity.community_id, activity.feature))
        keys.append((community_type_id(), activity.community_id, ""))
    unique = tuple(dict.fromkeys(keys))
    activity._subscription_keys = unique
    return unique


def decide(subscriptions, activity):
    """(frequency, key) of the subscription that decides, or (None, None) when none matches.

    `subscriptions` maps one person's keys to their frequency.
    """
    for key in keys_for(activity):
        if key in subscriptions:
            return subscriptions[key], key
    return None, None


def subscription_q(keys):
    """Subscriptions on any of `keys` (for the immediate fan-out of one activity row)."""
    q = Q(pk__in=[])
    for type_id, target_id, feature in keys:
        q |= Q(target_type_id=type_id, target_id=target_id, feature=feature)
    return q


def activity_q(keys):
    """Activity rows that any of `keys` can match (for a digest batch's candidate query)."""
    community_ids, bloggers, subjects = set(), set(), {}
    for type_id, target_id, feature in keys:
        if type_id == community_type_id():
            community_ids.add(target_id)
        elif type_id == user_type_id() and feature == BLOG_FEATURE:
            bloggers.add(target_id)
        if not feature:
            subjects.setdefault(type_id, set()).add(target_id)
    q = Q(pk__in=[])
    if community_ids:
        q |= Q(community_id__in=community_ids)
    if bloggers:
        q |= Q(verb=Verb.BLOG_PUBLISHED, actor_id__in=bloggers)
    for type_id, ids in subjects.items():
        if type_id != community_type_id():
            q |= Q(subject_type_id=type_id, subject_id__in=ids)
    return q
