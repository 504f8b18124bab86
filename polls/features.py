"""Polls, declared once: see core/features.py."""

from django.utils.formats import date_format
from django.utils.timezone import localtime

from core.features import CREATES, Feature, Figure, Verb, register

from . import demo
from .models import Poll

POLL_OPENED = Verb("poll_opened", "Poll opened", "opened the poll", role=CREATES)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else "someone who has left"


def archive_pages(community):
    """The community archive's polls: each question with its choices, and the results once
    the poll has closed (results of an open poll are not yet everyone's). Two queries."""
    polls = Poll.objects.filter(community=community).prefetch_related("choices")
    for poll in polls.order_by("-created", "-pk"):
        choices = sorted(poll.choices.all(), key=lambda choice: (choice.order, choice.pk))
        closed = not poll.is_open
        if closed:
            facts = [
                (choice.text, f"{choice.vote_count} vote{'s' if choice.vote_count != 1 else ''}")
                for choice in choices
            ]
            meta = f"Closed {_when(poll.closed_on)} · {poll.voter_count} voted"
        else:
            facts = [(choice.text, "") for choice in choices]
            meta = "Still open when the archive was made: results are shown once it closes."
        yield {"title": poll.question, "meta": meta, "facts": facts}


POLLS = register(
    Feature(
        key="polls",
        label="Polls",
        tab="polls:index",
        order=70,
        models=("polls.Poll",),
        verbs=(POLL_OPENED,),
        figures=(Figure("polls", "Polls", (POLL_OPENED,)),),
        demo=demo.seed,
        archive=archive_pages,
    )
)
