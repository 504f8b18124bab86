"""The closedown notice: one email to each member, exactly once, respecting pauses and bounces.

Each member's email has a ClosedownNotice row claimed before it goes and confirmed after
(alerts.delivery), so a rerun, a redelivered task or a second worker never tells anyone twice.
Members who paused their email (My alerts) or whose address keeps bouncing are skipped, as
alerts and digests skip them.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from alerts.delivery import CLAIMED, claim, flagged, send_claimed
from alerts.models import AlertPreferences, Delivery
from communities.models import Community, Membership
from core.delivery import TRANSIENT_ERRORS, message_id
from core.email import render_email

from .models import Closedown, ClosedownNotice


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _due(community):
    """Members still to be told: active, not paused, address not flagged, not told already."""
    members = list(
        Membership.objects.filter(community=community, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    ids = [m.user_id for m in members]
    paused = set(
        AlertPreferences.objects.filter(user_id__in=ids, paused=True).values_list(
            "user_id", flat=True
        )
    )
    done = set(
        ClosedownNotice.objects.filter(
            community=community, user_id__in=ids, status__in=[Delivery.SENT, Delivery.FAILED]
        ).values_list("user_id", flat=True)
    )
    skipped = flagged(m.user.email for m in members)
    return [
        m.user
        for m in members
        if m.user_id not in paused
        and m.user_id not in done
        and m.user.email
        and m.user.email.lower() not in skipped
    ]


def build_message(*, community, closedown, user, connection=None):
    successor = closedown.successor
    if (
        successor is not None
        and not Community.objects.visible_to(user).filter(pk=successor.pk).exists()
    ):
        successor = None  # never name a community this member cannot see
    context = {
        "name": user.display_name,
        "community": community.name,
        "read_only_from": community.read_only_from,
        "lessons_url": absolute(reverse("lifecycle:lessons", kwargs={"slug": community.slug})),
        "archive_url": absolute(reverse("lifecycle:archive", kwargs={"slug": community.slug})),
        "successor": successor.name if successor else "",
        "successor_url": absolute(successor.get_absolute_url()) if successor else "",
        "my_alerts_url": absolute(reverse("alerts:mine")),
    }
    subject, text, html = render_email("lifecycle/email/closedown_notice", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Message-ID": message_id("closedown", community.pk, user.pk)},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def deliver(community_id):
    """Send the notice to every member not yet told. Returns (sent, unsent_error)."""
    community = Community.objects.filter(pk=community_id).first()
    closedown = (
        Closedown.objects.select_related("successor").filter(community_id=community_id).first()
    )
    if community is None or closedown is None or closedown.notice_sent_at is None:
        return 0, None
    due = _due(community)
    if not due:
        return 0, None
    sent = 0
    connection = get_connection()
    try:
        connection.open()
    except TRANSIENT_ERRORS as error:
        return 0, error
    try:
        for user in due:
            key = {"community_id": community.pk, "user_id": user.pk}
            state, pk = claim(ClosedownNotice, key, {})
            if state != CLAIMED:  # told already, or another sender is telling them now
                continue
            message = build_message(
                community=community, closedown=closedown, user=user, connection=connection
            )
            status, error = send_claimed(ClosedownNotice, pk, message, user)
            if status == Delivery.PENDING:
                return sent, error
            if status == Delivery.SENT:
                sent += 1
    finally:
        try:
            connection.close()
        except TRANSIENT_ERRORS:
            pass
    return sent, None
