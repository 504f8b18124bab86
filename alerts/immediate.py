"""Immediate alerts: one email per person per activity row, for those whose deciding subscription
says "immediately". Same exactly-once pattern as the digests (each person's SentAlert claimed in
its own committed row before sending, confirmed after, Message-ID derived from it: see
alerts.delivery), the same "most specific subscription decides" rule, and the same visibility
check at send time."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from activity import verbs
from activity.models import Activity, Verb
from activity.services import drop_missing
from core.delivery import TRANSIENT_ERRORS, message_id
from core.email import render_email

from . import delivery
from .clicks import tracked_path
from .delivery import BUSY, CLAIMED, claim, flagged, send_claimed
from .digests import BatchOutcome, absolute, list_headers
from .matching import decide, keys_for, subscription_q
from .models import AlertPreferences, Delivery, Frequency, SentAlert, Subscription
from .replyto import reply_address
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
    reply_to = reply_address(user=user, activity=activity)
    context = {
        "name": user.display_name,
        "activity": activity,
        "actor": activity.actor_name,
        "phrase": activity.phrase,
        "title": activity.title,
        "excerpt": activity.excerpt,
        "url": absolute(tracked_path(activity.url, activity.community_id)),
        "community": activity.community.name if activity.community_id else "",
        "stage_change": activity.verb == Verb.STAGE_CHANGED,
        "reason": _reason(subscription, user),
        "my_alerts_url": absolute(reverse("alerts:mine")),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
        "reply_to": reply_to,
    }
    subject, text, html = render_email("alerts/email/immediate", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        reply_to=[reply_to] if reply_to else None,
        headers={
            **list_headers(unsubscribe_url, "immediate"),
            "Message-ID": alert_message_id(activity, user.pk),
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def alert_message_id(activity, user_id):
    """The same for every attempt at this person's alert about this action."""
    return message_id("alert", activity.action_key, user_id)


def send_for(activity_id):
    """Send the immediate alerts for one activity row and return how many were sent."""
    return deliver(activity_id).sent


def _due(activity_id, only=None):
    """(activity, [deciding subscription of each person still to be alerted]), or (None, [])."""
    activity = Activity.objects.select_related("actor", "community").filter(pk=activity_id).first()
    if activity is None or activity.is_hidden or activity.verb not in verbs.alerting():
        return None, []
    community = activity.community
    if community is not None and community.is_archived and activity.verb != Verb.STAGE_CHANGED:
        return None, []
    if not drop_missing([activity]):
        return None, []
    deciding = _deciding_subscriptions(activity)
    deciding.pop(activity.actor_id, None)  # never your own post back to you
    if only is not None:
        deciding = {user_id: sub for user_id, sub in deciding.items() if user_id in set(only)}
    paused = set(
        AlertPreferences.objects.filter(user_id__in=list(deciding), paused=True).values_list(
            "user_id", flat=True
        )
    )
    done = set(
        SentAlert.objects.filter(
            key=activity.action_key,
            user_id__in=list(deciding),
            status__in=[Delivery.SENT, Delivery.FAILED],
        ).values_list("user_id", flat=True)
    )
    skipped = flagged(subscription.user.email for subscription in deciding.values())
    due = []
    for user_id, subscription in sorted(deciding.items()):
        user = subscription.user
        if user_id in paused or user_id in done or not user.is_active:
            continue
        if user.email.lower() in skipped:
            continue
        # The one visibility rule, for this person, at send time.
        if activity.pk not in Activity.objects.visible_among(user, [activity]):
            continue
        due.append(subscription)
    return activity, due


def deliver(activity_id, only=None):
    """Send the immediate alerts for one activity row (to the people in `only`, when given).
    Safe to run again: only those not yet alerted are sent. The outcome says who is left."""
    outcome = BatchOutcome()
    activity, due = _due(activity_id, only)
    if not due:
        return outcome
    connection = get_connection()
    try:
        connection.open()
    except TRANSIENT_ERRORS as error:
        outcome.unsent, outcome.error = [s.user_id for s in due], error
        return outcome
    try:
        for position, subscription in enumerate(due):
            user = subscription.user
            message = build_message(
                activity=activity, subscription=subscription, connection=connection
            )
            state, pk = claim(
                SentAlert,
                {"user_id": user.pk, "key": activity.action_key},
                {"activity_id": activity.pk},
            )
            if state == BUSY:
                outcome.waiting.append(user.pk)
            if state != CLAIMED:
                continue
            status, error = send_claimed(SentAlert, pk, message, user)
            if status == Delivery.FAILED:
                continue
            if status == Delivery.PENDING:
                outcome.unsent = [s.user_id for s in due[position:]]
                outcome.error = error
                break
            outcome.sent += 1
    finally:
        try:
            connection.close()
        except TRANSIENT_ERRORS:
            pass
    return outcome


def give_up(activity_id, user_ids, error):
    """The mail server did not take these alerts within EMAIL_RETRY_HOURS: record each as not
    delivered (SentAlert "failed", and the address's EmailFailure)."""
    activity, due = _due(activity_id, user_ids)
    for subscription in due:
        user = subscription.user
        delivery.give_up(
            SentAlert,
            {"user_id": user.pk, "key": activity.action_key},
            {"activity_id": activity.pk},
            error,
        )
        delivery.record_undelivered(user.email, f"alert about {activity.title}: {error}", user)
