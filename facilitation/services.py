"""Writes for the facilitator's week: settings, personal notes (rate-limited), the weekly email
choice, and the count of members lost."""

from datetime import timedelta

from django.db import connection as db
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Membership
from communities.rules import CommunityAccess
from core.errors import Invalid
from profiles.services import conversation_start

from .models import Departures, PersonalNote, WeeklyEmailOptOut, WeekSettings

# Personal notes from "This week": never a bulk blast.
NOTES_PER_DAY = 10
NOTE_AGAIN_AFTER = timedelta(days=30)


def departure_record(*, community_id, when=None):
    """One more member lost by `community_id` on the day of `when` (a count, not a name)."""
    day = timezone.localdate(when or timezone.now())
    table = db.ops.quote_name(Departures._meta.db_table)
    # The table name comes from the model; every value is a query parameter.
    sql = (
        f"INSERT INTO {table} (community_id, day, count) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (community_id, day) DO UPDATE SET count = {table}.count + 1"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [community_id, db.ops.adapt_datefield_value(day)])


def settings_for(community):
    """The community's "This week" settings (an unsaved default row when none is stored)."""
    found = WeekSettings.objects.filter(community=community).first()
    return found or WeekSettings(community=community)


@transaction.atomic
def week_settings_save(*, community, by, unanswered_hours):
    CommunityAccess(by, community).require("moderate", doing=_("change “This week”"))
    if not 1 <= unanswered_hours <= 24 * 30:
        raise Invalid(_("Choose between 1 hour and 720 hours (30 days)."))
    WeekSettings.objects.update_or_create(
        community=community, defaults={"unanswered_hours": unanswered_hours}
    )


@transaction.atomic
def weekly_email_choose(*, user, community, wanted):
    """Turn the weekly email about `community` on or off for `user` (a facilitator)."""
    CommunityAccess(user, community).require("moderate", doing=_("get the weekly email"))
    if wanted:
        WeeklyEmailOptOut.objects.filter(user=user, community=community).delete()
    else:
        WeeklyEmailOptOut.objects.get_or_create(user=user, community=community)


def note_refusal(*, facilitator, member, now=None):
    """Why `facilitator` may not send `member` a personal note now, or ""."""
    now = now or timezone.now()
    notes = PersonalNote.objects.filter(facilitator=facilitator)
    if notes.filter(member=member, created__gte=now - NOTE_AGAIN_AFTER).exists():
        return _(
            "You sent %(member)s a personal note less than 30 days ago; give them time to answer."
        ) % {"member": member.display_name}
    if notes.filter(created__gte=now - timedelta(days=1)).count() >= NOTES_PER_DAY:
        return _(
            "You have sent %(count)s personal notes in the last 24 hours. Notes work best a few "
            "at a time: try again tomorrow."
        ) % {"count": NOTES_PER_DAY}
    return ""


@transaction.atomic
def personal_note_send(*, facilitator, community, member, subject, body):
    """Send a quiet member of `community` a private message from its facilitator, within the
    limits (NOTES_PER_DAY a day, never twice to one member within NOTE_AGAIN_AFTER)."""
    CommunityAccess(facilitator, community).require("moderate", doing=_("send personal notes"))
    if not Membership.objects.filter(community=community, user=member).exists():
        raise Invalid(
            _("%(member)s is not a member of %(community)s.")
            % {"member": member.display_name, "community": community.name}
        )
    reason = note_refusal(facilitator=facilitator, member=member)
    if reason:
        raise Invalid(reason)
    conversation = conversation_start(
        sender=facilitator, recipient=member, subject=subject, body=body
    )
    PersonalNote.objects.create(facilitator=facilitator, member=member, community=community)
    return conversation
