"""Reads for showing a poll (its page and the community home): three queries, whatever the size."""

from .forms import VoteForm
from .models import Vote
from .services import can_manage


def poll_card(poll, user, access, *, form=None):
    """Everything `polls/includes/_poll.html` needs. The caller has checked that `user` may see
    the poll (it was loaded through Poll.objects.visible_to)."""
    choices = list(poll.choices.all())
    mine = set(
        Vote.objects.filter(poll=poll, user=user).values_list("choice_id", flat=True)  # own votes
    )
    has_voted = bool(mine)
    total = poll.voter_count
    for choice in choices:
        choice.percent = round(100 * choice.vote_count / total) if total else 0
        choice.step = 5 * round(choice.percent / 5)
        choice.mine = choice.pk in mine
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
