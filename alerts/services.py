"""Every write to subscriptions and alert preferences, and the unsubscribe tokens.

Other apps call:

* `subscribe_on_join(user=, community=)` from communities' membership services — a new member
  hears from the community at their default frequency (a daily digest unless they changed it),
  and chooses otherwise on the welcome panel;
* `subscribe(user=, target=, feature=, frequency=)` e.g. to follow a topic one starts.
"""

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import AlertPreferences, Frequency, Subscription

UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def preferences_for(user):
    """The saved preferences, or unsaved defaults (daily digest, not paused)."""
    try:
        return user.alert_preferences
    except AlertPreferences.DoesNotExist:
        return AlertPreferences(user=user)


@transaction.atomic
def preferences_update(*, user, default_frequency, paused):
    # Read afresh: a bound ModelForm may already have changed the cached instance.
    prefs = AlertPreferences.objects.filter(user=user).first() or AlertPreferences(user=user)
    if paused and not prefs.paused:
        prefs.paused_at = timezone.now()
    elif not paused:
        prefs.paused_at = None
    prefs.default_frequency = Frequency(default_frequency)
    prefs.paused = bool(paused)
    prefs.save()
    return prefs


def _target_key(target):
    return ContentType.objects.get_for_model(target), target.pk


@transaction.atomic
def subscribe(*, user, target, feature="", frequency=None):
    """Follow `target` (or one feature of a community) at `frequency` (default: the person's
    default frequency). Following again changes the frequency; there is one row per target."""
    frequency = Frequency(frequency or preferences_for(user).default_frequency)
    target_type, target_id = _target_key(target)
    subscription, _ = Subscription.objects.update_or_create(
        user=user,
        target_type=target_type,
        target_id=target_id,
        feature=feature,
        defaults={"frequency": frequency},
    )
    return subscription


def subscribe_on_join(*, user, community):
    """Called when someone becomes a member (joins, is approved, accepts an invitation).

    Keeps an existing subscription (someone who followed a public community before joining, or
    turned it off, keeps their choice)."""
    target_type, target_id = _target_key(community)
    subscription, _ = Subscription.objects.get_or_create(
        user=user,
        target_type=target_type,
        target_id=target_id,
        feature="",
        defaults={"frequency": preferences_for(user).default_frequency},
    )
    return subscription


@transaction.atomic
def subscriptions_update(*, user, frequencies, remove=()):
    """Save the "My alerts" list: {subscription id: frequency}, and remove some. Only the
    person's own rows are touched; unknown ids are ignored."""
    own = Subscription.objects.filter(user=user)
    removed = own.filter(pk__in=list(remove)).delete()[0] if remove else 0
    changed = 0
    for subscription in own.filter(pk__in=list(frequencies)):
        frequency = Frequency(frequencies[subscription.pk])
        if subscription.frequency != frequency:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency", "updated"])
            changed += 1
    return changed, removed


# --- one-click unsubscribe (RFC 8058) ------------------------------------------------------------
def unsubscribe_token(*, user, subscription=None, kind=None):
    """A signed, non-expiring token for one subscription (immediate alerts) or one digest kind
    (every subscription at that frequency). Works without signing in, as mail clients need."""
    if subscription is not None:
        payload = {"u": user.pk, "s": subscription.pk}
    else:
        payload = {"u": user.pk, "k": Frequency(kind).value}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """The payload, or None when the token was not made by us."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or "u" not in payload:
        return None
    return payload


def unsubscribe_scope(payload):
    """The subscriptions a token would switch off (a queryset; may be empty)."""
    subscriptions = Subscription.objects.filter(user_id=payload["u"]).exclude(
        frequency=Frequency.OFF
    )
    if "s" in payload:
        return subscriptions.filter(pk=payload["s"])
    if payload.get("k") in {Frequency.DAILY, Frequency.WEEKLY, Frequency.IMMEDIATE}:
        return subscriptions.filter(frequency=payload["k"])
    return subscriptions.none()


@transaction.atomic
def unsubscribe_with_token(payload):
    """Switch the token's subscriptions off (kept, so "My alerts" can switch them back on).
    Idempotent: a second click changes nothing. Returns how many were switched off."""
    return unsubscribe_scope(payload).update(frequency=Frequency.OFF, updated=timezone.now())


def unsubscribe_on_leave(*, user, community_ids):
    """Called when someone leaves or is removed: they stop following those communities (whole
    and per feature). Subscriptions to single topics or documents are left alone; nothing is
    sent about them while the person cannot see them, and they come back if the person rejoins."""
    from .matching import community_type_id

    return Subscription.objects.filter(
        user=user, target_type_id=community_type_id(), target_id__in=list(community_ids)
    ).delete()[0]
