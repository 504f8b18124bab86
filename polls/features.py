"""Polls, declared once: see core/features.py."""

from core.features import CREATES, Feature, Figure, Verb, register

from . import demo

POLL_OPENED = Verb("poll_opened", "Poll opened", "opened the poll", role=CREATES)

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
    )
)
