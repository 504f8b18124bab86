"""Writes for polls: keyword-only, atomic, each re-checking its rule.

Voting locks the poll row (so no vote lands after a facilitator closes it) and then gets or
creates the member's one Ballot; if two requests from the same member race, the Ballot's unique
constraint makes the second reuse the first's ballot, and its choices replace the first's.
Withdrawing takes the same poll-row lock, so a withdrawal and a vote (or two withdrawals) by one
member happen one after the other and the counters move exactly once each way.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activity.models import Verb
from activity.services import hide_for
from activity.services import record as activity_record
from communities.rules import CommunityAccess, refuse
from core.errors import Invalid

from .models import MAX_CHOICES, MIN_CHOICES, Ballot, Choice, Poll, Vote

RUNNING = gettext_lazy("run polls")
VOTING = gettext_lazy("vote")


def can_manage(access):
    """Facilitators (and site admins) run polls, while the community is open."""
    return not access.refusal("manage", feature="polls")


def _require_manage(user, community):
    access = CommunityAccess(user, community)
    access.require("manage", feature="polls", doing=RUNNING)
    return access


@transaction.atomic
def poll_create(
    *, community, user, question, choices, multiple=False, closes_at=None, results_visibility=None
):
    _require_manage(user, community)
    choices = [text.strip() for text in choices if text and text.strip()]
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise Invalid(
            _("A poll needs between %(MIN_CHOICES)s and %(MAX_CHOICES)s choices.")
            % {"MIN_CHOICES": MIN_CHOICES, "MAX_CHOICES": MAX_CHOICES}
        )
    poll = Poll.objects.create(
        community=community,
        created_by=user,
        question=question.strip(),
        multiple=multiple,
        closes_at=closes_at,
        results_visibility=results_visibility or Poll.Results.AFTER_VOTE,
    )
    Choice.objects.bulk_create(
        Choice(poll=poll, text=text, order=number) for number, text in enumerate(choices, 1)
    )
    activity_record(actor=user, verb=Verb.POLL_OPENED, target=poll, title=poll.question)
    return poll


def _require_vote(access):
    """Voting, changing and withdrawing share one rule: a member of a live, open community."""
    access.require("post", feature="polls", doing=VOTING)


@transaction.atomic
def vote(*, poll, user, choice_ids):
    """Cast or change `user`'s vote. Returns (ballot, changed: bool)."""
    _require_vote(CommunityAccess(user, poll.community))
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if not poll.is_open:
        raise Invalid(_("This poll has closed: votes can no longer be cast or changed."))
    wanted = sorted({int(pk) for pk in choice_ids})
    valid = set(Choice.objects.filter(poll=poll, pk__in=wanted).values_list("pk", flat=True))
    if not wanted or len(valid) != len(wanted):
        raise Invalid(
            _("Choose one of the answers.") if not poll.multiple else _("Tick at least one answer.")
        )
    if not poll.multiple and len(wanted) > 1:
        raise Invalid(_("Choose only one answer."))

    ballot, created = Ballot.objects.get_or_create(poll=poll, user=user)
    if not created:
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    previous = set(ballot.votes.values_list("choice_id", flat=True))
    removed, added = previous - set(wanted), set(wanted) - previous
    if removed:
        Vote.objects.filter(ballot=ballot, choice_id__in=removed).delete()
        Choice.objects.filter(pk__in=removed).update(vote_count=F("vote_count") - 1)
    if added:
        Vote.objects.bulk_create(
            Vote(ballot=ballot, poll=poll, choice_id=pk, user=user, single_choice=not poll.multiple)
            for pk in sorted(added)
        )
        Choice.objects.filter(pk__in=added).update(vote_count=F("vote_count") + 1)
    if created:
        Poll.objects.filter(pk=poll.pk).update(voter_count=F("voter_count") + 1)
    else:
        ballot.save(update_fields=["updated"])
    return ballot, bool(removed or added) and not created


@transaction.atomic
def vote_withdraw(*, poll, user):
    """Take back `user`'s vote while the poll is open: the ballot and its votes go, and the
    counters go down by exactly what the ballot held. They may vote again afterwards."""
    _require_vote(CommunityAccess(user, poll.community))
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if not poll.is_open:
        raise Invalid(_("This poll has closed: votes can no longer be withdrawn."))
    ballot = Ballot.objects.filter(poll=poll, user=user).first()
    if ballot is None:
        raise Invalid(_("You have no vote on this poll to withdraw."))
    chosen = list(ballot.votes.values_list("choice_id", flat=True))
    ballot.delete()  # its votes go with it (CASCADE)
    Choice.objects.filter(pk__in=chosen).update(vote_count=F("vote_count") - 1)
    Poll.objects.filter(pk=poll.pk).update(voter_count=F("voter_count") - 1)


@transaction.atomic
def poll_close(*, poll, user):
    """Close early: no more votes or changes; results are shown to everyone."""
    _require_manage(user, poll.community)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.closed_at is None:
        poll.closed_at = timezone.now()
        poll.save(update_fields=["closed_at", "updated"])
    return poll


@transaction.atomic
def poll_delete(*, poll, user):
    access = CommunityAccess(user, poll.community)
    if not access.can_moderate or poll.community.is_archived:
        refuse("facilitators_only", community=poll.community.name, doing=_("delete polls"))
    hide_for(poll)
    poll.delete()
