"""Immediate alerts: one email per person per activity row, for those whose deciding subscription
says "immediately". Same exactly-once pattern as the digests (SentAlert claimed in the sending
transaction), the same "most specific subscription decides" rule, and the same visibility check
at send time."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse

from activity import verbs
from activity.models import Activity, Verb
from activity.services import drop_missing
from core.email import render_email

from .digests import absolute, list_headers
from .matching import decide, keys_for, subscription_q
from .models import AlertPreferences, Frequency, SentAlert, Subscription
from .services import unsubscribe_token
from .targets import describe, visible_targets


def _deciding_subscriptions(activity):
    """{user_id: deciding Subscription} for everyone whose deciding subscription is immediate."""
    matching = list(
        Subscription.objects.filter(subscription_q(keys_for(activity))).select_related("user")
    )
    by_user = defaultdict(dict)
    rows = {}
    for subscription in matching:
        by_user[subscription.user_id][subscription.key] = subscription.frequency
        rows[(subscription.user_id, subscription.key)] = subscription
    deciding = {}
    for user_id, subscriptions in by_user.items():
        frequency, key = decide(subscriptions, activity)
        if frequency == Frequency.IMMEDIATE:
            deciding[user_id] = rows[(user_id, key)]
    return deciding


def _reason(subscription, user):
    model = subscription.target_type.model_class()
    target = visible_targets(user, model, [subscription.target_id]).get(subscription.target_id)
    return describe(target, subscription.feature)


def build_message(*, activity, subscription, connection=None):
    user = subscription.user
    token = unsubscribe_token(user=user, subscription=subscription)
    unsubscribe_url = absolute(reverse("alerts:unsubscribe", kwargs={"token": token}))
    context = {
        "name": user.display_name,
        "activity": activity,
        "actor": activity.actor_name,
        "phrase": activity.phrase,
        "title": activity.title,
        "excerpt": activity.excerpt,
        "url": absolute(activity.url),
        "community": activity.community.name if activity.community_id else "",
        "stage_change": activity.verb == Verb.STAGE_CHANGED,
        "reason": _reason(subscription, user),
        "my_alerts_url": absolute(reverse("alerts:mine")),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
    }
    subject, text, html = render_email("alerts/email/immediate", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=list_headers(unsubscribe_url, "immediate"),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def send_for(activity_id):
    """Send the immediate alerts for one activity row. Returns how many were sent; safe to run
    again (a retry sends only to those not yet alerted)."""
    activity = Activity.objects.select_related("actor", "community").filter(pk=activity_id).first()
    if activity is None or activity.is_hidden or activity.verb not in verbs.alerting():
        return 0
    community = activity.community
    if community is not None and community.is_archived and activity.verb != Verb.STAGE_CHANGED:
        return 0
    if not drop_missing([activity]):
        return 0
    deciding = _deciding_subscriptions(activity)
    deciding.pop(activity.actor_id, None)  # never your own post back to you
    paused = set(
        AlertPreferences.objects.filter(user_id__in=list(deciding), paused=True).values_list(
            "user_id", flat=True
        )
    )
    already = set(
        SentAlert.objects.filter(key=activity.action_key, user_id__in=list(deciding)).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    connection = get_connection()
    connection.open()
    try:
        for user_id, subscription in sorted(deciding.items()):
            user = subscription.user
            if user_id in paused or user_id in already or not user.is_active:
                continue
            # The one visibility rule, for this person, at send time.
            if activity.pk not in Activity.objects.visible_among(user, [activity]):
                continue
            message = build_message(
                activity=activity, subscription=subscription, connection=connection
            )
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        SentAlert.objects.create(
                            user=user, activity=activity, key=activity.action_key
                        )
                except IntegrityError:
                    continue
                message.send()
            sent += 1
    finally:
        connection.close()
    return sent
