"""Reads for showing a poll: two queries on its page, one for the community home's newest open
poll, whatever the size."""

from django.db.models import Exists, OuterRef, Subquery

from .forms import VoteForm
from .models import Choice, Vote
from .services import can_manage


def choices_with_mine(choices, user):
    """Choices marked `mine` where they are the user's own votes (in the same query)."""
    return choices.annotate(
        mine=Exists(Vote.objects.filter(choice=OuterRef("pk"), user_id=user.pk or 0))
    )


def newest_open_poll(polls, user):
    """The newest open poll of `polls` (already filtered by visible_to), with its choices
    marked for `user`, in one query: (poll, choices), or (None, []) when none is open."""
    newest = polls.open().order_by("-created", "-pk").values("pk")[:1]
    choices = list(
        choices_with_mine(Choice.objects.filter(poll=Subquery(newest)), user).select_related("poll")
    )
    return (choices[0].poll if choices else None), choices


def poll_card(poll, user, access, *, form=None, choices=None):
    """Everything `polls/includes/_poll.html` needs. The caller has checked that `user` may see
    the poll (it was loaded through Poll.objects.visible_to); `choices` may come with it from
    newest_open_poll."""
    if choices is None:
        choices = list(choices_with_mine(poll.choices.all(), user))
    mine = {choice.pk for choice in choices if choice.mine}
    has_voted = bool(mine)
    total = poll.voter_count
    for choice in choices:
        choice.percent = round(100 * choice.vote_count / total) if total else 0
        choice.step = 5 * round(choice.percent / 5)
    can_vote = poll.is_open and not access.refusal("post", feature="polls")
    if form is None and can_vote:
        initial = sorted(mine) if poll.multiple else next(iter(mine), None)
        form = VoteForm(poll=poll, choices=choices, initial={"choice": initial})
    return {
        "poll": poll,
        "choices": choices,
        "has_voted": has_voted,
        "results_visible": poll.results_visible(
            has_voted=has_voted, is_moderator=access.can_moderate
        ),
        "can_vote": can_vote,
        "can_manage": can_manage(access),
        "vote_form": form,
    }
