"""Polls, declared once: see core/features.py."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.features import CREATES, Feature, Figure, Verb, register

from . import demo
from .models import Poll

POLL_OPENED = Verb("poll_opened", _("Poll opened"), _("opened the poll"), role=CREATES)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else gettext("someone who has left")


def archive_pages(community):
    """The community archive's polls: each question with its choices, and the results once
    the poll has closed (results of an open poll are not yet everyone's). Two queries."""
    polls = Poll.objects.filter(community=community).prefetch_related("choices")
    for poll in polls.order_by("-created", "-pk"):
        choices = sorted(poll.choices.all(), key=lambda choice: (choice.order, choice.pk))
        closed = not poll.is_open
        if closed:
            facts = [
                (
                    choice.text,
                    ngettext("%(count)s vote", "%(count)s votes", choice.vote_count)
                    % {"count": choice.vote_count},
                )
                for choice in choices
            ]
            meta = gettext("Closed %(when)s · %(count)s voted") % {
                "when": _when(poll.closed_on),
                "count": poll.voter_count,
            }
        else:
            facts = [(choice.text, "") for choice in choices]
            meta = gettext(
                "Still open when the archive was made: results are shown once it closes."
            )
        yield {"title": poll.question, "meta": meta, "facts": facts}


POLLS = register(
    Feature(
        key="polls",
        label=_("Polls"),
        tab="polls:index",
        order=70,
        models=("polls.Poll",),
        verbs=(POLL_OPENED,),
        figures=(Figure("polls", _("Polls"), (POLL_OPENED,)),),
        demo=demo.seed,
        archive=archive_pages,
    )
)
